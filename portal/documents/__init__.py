"""Documents: attachments on samlinger, agenda items, minutes, routine versions, cases and
homework answers; Word import of routines; PDF/A export for the archive; storage backends."""

from flask import Blueprint, Flask, Request, current_app

bp = Blueprint("documents", __name__, url_prefix="/dokumenter", cli_group="documents")

# Endpoints that receive files: their requests may be as large as the upload limits allow.
UPLOAD_ENDPOINTS = {"documents.upload", "documents.replace", "documents.import_word"}


class UploadRequest(Request):
    """A request whose size limit is the upload limit on upload endpoints, else the default.

    The limit must be known before the CSRF check parses the form, so it cannot be set in a
    view or a blueprint's before_request.
    """

    @property
    def max_content_length(self) -> int | None:
        """Upload endpoints: the per-file limit times the number of files, plus form fields."""
        if self.endpoint in UPLOAD_ENDPOINTS:
            config = current_app.config
            return config["UPLOAD_MAX_BYTES"] * config["UPLOAD_MAX_FILES"] + 1024 * 1024
        return super().max_content_length


@bp.record_once
def _set_up(state) -> None:
    """Give the app its file storage and the upload-aware request class."""
    from portal.documents.storage import from_config

    app: Flask = state.app
    app.request_class = UploadRequest
    app.extensions["documents.storage"] = from_config(app.config)
    # Demo files go on other features' demo objects, so their loader must come after those
    # packages' loaders: it is registered here, once every blueprint has been imported.
    from portal.documents import demo  # noqa: F401


from portal.documents import backups, cli, routes  # noqa: E402,F401
