"""Fagnettverk-portalen: the application factory."""

from functools import partial

import click
from flask import Flask, Response, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import access, audit, backup, links, logs, security, text
from portal.config import INSTANCE_DIR, PROJECT_ROOT, Config
from portal.core import dates, fragments, numbers, templating, translations
from portal.extensions import (
    async_mode,
    babel,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
    socketio,
)
from portal.network.models import ROLE_LABELS

MAIN_MENU = [
    ("network.dashboard", _l("Oversikt")),
    ("rutiner.index", _l("Rutiner")),
    ("cases.index", _l("Saker")),
    ("meetings.index", _l("Samlinger")),
    ("debrief.debriefs", _l("Debrifing")),
    ("surveys.surveys", _l("Kartlegginger")),
    ("mutual_aid.index", _l("Bistand")),
    ("advisory.index", _l("Rådgivning")),
    ("yearwheel.index", _l("Årshjul")),
    ("network.network", _l("Nettverket")),
]

ERROR_TEXTS = {
    400: (_l("Ugyldig forespørsel"), _l("Noe i forespørselen var ikke som forventet. Gå tilbake og prøv igjen.")),
    403: (_l("Ingen tilgang"), _l("Du har ikke tilgang til denne siden. Spør koordinatoren hvis du mener du burde ha det.")),
    404: (_l("Fant ikke siden"), _l("Siden finnes ikke, eller den er flyttet. Sjekk adressen, eller gå til oversikten.")),
    405: (_l("Ikke tillatt"), _l("Denne handlingen kan ikke gjøres på denne måten.")),
    413: (_l("For stor forespørsel"), _l("Det du sendte er for stort. Del det opp eller gjør det mindre, og prøv igjen.")),
    429: (_l("For mange forsøk"), _l("Du har prøvd for mange ganger på kort tid. Vent noen minutter og prøv igjen.")),
    500: (_l("Noe gikk galt"), _l("Det oppstod en feil hos oss. Prøv igjen om litt. Det du skrev er ikke lagret.")),
}  # fmt: skip


def create_app(config: type[Config] | None = None) -> Flask:
    """Build the portal: extensions, blueprints, socket events, error handlers, CLI."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
    )
    app.jinja_environment = templating.PortalEnvironment  # before the environment is made
    app.config.from_object(config or Config)
    app.config.setdefault("ARGON2_PARAMETERS", {})
    if click.get_current_context(silent=True) is None:
        # Serving needs PUBLIC_URL; CLI commands (migrations, backups) run without it.
        links.check_production(app)
    logs.configure_logging(app)

    app.url_map.converters["int"] = numbers.IdConverter
    _init_extensions(app)
    _register_blueprints(app)
    socketio.init_app(
        app,
        async_mode=async_mode(),
        message_queue=app.config["REDIS_URL"],
        manage_session=False,
    )
    if hops := app.config["PROXY_HOPS"]:
        # Behind nginx every client arrives from 127.0.0.1: trust exactly the configured hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    _register_error_handlers(app)
    _register_template_helpers(app)
    security.init_app(app)
    app.cli.add_command(backup.backup_cli)
    return app


def _init_extensions(app: Flask) -> None:
    """Bind the extensions to this app."""
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        synchronous = app.config["SQLITE_SYNCHRONOUS"]
        if synchronous not in SQLITE_SYNCHRONOUS_LEVELS:
            levels = ", ".join(SQLITE_SYNCHRONOUS_LEVELS)
            raise RuntimeError(f"SQLITE_SYNCHRONOUS must be one of {levels}, not {synchronous!r}")
        with app.app_context():
            event.listen(db.engine, "connect", partial(_configure_sqlite, synchronous))
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "network.login"
    login_manager.login_message = "Logg inn for å se denne siden."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None
    csrf.init_app(app)
    babel.init_app(app)
    limiter.init_app(app)


SQLITE_SYNCHRONOUS_LEVELS = ("NORMAL", "FULL", "EXTRA")  # never OFF: that risks corruption


def _configure_sqlite(synchronous: str, connection, _record) -> None:
    """Enforce foreign keys like PostgreSQL does; let readers and a writer work side by side;
    sync to disk as configured (SQLITE_SYNCHRONOUS)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous}")  # one of SQLITE_SYNCHRONOUS_LEVELS
    cursor.close()


