"""Flask extensions, created unbound and initialised in create_app."""

import sys

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
socketio = SocketIO()


def async_mode() -> str:
    """Socket.IO's concurrency: gevent where the server patched the standard library for it
    (gunicorn's gevent worker, the production chat process), else threads (``python wsgi.py``)."""
    monkey = sys.modules.get("gevent.monkey")
    return "gevent" if monkey is not None and monkey.is_module_patched("socket") else "threading"


babel = Babel()


class RouteLimiter(Limiter):
    """Flask-Limiter checking only the routes that declare a limit (``@limiter.limit``).

    The portal sets no default, application or blueprint limits, so the check Flask-Limiter
    runs before every request finds none; it cost some 5% of each page. A limited route's
    decorator runs its own check (``in_middleware=False``) and is unaffected."""

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True):
        """Check the route's declared limits; nothing before the request."""
        if not in_middleware:
            super()._check_request_limit(callable_name, in_middleware)


limiter = RouteLimiter(key_func=get_remote_address)
