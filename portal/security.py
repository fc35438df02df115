"""Security headers for every response, set in one place."""

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])  # fmt: skip
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
CACHEABLE_ENDPOINTS = {"static", "assets.vendor"}


def init_app(app: Flask) -> None:
    """Register the after-request hook that sets the headers."""

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        """CSP, framing, sniffing, referrer, permissions, HSTS and no caching of pages."""
        headers = response.headers
        # A view may set a stricter policy of its own (sandboxed inline file views do).
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if not app.config["DEVELOPMENT"]:
            headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if request.endpoint not in CACHEABLE_ENDPOINTS and not response.cache_control.private:
            # Pages carry cases, chats, answers and account data: never keep them in a cache
            # (a route may choose "private", revalidated, for a large figure with an ETag).
            headers["Cache-Control"] = "no-store"
        return response
