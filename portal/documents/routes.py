"""Pages for files: an owner's files and upload, one file's versions, download and inline view,
replace and delete, Word import of a routine, PDF/A export for the archive."""

import io

from flask import (
    Blueprint,
    Flask,
    Request,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal import audit
from portal.access import can, require, requires
from portal.core.forms import ConfirmForm
from portal.core.fragments import memo
from portal.documents import archive, owners, services
from portal.documents.forms import ImportForm, ReplaceForm, UploadForm
from portal.documents.models import Attachment
from portal.documents.sniff import megabytes
from portal.documents.storage import Storage, StorageError, from_config
from portal.extensions import db

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
    app: Flask = state.app
    app.request_class = UploadRequest
    app.extensions["documents.storage"] = from_config(app.config)


# Inline views (PDF, PNG, JPEG) run in a sandbox: no scripts, no forms, no same-origin access.
INLINE_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'"  # fmt: skip


def _storage() -> Storage:
    """The configured file store."""
    return current_app.extensions["documents.storage"]


def _limits() -> services.Limits:
    """Upload limits and virus scan socket from the configuration."""
    return services.Limits(
        max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
        clamd_socket=current_app.config["CLAMD_SOCKET"],
    )


def _owner(kind: str, owner_id: int, action: str) -> owners.OwnerRef:
    """Load an owner object (404) and check the action on it (403)."""
    ref = owners.resolve(kind, owner_id)
    if ref is None:
        abort(404)
    require(action, ref)
    return ref


def _attachment(attachment_id: int, action: str) -> tuple[Attachment, owners.OwnerRef]:
    """Load a file and its owner (404) and check the action on the owner (403)."""
    attachment = db.get_or_404(Attachment, attachment_id)
    ref = services.owner_of(attachment)
    if ref is None:
        abort(404)
    require(action, ref)
    return attachment, ref


def _uploads(files) -> list[services.Upload]:
    """The chosen files (a file input left empty sends one nameless, empty part)."""
    uploads = []
    for file in files or []:
        data = file.read()
        if file.filename or data:
            uploads.append(services.Upload(file.filename or "", data))
    return uploads


def _limit_text() -> str:
    """The upload limits in Norwegian."""
    return _(
        "Høyst %(size)s per fil og %(count)d filer om gangen.",
        size=megabytes(current_app.config["UPLOAD_MAX_BYTES"]),
        count=current_app.config["UPLOAD_MAX_FILES"],
    )


def _owner_page(ref: owners.OwnerRef, form: UploadForm, problems=None, status: int = 200):
    """An owner's files with the upload form."""
    return render_template(
        "documents/owner.html",
        ref=ref,
        title=ref.kind.title(ref.owner),
        back_url=ref.kind.page_url(ref.owner),
        attachments=services.current_attachments(ref),
        form=form,
        problems=problems or [],
        limit_text=_limit_text(),
        button_form=ConfirmForm(),
    ), status


@bp.route("/<kind>/<int:owner_id>")
@requires("documents.view")
def owner_files(kind: str, owner_id: int):
    """The files of one owner object, and the upload form for those who may add files."""
    ref = _owner(kind, owner_id, "documents.view")
    return _owner_page(ref, UploadForm())


@bp.route("/<kind>/<int:owner_id>", methods=["POST"])
@requires("documents.attach")
def upload(kind: str, owner_id: int):
    """Upload one or more files; if one is refused, none is kept."""
    ref = _owner(kind, owner_id, "documents.attach")
    form = UploadForm()
    if not form.validate_on_submit():
        return _owner_page(ref, form, status=400)
    uploads = _uploads(form.files.data)
    if len(uploads) > current_app.config["UPLOAD_MAX_FILES"]:
        return _owner_page(ref, form, [_limit_text()], status=400)
    try:
        added = services.attach(current_user, ref, uploads, _storage(), _limits())
    except services.UploadRefused as refused:
        db.session.rollback()
        return _owner_page(ref, form, refused.messages, status=400)
    except StorageError:
        db.session.rollback()
        return _owner_page(ref, form, [_storage_down()], status=503)
    db.session.commit()
    flash(ngettext("%(num)d fil er lagt ved.", "%(num)d filer er lagt ved.", len(added)))
    return redirect(url_for("documents.owner_files", kind=kind, owner_id=owner_id), 303)


def _storage_down() -> str:
    """The message when the file store does not answer."""
    return _("Fillageret svarer ikke akkurat nå, så ingenting ble lagret. Prøv igjen om litt.")


def _attachment_page(attachment, ref, form=None, problems=None, status: int = 200):
    """One file: its versions, and the replace and delete forms for those who may."""
    return render_template(
        "documents/attachment.html",
        attachment=attachment,
        ref=ref,
        title=ref.kind.title(ref.owner),
        back_url=ref.kind.page_url(ref.owner),
        versions=services.versions(attachment),
        form=form or ReplaceForm(),
        problems=problems or [],
        limit_text=_limit_text(),
        button_form=ConfirmForm(),
    ), status


@bp.route("/fil/<int:attachment_id>")
@requires("documents.view")
def attachment(attachment_id: int):
    """One file with its versions."""
    attachment, ref = _attachment(attachment_id, "documents.view")
    return _attachment_page(attachment, ref)


def _send(attachment: Attachment, ref: owners.OwnerRef, inline: bool):
    """The file's bytes with safe headers; the view is logged where the owner logs views."""
    try:
        data = services.read(attachment, _storage())
    except (FileNotFoundError, StorageError):
        abort(404)
    services.record_view(current_user, ref)
    db.session.commit()
    response = send_file(
        io.BytesIO(data),
        mimetype=attachment.mime,
        as_attachment=not inline,
        download_name=attachment.filename,
        etag=False,
    )
    if inline:
        response.headers["Content-Security-Policy"] = INLINE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/fil/<int:attachment_id>/last-ned")
@requires("documents.view")
def download(attachment_id: int):
    """Download a file (always as an attachment)."""
    attachment, ref = _attachment(attachment_id, "documents.view")
    return _send(attachment, ref, inline=False)


@bp.route("/fil/<int:attachment_id>/vis")
@requires("documents.view")
def view(attachment_id: int):
    """Show a PDF or image in the browser (sandboxed); other types are downloaded."""
    attachment, ref = _attachment(attachment_id, "documents.view")
    if not attachment.inline:
        return redirect(url_for("documents.download", attachment_id=attachment.id))
    return _send(attachment, ref, inline=True)


@bp.route("/fil/<int:attachment_id>/erstatt", methods=["POST"])
@requires("documents.attach")
def replace(attachment_id: int):
    """Upload a new version of a file."""
    attachment, ref = _attachment(attachment_id, "documents.attach")
    form = ReplaceForm()
    if not form.validate_on_submit():
        return _attachment_page(attachment, ref, form, status=400)
    uploads = _uploads([form.file.data] if form.file.data else [])
    if not uploads:
        return _attachment_page(attachment, ref, form, [_("Velg en fil.")], status=400)
    try:
        newer = services.replace(current_user, attachment, uploads[0], _storage(), _limits())
    except services.UploadRefused as refused:
        db.session.rollback()
        return _attachment_page(attachment, ref, form, refused.messages, status=400)
    except StorageError:
        db.session.rollback()
        return _attachment_page(attachment, ref, form, [_storage_down()], status=503)
    db.session.commit()
    flash(_("Ny versjon (%(version)d) er lagret.", version=newer.version))
    return redirect(url_for("documents.attachment", attachment_id=newer.id), 303)


@bp.route("/fil/<int:attachment_id>/slett", methods=["POST"])
@requires("documents.delete")
def delete(attachment_id: int):
    """Delete a file with all its versions."""
    attachment, ref = _attachment(attachment_id, "documents.delete")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = attachment.filename
    digests = services.delete(current_user, attachment)
    db.session.commit()
    try:
        services.discard_unused(_storage(), digests)
        db.session.commit()
    except StorageError:
        db.session.rollback()  # the contents stay until `flask documents purge`
    flash(_("«%(name)s» er slettet.", name=name))
    return redirect(url_for("documents.owner_files", kind=ref.kind.name, owner_id=ref.owner_id))


def _import_target() -> owners.DraftTarget:
    """The Word import target (routines), or 404 when no feature offers one."""
    target = owners.DRAFT_TARGETS.get("routine")
    if target is None:
        abort(404)
    require("documents.import", target)
    return target


def _import_page(target, form, problems=None, status: int = 200):
    """The Word import form."""
    form.category.choices = list(target.categories.items())
    return render_template(
        "documents/import.html", form=form, problems=problems or [], limit_text=_limit_text()
    ), status


@bp.route("/importer-rutine")
@requires("documents.import")
def import_form():
    """Upload a Word routine to start a new draft."""
    target = _import_target()
    return _import_page(target, ImportForm())


@bp.route("/importer-rutine", methods=["POST"])
@requires("documents.import")
def import_word():
    """Turn a Word routine into a new draft for the author to review."""
    target = _import_target()
    form = ImportForm()
    form.category.choices = list(target.categories.items())
    if not form.validate_on_submit():
        return _import_page(target, form, status=400)
    uploads = _uploads([form.file.data] if form.file.data else [])
    if not uploads:
        return _import_page(target, form, [_("Velg en Word-fil (.docx).")], status=400)
    try:
        draft, images = services.import_word(
            current_user, target, uploads[0], form.category.data, _limits()
        )
    except services.UploadRefused as refused:
        db.session.rollback()
        return _import_page(target, form, refused.messages, status=400)
    except ValueError as refused:  # the target feature refused the text (too long, …)
        db.session.rollback()
        return _import_page(target, form, [str(refused)], status=400)
    db.session.commit()
    message = _("Utkastet er laget fra Word-filen. Les det gjennom før du sender det til godkjenning.")  # fmt: skip
    if images:
        message += " " + ngettext(
            "%(num)d bilde ble utelatt; legg det ved som fil om det trengs.",
            "%(num)d bilder ble utelatt; legg dem ved som filer om de trengs.",
            images,
        )
    flash(message, "warning" if images else "info")
    return redirect(target.page_url(draft))


@bp.route("/arkiv/<kind>/<int:owner_id>.pdf")
@requires("documents.export")
def export(kind: str, owner_id: int):
    """A final document (published minutes, approved routine version) as PDF/A."""
    ref = _owner(kind, owner_id, "documents.export")
    record = ref.kind.archive(ref.owner)
    html = render_template("documents/archive.html", record=record)
    pdf = archive.write_pdfa(html, identifier=f"{kind}-{owner_id}-v{record.version}")
    audit.record(current_user, "document.exported", ref.owner, detail=kind)
    db.session.commit()
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=archive.noark_filename(
            record.final_at.date(), record.doc_type, record.title, record.version
        ),
        etag=False,
    )


