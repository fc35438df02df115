"""Absolute links for mail, .ics files and feeds: always from PUBLIC_URL, never the Host header."""

from urllib.parse import urlsplit

from flask import Flask, current_app


class MissingPublicUrl(RuntimeError):
    """PUBLIC_URL is not configured, so no absolute link can be built."""


def public_host(app: Flask) -> str | None:
    """The host name of PUBLIC_URL (without port), or None when it is not set."""
    base = app.config.get("PUBLIC_URL")
    return urlsplit(base).hostname if base else None


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` under PUBLIC_URL (works inside and outside requests)."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        raise MissingPublicUrl("PUBLIC_URL must be set to build links (for example in portal.env)")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def check_production(app: Flask) -> None:
    """Refuse to start outside development without PUBLIC_URL; trust only its host (and any
    extra TRUSTED_HOSTS), so a request for another host is answered with 400."""
    if app.config["DEVELOPMENT"]:
        return
    host = public_host(app)
    if not host:
        raise MissingPublicUrl(
            "PUBLIC_URL is not set. Set it to the portal's address, for example "
            "PUBLIC_URL=https://fagnettverk.kommune.no, or PORTAL_ENV=development locally."
        )
    app.config["TRUSTED_HOSTS"] = [*(app.config.get("TRUSTED_HOSTS") or []), host]
