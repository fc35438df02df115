"""Attachment operations: check and store uploads, replace, delete, read, purge, import, export."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from portal import audit
from portal.core.dates import utcnow
from portal.core.loading import read_rows
from portal.documents import extract, virus
from portal.documents.models import Attachment, Blob
from portal.documents.owners import DraftTarget, OwnerRef, resolve
from portal.documents.sniff import TYPES, FileType, Refused, clean_name, sniff
from portal.documents.storage import Storage, digest_of
from portal.documents.wordimport import docx_to_markdown
from portal.extensions import db
from portal.network.models import User

MAX_FILES_PER_UPLOAD = 20


class UploadRefused(ValueError):
    """One or more files were refused; nothing was stored. ``messages`` holds one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Upload:
    """A file as it came from the browser."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Limits:
    """Per-file size limit and the optional clamd socket, from the configuration."""

    max_bytes: int
    clamd_socket: str | None = None


@dataclass(frozen=True)
class _Checked:
    """An upload that passed every check."""

    name: str
    data: bytes
    digest: str
    type: FileType
    finding_kinds: list[str]


def current_attachments(ref: OwnerRef) -> list[Attachment]:
    """The owner's files (newest version of each), oldest first."""
    return list(db.session.scalars(_CURRENT, {"kind": ref.kind.name, "owner": ref.owner_id}))


_IS_CURRENT = (  # the owner's (``kind``, ``owner``) files in their newest version
    Attachment.owner_kind == bindparam("kind"),
    Attachment.owner_id == bindparam("owner"),
    Attachment.replaced_at.is_(None),
)


class FileRow(NamedTuple):
    """One current file of an owner as its page lists it: plain values (memoisable)."""

    id: int
    filename: str
    kind: str
    size: int
    uploader: str | None
    uploaded_at: datetime
    version: int
    findings: int

    @property
    def type_label(self) -> str:
        """The sniffed type in Norwegian, as ``Attachment.type_label``."""
        return TYPES[self.kind].label

    @property
    def inline(self) -> bool:
        """PDF and images may be shown in the browser, as ``Attachment.inline``."""
        return TYPES[self.kind].inline


def current_files(kind: str, owner_id: int) -> tuple[FileRow, ...]:
    """The owner's files (newest version of each) as plain rows, oldest first."""
    return tuple(FileRow(*row) for row in read_rows(_CURRENT_ROWS, kind=kind, owner=owner_id))


_CURRENT_ROWS = (  # built once: every detail page lists its files
    select(
        Attachment.id,
        Attachment.filename,
        Attachment.kind,
        Attachment.size,
        User.name,
        Attachment.uploaded_at,
        Attachment.version,
        Attachment.findings,
    )
    .outerjoin(User, User.id == Attachment.uploaded_by_id)
    .where(*_IS_CURRENT)
    .order_by(Attachment.uploaded_at, Attachment.id)
)

_CURRENT = (  # built once: uploads check the owner's current files
    select(Attachment).where(*_IS_CURRENT).order_by(Attachment.uploaded_at, Attachment.id)
)


def versions(attachment: Attachment) -> list[Attachment]:
    """This file's versions, newest first."""
    chain = [attachment]
    while chain[-1].previous is not None:
        chain.append(chain[-1].previous)
    return chain


def owner_of(attachment: Attachment) -> OwnerRef | None:
    """The attachment's owner (None when the owner object is gone)."""
    return resolve(attachment.owner_kind, attachment.owner_id)


def _check(ref: OwnerRef, upload: Upload, limits: Limits, taken: dict[str, str]) -> _Checked:
    """Sniff, limit, de-duplicate and virus-scan one upload; Refused with the reason."""
    name = clean_name(upload.filename)
    file_type = sniff(upload.data, name, max_bytes=limits.max_bytes)
    allowed = ref.kind.allowed_kinds
    if allowed is not None and file_type.kind not in allowed:
        labels = ", ".join(sorted(TYPES[k].label for k in allowed))
        raise Refused(f"Filen «{name}» er {file_type.label}. Her tas bare imot: {labels}.")
    digest = digest_of(upload.data)
    if digest in taken:
        raise Refused(f"Filen «{name}» er allerede lagt ved her (som «{taken[digest]}»).")
    taken[digest] = name
    try:
        virus_name = virus.scan(upload.data, limits.clamd_socket)
    except virus.ScanUnavailable:
        raise Refused(
            f"Virussjekken svarer ikke, så «{name}» ble ikke lagret. Prøv igjen om litt."
        ) from None
    if virus_name:
        raise Refused(f"Virussjekken fant skadelig innhold i «{name}». Filen ble ikke lagret.")
    finding_kinds: list[str] = []
    if ref.kind.scan_text is not None:
        try:
            text = extract.text_of(upload.data, file_type.kind)
        except extract.Unreadable:
            text = None
        if not (text or "").strip():
            raise Refused(
                f"Fant ingen tekst å sjekke i «{name}» (er det et skannet bilde?). Filen må ha "
                "tekst som kan skannes for identifikatorer; lagre den som PDF med tekst eller Word."
            )
        finding_kinds = ref.kind.scan_text(text)
        if finding_kinds and ref.kind.refuse_findings and ref.kind.refuse_findings(ref.owner):
            raise Refused(
                f"Filen «{name}» har mulige identifikatorer "
                f"({', '.join(sorted(set(finding_kinds)))}). Saken er publisert, så filen må "
                "være fri for slike før den legges ved."
            )
    return _Checked(name, upload.data, digest, file_type, finding_kinds)