def _register_blueprints(app: Flask) -> None:
    """Register every blueprint (their models come along, so migrations see them)."""
    from portal import assets, health
    from portal import audit as _audit  # noqa: F401 - registers the audit model
    from portal import mail as _mail  # noqa: F401 - registers the outbox model
    from portal.advisory import bp as advisory_bp
    from portal.cases import bp as cases_bp
    from portal.debrief import bp as debrief_bp
    from portal.documents import bp as documents_bp
    from portal.meetings import bp as meetings_bp
    from portal.mutual_aid import bp as mutual_aid_bp
    from portal.network import bp as network_bp
    from portal.rutiner import bp as rutiner_bp
    from portal.search import bp as search_bp
    from portal.surveys import bp as surveys_bp
    from portal.yearwheel import bp as yearwheel_bp

    app.register_blueprint(assets.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(rutiner_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(debrief_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(mutual_aid_bp)
    app.register_blueprint(advisory_bp)
    app.register_blueprint(yearwheel_bp)


def _register_error_handlers(app: Flask) -> None:
    """Generic Norwegian error pages."""

    def render_error(status: int):
        title, message = ERROR_TEXTS[status]
        if status == 403:
            _audit_denied_access()
        return render_template(
            "errors/error.html", title=title, message=message, status=status
        ), status

    for status in ERROR_TEXTS:
        app.register_error_handler(status, lambda _error, status=status: render_error(status))

    @app.errorhandler(SecurityError)
    def untrusted_host(_error):
        """A request for a host name the portal does not serve (no page: nothing to link to)."""
        return Response(str(_l("Ukjent vertsnavn.")) + "\n", status=400, mimetype="text/plain")

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        """A form without a valid CSRF token."""
        return render_template(
            "errors/error.html",
            title=_l("Skjemaet er utløpt"),
            message=_l(
                "Skjemaet var for gammelt eller ugyldig. Gå tilbake, last siden på nytt og send igjen."
            ),
            status=400,
        ), 400


def _audit_denied_access() -> None:
    """Record a refused request (who and which endpoint; never the URL's values)."""
    from flask import request
    from flask_login import current_user

    db.session.rollback()
    actor = current_user if current_user.is_authenticated else None
    audit.record(actor, "access.denied", detail=(request.endpoint or "")[:200])
    db.session.commit()


def _menu(app: Flask) -> tuple[tuple[str, str, str | None], ...]:
    """Main menu items whose pages exist as plain (url, label, current) values, so the menu's
    HTML can be memoised."""
    from flask import has_request_context, request, url_for

    if not has_request_context():
        return ()
    # The links depend only on where the app is mounted and the labels on the language: build
    # them once per script root and catalogue (Flask-Babel keeps one catalogue per locale).
    built = app.extensions.setdefault("main_menu", {})
    key = (request.script_root, translations.current_translations())
    if key not in built:
        built[key] = [
            (url_for(endpoint), str(label))
            for endpoint, label in MAIN_MENU
            if endpoint in app.view_functions
        ]
    path = request.path
    return tuple((url, label, _current(path, url)) for url, label in built[key])


def _current(path: str, url: str) -> str | None:
    """The menu link's aria-current: "page" on its page, "true" inside its section."""
    if path == url:
        return "page"
    if url != "/" and path.startswith(url.rstrip("/") + "/"):
        return "true"
    return None


def _register_template_helpers(app: Flask) -> None:
    """Filters and globals available in every template."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(translations.TEMPLATE_CALLABLES)
    app.jinja_env.globals.update(memo=fragments.memo, id_url=fragments.id_url)
    app.jinja_env.filters["markdown"] = text.render
    app.jinja_env.filters["dato"] = dates.norwegian_date
    app.jinja_env.filters["tidspunkt"] = dates.norwegian_datetime
    app.jinja_env.filters["dict_without_none"] = lambda d: {
        k: v for k, v in d.items() if v is not None
    }

    @app.context_processor
    def policy_helpers():
        from flask_login import current_user

        user = current_user._get_current_object()  # once, not through the proxy per check
        return {
            "can": lambda action, obj=None: access.can(user, action, obj),
            "main_menu": _menu(app),
            "role_labels": ROLE_LABELS,
        }