@bp.app_context_processor
def attachment_helpers():
    """Templates of other features list an owner's files through these."""

    looked_up: dict[tuple[str, int], tuple[owners.OwnerRef | None, tuple]] = {}

    def attachments_of(kind: str, owner) -> tuple[owners.OwnerRef | None, tuple]:
        """The owner reference and its current files as plain rows (nothing if the user may not
        see them); looked up once per page (a page lists an owner's files and links its archive
        copy)."""
        if owner is None or kind not in owners.KINDS:
            return None, ()
        key = (kind, owner.id)
        if key not in looked_up:
            ref = owners.OwnerRef(owners.KINDS[kind], owner)
            visible = can(current_user, "documents.view", ref)
            looked_up[key] = (
                (ref, services.current_files(kind, owner.id)) if visible else (None, ())
            )
        return looked_up[key]

    def attachments(kind: str, owner, heading_size: str = "sm", heading_level: int = 2) -> str:
        """The section listing the owner's files, with a link to upload or to the details
        (empty if the user may not see them); kept as a fragment per files shown."""
        ref, files = attachments_of(kind, owner)
        if ref is None:
            return ""
        section = current_app.jinja_env.get_template("documents/_rows.html").module.section
        may_attach = can(current_user, "documents.attach", ref)
        return memo(
            section, kind, owner.id, ref.kind.label, files, may_attach, heading_size, heading_level
        )

    return {"attachments_of": attachments_of, "attachments": attachments}


@bp.errorhandler(413)
def too_large(_error):
    """Files larger than the limits."""
    return render_template(
        "errors/error.html",
        title=_("Filene er for store"),
        message=_("Det du lastet opp er større enn grensen. %(limits)s", limits=_limit_text()),
        status=413,
    ), 413


@bp.app_template_filter("filesize")
def filesize(size: int) -> str:
    """A size for people: «1,5 MB», «300 kB»."""
    return megabytes(size)