def _check_all(ref: OwnerRef, uploads: list[Upload], limits: Limits, taken: dict[str, str]):
    """Check every upload; refuse them all (with every reason) if any one fails."""
    if not uploads:
        raise UploadRefused(["Velg minst én fil å laste opp."])
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        raise UploadRefused([f"Last opp høyst {MAX_FILES_PER_UPLOAD} filer om gangen."])
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(_check(ref, upload, limits, taken))
        except Refused as refused:
            problems.append(str(refused))
    if problems:
        raise UploadRefused(problems)
    return checked


def _store(storage: Storage, item: _Checked) -> None:
    """Write the contents (before any row points at them) and record the blob."""
    storage.put(item.digest, item.data)
    if db.session.get(Blob, item.digest) is not None:
        return
    try:
        with db.session.begin_nested():  # someone may be storing the same contents right now
            db.session.add(Blob(sha256=item.digest, size=len(item.data)))
    except IntegrityError:
        pass  # the other upload recorded it; the contents are the same


def _new_attachment(actor, ref: OwnerRef, item: _Checked, **fields) -> Attachment:
    """An attachment row for a checked upload."""
    attachment = Attachment(
        owner_kind=ref.kind.name,
        owner_id=ref.owner_id,
        filename=item.name,
        sha256=item.digest,
        size=len(item.data),
        kind=item.type.kind,
        uploaded_by_id=actor.id,
        uploaded_at=utcnow(),
        findings=len(item.finding_kinds),
        finding_kinds=", ".join(sorted(set(item.finding_kinds)))[:300],
        **fields,
    )
    db.session.add(attachment)
    return attachment


def attach(
    actor, ref: OwnerRef, uploads: list[Upload], storage: Storage, limits: Limits
) -> list[Attachment]:
    """Attach several files at once: all are checked first, and none is kept if one is refused."""
    taken = {a.sha256: a.filename for a in current_attachments(ref)}
    checked = _check_all(ref, uploads, limits, taken)
    attachments = []
    for item in checked:
        _store(storage, item)
        attachment = _new_attachment(actor, ref, item)
        db.session.flush()
        audit.record(
            actor, "attachment.added", attachment, detail=f"{ref.kind.name}={ref.owner_id}"
        )
        attachments.append(attachment)
    return attachments


def carry_over(actor, kind_name: str, from_id: int, to_id: int) -> list[Attachment]:
    """Give a new owner (the next draft) the old one's current files; the stored contents are shared."""
    source, target = resolve(kind_name, from_id), resolve(kind_name, to_id)
    if source is None or target is None:
        return []
    carried = []
    for old in current_attachments(source):
        attachment = Attachment(
            owner_kind=kind_name,
            owner_id=to_id,
            filename=old.filename,
            sha256=old.sha256,
            size=old.size,
            kind=old.kind,
            uploaded_by_id=old.uploaded_by_id,
            uploaded_at=old.uploaded_at,
            findings=old.findings,
            finding_kinds=old.finding_kinds,
        )
        db.session.add(attachment)
        carried.append(attachment)
    if carried:
        db.session.flush()
        audit.record(actor, "attachment.carried", target.owner, detail=f"from={from_id}")
    return carried


def replace(
    actor, attachment: Attachment, upload: Upload, storage: Storage, limits: Limits
) -> Attachment:
    """Upload a new version of a file; the old version stays in its history."""
    ref = owner_of(attachment)
    if ref is None or not attachment.is_current:
        raise UploadRefused(["Bare den nyeste versjonen av en fil kan erstattes."])
    others = {a.sha256: a.filename for a in current_attachments(ref) if a.id != attachment.id}
    if attachment.sha256 not in others:
        others[attachment.sha256] = attachment.filename
    (item,) = _check_all(ref, [upload], limits, others)
    _store(storage, item)
    attachment.replaced_at = utcnow()
    newer = _new_attachment(actor, ref, item, version=attachment.version + 1, previous=attachment)
    db.session.flush()
    audit.record(actor, "attachment.replaced", newer, detail=f"previous={attachment.id}")
    return newer


