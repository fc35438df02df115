"""The registry of objects that can hold attachments, filled by each feature's package.

A feature registers an ``OwnerKind``: its model, which of its own access actions decide who
sees the object and who may change its files, where its page is, and optionally how to scan
attachment text (cases) and how to describe the object for the archive (PDF/A export). The
documents package reaches features only through this registry, and the access policy sees only
``OwnerRef`` objects (an owner and the names of its actions).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from portal.extensions import db


@dataclass(frozen=True)
class ArchiveRecord:
    """A final document (published minutes, approved routine version) as the archive gets it."""

    doc_type: str
    title: str
    owner: str
    version: int
    created: datetime
    final_at: datetime
    final_label: str
    approver: str
    body_html: str
    subject: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class OwnerKind:
    """One kind of object that holds attachments."""

    name: str
    label: str
    model: type
    view_action: str
    attach_action: str
    page_url: Callable[[Any], str]
    title: Callable[[Any], str]
    allowed_kinds: frozenset[str] | None = None
    scan_text: Callable[[str], list[str]] | None = None
    # True when scan findings cannot wait for a later check (the owner is public already).
    refuse_findings: Callable[[Any], bool] | None = None
    on_view: Callable[[Any, Any], None] | None = None
    archive: Callable[[Any], ArchiveRecord] | None = None
    archive_action: str | None = None
    is_final: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class DraftTarget:
    """A feature that turns an imported Word document into a new draft (routines)."""

    name: str
    action: str
    categories: dict[str, str]
    create: Callable[..., Any]
    page_url: Callable[[Any], str]


@dataclass(frozen=True)
class OwnerRef:
    """A loaded owner object with its kind: what the access rules for files look at."""

    kind: OwnerKind
    owner: Any

    @property
    def view_action(self) -> str:
        """The owner's own action for seeing it."""
        return self.kind.view_action

    @property
    def attach_action(self) -> str:
        """The owner's own action for changing its files."""
        return self.kind.attach_action

    @property
    def archive_action(self) -> str | None:
        """The owner's action for exporting it to the archive (None: not exportable)."""
        return self.kind.archive_action

    @property
    def exportable(self) -> bool:
        """True when the owner is a final document the archive can take (published, approved)."""
        return self.kind.archive is not None and bool(
            self.kind.is_final and self.kind.is_final(self.owner)
        )

    @property
    def owner_id(self) -> int:
        """The owner object's id."""
        return self.owner.id


KINDS: dict[str, OwnerKind] = {}
DRAFT_TARGETS: dict[str, DraftTarget] = {}


def register(kind: OwnerKind) -> OwnerKind:
    """Add an owner kind (once per name)."""
    if kind.name in KINDS:
        raise ValueError(f"owner kind {kind.name!r} is registered already")
    KINDS[kind.name] = kind
    return kind


def register_draft_target(target: DraftTarget) -> DraftTarget:
    """Add a Word import target (once per name)."""
    if target.name in DRAFT_TARGETS:
        raise ValueError(f"draft target {target.name!r} is registered already")
    DRAFT_TARGETS[target.name] = target
    return target


def resolve(kind_name: str, owner_id: int) -> OwnerRef | None:
    """The owner reference for a kind and id, or None when either does not exist."""
    kind = KINDS.get(kind_name)
    if kind is None:
        return None
    owner = db.session.get(kind.model, owner_id)
    return None if owner is None else OwnerRef(kind, owner)
