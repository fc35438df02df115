"""Configuration read from the environment; one class for running, one for tests."""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def database_url(raw: str | None) -> str:
    """Return a SQLAlchemy URL: the embedded SQLite file by default, psycopg 3 for PostgreSQL."""
    if not raw:
        return f"sqlite:///{INSTANCE_DIR / 'portal.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, or a key kept in instance/ for development."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Settings for a running portal; every value can be overridden from the environment."""

    ENV_NAME = os.environ.get("PORTAL_ENV", "production")
    DEVELOPMENT = ENV_NAME == "development"
    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # The embedded SQLite runs in WAL mode. NORMAL writes the log to disk at checkpoints, not
    # at every commit: the database stays consistent whatever happens, and a crash of the
    # portal loses nothing, but a power cut or an operating-system crash may undo the last
    # commits. FULL syncs every commit (a page that writes, such as a case and its view log,
    # answered some 20% fewer requests one at a time). SQLite recommends NORMAL with WAL.
    SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()
    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # If Redis goes away, keep serving with per-process counters instead of failing requests.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Only failed logins count. Per client address: a whole samling behind one hotel wifi (or
    # one proxy hop, see PROXY_HOPS) must get in. Per typed e-mail: against password guessing;
    # a browser where that person logged in before has its own count (DEVICE_COOKIE_*).
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "60 per 5 minutes")
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("LOGIN_ADDRESS_RATE_LIMIT", "10 per 5 minutes")
    DEVICE_COOKIE_NAME = "fagnettverk-enhet" if DEVELOPMENT else "__Host-fagnettverk-enhet"
    DEVICE_COOKIE_DAYS = int(os.environ.get("DEVICE_COOKIE_DAYS", "180"))
    # How many reverse proxies in front of the portal to trust for X-Forwarded-For/-Proto
    # (deploy/ sets 1 for its nginx); 0 trusts none: the client address is the socket's.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = not DEVELOPMENT
    # The __Host- prefix pins the cookie to this host, path / and https.
    SESSION_COOKIE_NAME = "fagnettverk" if DEVELOPMENT else "__Host-fagnettverk"
    IDLE_TIMEOUT_MINUTES = int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30"))
    ABSOLUTE_TIMEOUT_HOURS = int(os.environ.get("ABSOLUTE_TIMEOUT_HOURS", "12"))
    TWO_FACTOR_ENFORCED = os.environ.get("TWO_FACTOR_ENFORCED", "0" if DEVELOPMENT else "1") == "1"
    TWO_FACTOR_ROLES = ("moderator", "admin", "legal")
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    # Withdrawn cases are deleted for good this many days after withdrawal (cases purge).
    CASE_RETENTION_DAYS = int(os.environ.get("CASE_RETENTION_DAYS", "90"))
    REMEMBER_COOKIE_DURATION = 0
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    # A routine may hold 1 MB of text; the form must receive it to refuse it with a clear
    # message and show it back (Werkzeug's default per-field limit is 500 kB).
    MAX_FORM_MEMORY_SIZE = 3 * 1024 * 1024
    INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
    # Every absolute link (mail, .ics, feeds) is built from PUBLIC_URL, never from the request's
    # Host header; production refuses to start without it and answers only its host (plus any
    # in TRUSTED_HOSTS, comma-separated).
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or ("http://127.0.0.1:5000" if DEVELOPMENT else None)
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Fagnettverket <ikke-svar@fagnettverk.example>")
    NODE_MODULES = PROJECT_ROOT / "node_modules"
    # Debriefing chat: a room left open closes (and its chat is deleted) this long after its
    # planned end; a moderator's close deletes the chat at once. Per-user flood limit.
    # Start-page panels are kept this long per login session (0: rendered on every visit).
    DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "20"))
    CHAT_RETENTION_MINUTES = int(os.environ.get("CHAT_RETENTION_MINUTES", "30"))
    CHAT_MESSAGE_MAX = int(os.environ.get("CHAT_MESSAGE_MAX", "2000"))
    CHAT_RATE_LIMIT = os.environ.get("CHAT_RATE_LIMIT", "20 per minute")
    # How often each process looks for login sessions that timed out and disconnects their
    # chat sockets (0 turns the sweep off).
    SESSION_SWEEP_SECONDS = int(os.environ.get("SESSION_SWEEP_SECONDS", "60"))
    # Documents: where file contents live (disk under instance/files, or an S3-compatible store),
    # the per-file size limit, and the optional ClamAV daemon socket for a virus scan.
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "disk")
    FILES_DIR = os.environ.get("FILES_DIR") or str(INSTANCE_DIR / "files")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    S3_BUCKET = os.environ.get("S3_BUCKET", "fagnettverk")
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID") or None
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY") or None
    S3_REGION = os.environ.get("S3_REGION") or None
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "25")) * 1024 * 1024
    UPLOAD_MAX_FILES = 10
    CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET") or None


class TestingConfig(Config):
    """Settings for the test suite: a throw-away database, fast hashing, CSRF still on."""

    TESTING = True
    DEVELOPMENT = True
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "fagnettverk"
    TWO_FACTOR_ENFORCED = False
    SQLALCHEMY_DATABASE_URI = database_url(
        os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or "sqlite://"
    )
    LOGIN_RATE_LIMIT = "5 per minute"
    LOGIN_ADDRESS_RATE_LIMIT = "5 per minute"
    DEVICE_COOKIE_NAME = "fagnettverk-enhet"
    PUBLIC_URL = "http://localhost"
    TRUSTED_HOSTS: list[str] = []
    SESSION_SWEEP_SECONDS = 0
    DASHBOARD_CACHE_SECONDS = 0
    MAIL_SERVER = None
    SERVER_NAME = None
