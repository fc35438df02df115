"""Front-end packages installed from npm, served by the portal itself (no CDN)."""

from flask import Blueprint, abort, current_app, send_from_directory

from portal.access import requires

bp = Blueprint("assets", __name__)

VENDOR_PACKAGES = {
    "designsystemet": "@digdir/designsystemet-css/dist",
    "inter": "@fontsource/inter",
    "socket.io": "socket.io-client/dist",
}
ONE_WEEK = 7 * 24 * 3600


@bp.route("/vendor/<package>/<path:filename>")
@requires("public")
def vendor(package: str, filename: str):
    """Serve a file from an allow-listed npm package."""
    folder = VENDOR_PACKAGES.get(package)
    if folder is None or not filename.endswith((".css", ".js", ".woff2", ".woff", ".map")):
        abort(404)
    root = current_app.config["NODE_MODULES"] / folder
    return send_from_directory(root, filename, max_age=ONE_WEEK)
