"""Structured request logs: one JSON line per request, never names, content or URL values."""

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request
from sqlalchemy import inspect

REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
log = logging.getLogger("portal.request")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object; request records carry their fields in ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as JSON."""
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, ensure_ascii=False)


def _loaded_user_id(user) -> int | None:
    """The id of the user the request loaded, read from its identity key: never a query, even
    when a commit in the request has expired the user's attributes (None when anonymous)."""
    state = inspect(user, raiseerr=False) if user is not None else None
    return state.identity[0] if state is not None and state.identity else None


def configure_logging(app: Flask) -> None:
    """Log JSON lines to stderr; silence the development server's own access log (it prints
    full URLs, which can hold invitation or reset tokens)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    @app.before_request
    def start_timer() -> None:
        """Note when the request started and which id it has."""
        g.request_started = time.perf_counter()
        supplied = request.headers.get("X-Request-ID", "")
        g.request_id = supplied if REQUEST_ID.match(supplied) else uuid.uuid4().hex

    @app.after_request
    def log_request(response):
        """One line: request id, route pattern, status, duration, user id."""
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else None
        user_id = _loaded_user_id(g.get("_login_user"))
        log.info(
            "request",
            extra={
                "fields": {
                    "request_id": g.get("request_id"),
                    "method": request.method,
                    "route": request.url_rule.rule if request.url_rule else None,
                    "endpoint": request.endpoint,
                    "status": response.status_code,
                    "duration_ms": round(duration, 2) if duration is not None else None,
                    "user_id": user_id,
                }
            },
        )
        if g.get("request_id"):
            response.headers["X-Request-ID"] = g.request_id
        return response