def delete(actor, attachment: Attachment) -> list[str]:
    """Delete a file with all its versions; return the digests that may now be unused."""
    chain = versions(attachment)
    digests = sorted({a.sha256 for a in chain})
    audit.record(actor, "attachment.deleted", attachment, detail=f"versions={len(chain)}")
    for old in chain:  # newest first, so no row points at one already deleted
        db.session.delete(old)
        db.session.flush()
    return digests


def discard_unused(storage: Storage, digests: list[str]) -> int:
    """Remove stored contents that no attachment uses any more; return how many."""
    removed = 0
    for digest in digests:
        used = db.session.scalar(select(func.count()).where(Attachment.sha256 == digest))
        if used:
            continue
        blob = db.session.get(Blob, digest)
        if blob is not None:
            db.session.delete(blob)
        storage.delete(digest)
        removed += 1
    db.session.flush()
    return removed


def read(attachment: Attachment, storage: Storage) -> bytes:
    """The file's contents."""
    return storage.get(attachment.sha256)


def record_view(user, ref: OwnerRef) -> None:
    """Log a view where the owner logs views (cases)."""
    if ref.kind.on_view is not None:
        ref.kind.on_view(user, ref.owner)


def finding_problems(kind_name: str, owner_id: int) -> list[str]:
    """Norwegian problems for the owner's files whose text has possible identifiers."""
    rows = db.session.scalars(
        select(Attachment).where(
            Attachment.owner_kind == kind_name,
            Attachment.owner_id == owner_id,
            Attachment.replaced_at.is_(None),
            Attachment.findings > 0,
        )
    )
    return [
        f"Vedlegget «{a.filename}» har {a.findings} mulige identifikatorer ({a.finding_kinds}). "
        "Fjern dem i filen og erstatt den, eller slett vedlegget."
        for a in rows
    ]


def purge_orphans(storage: Storage) -> tuple[int, int]:
    """Delete attachments whose owner is gone, then unused contents; return both counts."""
    orphans = [a for a in db.session.scalars(select(Attachment)) if owner_of(a) is None]
    digests: set[str] = set()
    for attachment in sorted(orphans, key=lambda a: a.version, reverse=True):
        digests.add(attachment.sha256)
        audit.record(None, "attachment.purged", attachment)
        db.session.delete(attachment)
        db.session.flush()
    unused = db.session.scalars(
        select(Blob.sha256).where(~Blob.sha256.in_(select(Attachment.sha256)))
    ).all()
    return len(orphans), discard_unused(storage, sorted(digests | set(unused)))


def import_word(
    actor, target: DraftTarget, upload: Upload, category: str, limits: Limits
) -> tuple[object, int]:
    """A new draft from a .docx through the target feature; return it and the images dropped."""
    name = clean_name(upload.filename)
    try:
        file_type = sniff(upload.data, name, max_bytes=limits.max_bytes)
    except Refused as refused:
        raise UploadRefused([str(refused)]) from None
    if file_type.kind != "docx":
        raise UploadRefused([f"Filen «{name}» er {file_type.label}. Velg en Word-fil (.docx)."])
    if category not in target.categories:
        raise UploadRefused(["Velg en kategori fra listen."])
    try:
        imported = docx_to_markdown(upload.data, fallback_title=name.rsplit(".", 1)[0])
    except Refused as refused:
        raise UploadRefused([str(refused)]) from None
    if not imported.markdown.strip():
        raise UploadRefused([f"Fant ingen tekst i «{name}»."])
    note = f"Importert fra Word: {name}"
    if imported.images_dropped:
        note += f" ({imported.images_dropped} bilder utelatt)"
    draft = target.create(actor, imported.title, imported.markdown, note[:300], category)
    audit.record(actor, "document.imported", draft, detail=f"images={imported.images_dropped}")
    return draft, imported.images_dropped


def personal_attachment_data(user) -> list[dict]:
    """The files a person has uploaded: names, sizes, where and when."""
    rows = db.session.scalars(select(Attachment).where(Attachment.uploaded_by_id == user.id))
    return [
        {
            "filnavn": a.filename,
            "storrelse": a.size,
            "type": a.type_label,
            "knyttet_til": f"{a.owner_kind}/{a.owner_id}",
            "lastet_opp": a.uploaded_at.isoformat(),
        }
        for a in rows
    ]
