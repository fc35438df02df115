"""Case operations: write, scan and resolve findings, review gate, discussion, views, withdrawal."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from portal import audit
from portal.cases.identifiers import KINDS, Finding, scan
from portal.cases.models import (
    AGE_BANDS,
    CHECKLIST_FIELDS,
    CONSENT_CHOICES,
    FIELD_LABELS,
    LIFE_DOMAINS,
    REGIONS,
    SCANNED_FIELDS,
    SECTION_FIELDS,
    SETTINGS,
    SEVERITY_TIERS,
    Case,
    CaseComment,
    CaseDismissal,
    CaseMarking,
    CaseReflection,
    CaseStatus,
    CaseView,
)
from portal.core.dates import utcnow
from portal.extensions import db

MAX_TEXT_BYTES = 200 * 1024
MAX_REPLACEMENT = 100
CODES = {
    "age_band": dict(AGE_BANDS),
    "region": dict(REGIONS),
    "severity": dict(SEVERITY_TIERS),
    "setting": dict(SETTINGS),
    "consent": dict(CONSENT_CHOICES),
}
STRUCTURED_LABELS = {
    "age_band": "Aldersgruppe",
    "region": "Region",
    "severity": "Alvorlighetsgrad",
    "setting": "Setting",
    "consent": "Samtykke",
}


class CaseError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


@dataclass(frozen=True)
class FieldFinding:
    """An open scan finding in one field of a case, numbered for the page."""

    number: int
    field: str
    finding: Finding
    marking: CaseMarking | None = None

    @property
    def field_label(self) -> str:
        """The field's heading."""
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class Segment:
    """A piece of a field's text: plain, or the text of one finding."""

    text: str
    item: FieldFinding | None = None


# --- Writing ------------------------------------------------------------------------------


def text_size(data: dict) -> int:
    """The size in bytes (UTF-8) of the title and every section in ``data``."""
    return sum(len((data.get(field) or "").encode()) for field in SCANNED_FIELDS)


def _apply(case: Case, data: dict) -> None:
    """Copy the form values onto the case; structured fields take known codes only."""
    if text_size(data) > MAX_TEXT_BYTES:
        raise CaseError(
            _(
                "Saken er for lang (%(value)s kB). Teksten kan til sammen være høyst "
                "%(value2)s kB. Kort ned eller del den opp – ingenting er lagret ennå.",
                value=text_size(data) // 1024,
                value2=MAX_TEXT_BYTES // 1024,
            )
        )
    title = (data.get("title") or "").strip()
    if not title:
        raise CaseError(_("Saken må ha en tittel."))
    case.title = title
    for field in SECTION_FIELDS:
        setattr(case, field, (data.get(field) or "").strip().replace("\r\n", "\n"))
    for field, codes in CODES.items():
        value = data.get(field) or ""
        setattr(case, field, value if value in codes else "")
    rop = data.get("rop")
    case.rop = {"yes": True, "no": False}.get(rop) if isinstance(rop, str) else rop
    known = dict(LIFE_DOMAINS)
    case.life_domains = ",".join(code for code in (data.get("life_domains") or []) if code in known)


def _back_to_draft(case: Case) -> bool:
    """A changed case leaves review or publication and needs a fresh checklist; True if so."""
    if case.status == CaseStatus.DRAFT:
        return False
    case.status = CaseStatus.DRAFT
    case.published_at = None
    case.submitted_at = None
    for name in CHECKLIST_FIELDS:
        setattr(case, name, False)
    return True


def create_case(actor, data: dict) -> Case:
    """Start a draft case in the actor's municipality."""
    if actor.municipality_id is None:
        raise CaseError(_("Bare medlemmer som hører til en kommune kan skrive saker."))
    case = Case(municipality_id=actor.municipality_id, author_id=actor.id)
    _apply(case, data)
    case.scanned_at = utcnow()
    db.session.add(case)
    db.session.flush()
    audit.record(actor, "case.created", case)
    return case


def update_case(actor, case: Case, data: dict, expected_version: int) -> bool:
    """Save an edit; return True when it took the case back to draft (out of review/publication)."""
    if case.version != expected_version:
        raise CaseError(
            _(
                "Noen andre har endret saken mens du skrev. Teksten din er ikke lagret: "
                "kopier endringene dine, last siden på nytt og legg dem inn igjen."
            )
        )
    _apply(case, data)
    unpublished = _back_to_draft(case)
    case.version += 1
    case.updated_at = case.scanned_at = utcnow()
    audit.record(actor, "case.updated", case, detail="back_to_draft" if unpublished else None)
    return unpublished


# --- Scan and findings ----------------------------------------------------------------------


def _marked(case: Case, field: str, text: str, taken: list[Finding]) -> list[tuple]:
    """Every occurrence of a reviewer's markings in ``text`` that no other finding overlaps
    (``taken`` grows with them)."""
    found = []
    for marking in (m for m in case.markings if m.field == field):
        start = text.find(marking.text)
        while start >= 0:
            end = start + len(marking.text)
            if not any(f.start < end and start < f.end for f in taken):
                finding = Finding(start, end, marking.kind, marking.text)
                found.append((finding, marking))
                taken.append(finding)
            start = text.find(marking.text, end)
    return found


def open_findings(case: Case) -> list[FieldFinding]:
    """Scan every field; return the findings not marked «ikke en identifikator» and the
    reviewer's markings, numbered in reading order."""
    dismissed = {(d.kind, d.text) for d in case.dismissals}
    items = []
    for field in SCANNED_FIELDS:
        text = case.section_text(field)
        found = [(f, None) for f in scan(text) if (f.kind, f.text) not in dismissed]
        found += _marked(case, field, text, [f for f, _marking in found])
        for finding, marking in sorted(found, key=lambda pair: pair[0].start):
            items.append(FieldFinding(len(items) + 1, field, finding, marking))
    return items


def record_scan(actor, case: Case) -> list[FieldFinding]:
    """Scan on demand: note when, audit the number found (never the text), return the findings."""
    items = open_findings(case)
    case.scanned_at = utcnow()
    audit.record(actor, "case.scanned", case, detail=f"findings={len(items)}")
    return items


def highlight(text: str, items: list[FieldFinding]) -> list[Segment]:
    """Cut ``text`` into plain segments and finding segments, in order."""
    segments, position = [], 0
    for item in sorted(items, key=lambda i: i.finding.start):
        if item.finding.start > position:
            segments.append(Segment(text[position : item.finding.start]))
        segments.append(Segment(text[item.finding.start : item.finding.end], item))
        position = item.finding.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def replace_finding(
    actor,
    case: Case,
    field: str,
    start: int,
    end: int,
    expected: str,
    replacement: str,
    everywhere: bool = False,
) -> int:
    """Replace a finding (or every finding with the same text) by a placeholder; return the count."""
    if field not in SCANNED_FIELDS:
        raise CaseError(_("Ukjent felt."))
    replacement = replacement.strip()
    if not replacement or len(replacement) > MAX_REPLACEMENT:
        raise CaseError(
            _(
                "Skriv en erstatning på 1–%(max_replacement)s tegn, for eksempel [NAVN].",
                max_replacement=MAX_REPLACEMENT,
            )
        )
    text = case.section_text(field)
    if not (0 <= start < end <= len(text)) or text[start:end] != expected:
        raise CaseError(_("Teksten er endret siden siden ble lastet. Se over funnene på nytt."))
    targets = {field: [(start, end)]}
    if everywhere:
        targets = {
            name: [(f.start, f.end) for f in scan(case.section_text(name)) if f.text == expected]
            for name in SCANNED_FIELDS
        }
        targets[field] = sorted(set(targets[field]) | {(start, end)})
    count = 0
    for name, spans in targets.items():
        value = case.section_text(name)
        for span_start, span_end in sorted(spans, reverse=True):
            value = value[:span_start] + replacement + value[span_end:]
            count += 1
        setattr(case, name, value)
    _back_to_draft(case)
    case.version += 1
    case.updated_at = utcnow()
    audit.record(actor, "case.finding_replaced", case, detail=f"count={count}")
    return count


def dismiss_finding(actor, case: Case, kind: str, text: str, reason: str) -> CaseDismissal:
    """Mark a finding's text as «ikke en identifikator» for this case, with a reason."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Skriv kort hvorfor dette ikke er en identifikator."))
    if len(reason) > 300:
        raise CaseError(_("Begrunnelsen kan ikke være lengre enn 300 tegn."))
    if not any(
        item.finding.kind == kind and item.finding.text == text and item.marking is None
        for item in open_findings(case)
    ):
        raise CaseError(_("Funnet finnes ikke lenger i teksten. Se over funnene på nytt."))
    dismissal = CaseDismissal(case=case, kind=kind, text=text, reason=reason, user_id=actor.id)
    db.session.add(dismissal)
    db.session.flush()
    audit.record(actor, "case.finding_dismissed", case, detail=f"kind={kind}")
    return dismissal


def undo_dismissal(actor, case: Case, dismissal: CaseDismissal) -> None:
    """Take back an «ikke en identifikator» decision: the finding is open again."""
    if dismissal.case_id != case.id:
        raise CaseError(_("Vurderingen hører ikke til denne saken."))
    case.dismissals.remove(dismissal)
    audit.record(actor, "case.dismissal_undone", case, detail=f"kind={dismissal.kind}")


def mark_identifier(actor, case: Case, field: str, text: str, kind: str) -> CaseMarking:
    """A reviewer marks text the scan missed as an identifier; it blocks publishing until the
    author replaces it (or the reviewer removes the marking)."""
    if field not in SCANNED_FIELDS:
        raise CaseError(_("Velg feltet teksten står i."))
    if kind not in KINDS:
        raise CaseError(_("Velg hva slags identifikator det er."))
    text = text.strip()
    if not text or len(text) > 300:
        raise CaseError(_("Skriv teksten som skal merkes, høyst 300 tegn."))
    if text not in case.section_text(field):
        raise CaseError(
            _(
                "Fant ikke «%(text)s» i «%(field)s». Kopier teksten nøyaktig slik den står.",
                text=text,
                field=FIELD_LABELS[field],
            )
        )
    if any(m.field == field and m.text == text for m in case.markings):
        raise CaseError(_("Denne teksten er allerede merket."))
    marking = CaseMarking(case=case, field=field, kind=kind, text=text, user_id=actor.id)
    db.session.add(marking)
    db.session.flush()
    audit.record(actor, "case.identifier_marked", case, detail=f"kind={kind}")
    return marking


def remove_marking(actor, case: Case, marking: CaseMarking) -> None:
    """Take back a reviewer's marking."""
    if marking.case_id != case.id:
        raise CaseError(_("Merkingen hører ikke til denne saken."))
    case.markings.remove(marking)
    audit.record(actor, "case.marking_removed", case, detail=f"kind={marking.kind}")


def singling_out_warnings(case: Case) -> list[str]:
    """Warn the reviewer when the coarse facts together single the case out in the network:
    no other case (in review or published) shares its region, age band and setting."""
    if not (case.region and case.age_band and case.setting) or case.region == "unspecified":
        return []
    alike = db.session.scalar(
        select(func.count(Case.id)).where(
            Case.id != case.id,
            Case.status.in_((CaseStatus.REVIEW, CaseStatus.PUBLISHED)),
            Case.withdrawn_at.is_(None),
            Case.region == case.region,
            Case.age_band == case.age_band,
            Case.setting == case.setting,
        )
    )
    if alike:
        return []
    return [
        _(
            "Ingen andre saker i nettverket har samme region («%(region)s»), aldersgruppe "
            "(«%(age_band)s») og setting («%(setting)s»). I små kommuner kan kombinasjonen peke "
            "ut personen. Vurder å be kommunen velge «Ikke oppgitt» som region eller en grovere "
            "setting.",
            region=CODES["region"][case.region],
            age_band=CODES["age_band"][case.age_band],
            setting=CODES["setting"][case.setting],
        )
    ]


# --- Review gate --------------------------------------------------------------------------


def empty_sections(case: Case) -> list[str]:
    """Headings of the sections that are still empty."""
    return [FIELD_LABELS[field] for field in SECTION_FIELDS if not case.section_text(field).strip()]


SUBMISSION_CHECKS: list[Callable[[Case], list[str]]] = []  # e.g. the scan of attached files


def submission_problems(case: Case) -> list[str]:
    """Everything that stops the case from going to review, in Norwegian."""
    problems = []
    items = open_findings(case)
    if count := sum(1 for item in items if item.marking is None):
        problems.append(
            _(
                "Identifikatorskanningen har %(count)s uavklarte funn. Erstatt dem "
                "eller merk dem som «ikke en identifikator».",
                count=count,
            )
        )
    if marked := len(items) - count:
        problems.append(
            _(
                "Vurdereren har merket identifikatorer som skanningen ikke fant (%(count)d i "
                "teksten). Erstatt dem.",
                count=marked,
            )
        )
    for check in SUBMISSION_CHECKS:
        problems.extend(check(case))
    problems.extend(f"Seksjonen «{heading}» er tom." for heading in empty_sections(case))
    for field, label in STRUCTURED_LABELS.items():
        if not getattr(case, field):
            problems.append(_("%(label)s er ikke valgt.", label=label))
    if case.rop is None:
        problems.append(_("Svar på om saken gjelder ROP-lidelser."))
    if text_size({f: case.section_text(f) for f in SCANNED_FIELDS}) > MAX_TEXT_BYTES:
        problems.append(_("Saken er lengre enn %(value)s kB.", value=MAX_TEXT_BYTES // 1024))
    return problems


def submit(actor, case: Case, checklist: dict[str, bool]) -> None:
    """Send a draft to review once the gate is passed and the checklist is ticked."""
    if case.status != CaseStatus.DRAFT or case.is_withdrawn:
        raise CaseError(_("Bare utkast kan sendes til vurdering."))
    for name in CHECKLIST_FIELDS:
        setattr(case, name, bool(checklist.get(name)))
    problems = submission_problems(case)
    if not case.checklist_done():
        problems.append(_("Kryss av for alle punktene i anonymiseringssjekklisten."))
    if problems:
        raise CaseError(" ".join(map(str, problems)))
    case.status = CaseStatus.REVIEW
    case.submitted_at = utcnow()
    audit.record(actor, "case.submitted", case)


def publish(actor, case: Case) -> None:
    """A second person (never the author) publishes a case in review to the whole network."""
    if case.status != CaseStatus.REVIEW or case.is_withdrawn:
        raise CaseError(_("Saken er ikke til vurdering."))
    if actor.id == case.author_id:
        raise CaseError(_("Du kan ikke publisere din egen sak. En annen må vurdere den."))
    if problems := submission_problems(case):
        raise CaseError(" ".join(map(str, problems)))
    case.status = CaseStatus.PUBLISHED
    case.published_at = utcnow()
    case.reviewer_id = actor.id
    case.return_comment = ""
    audit.record(actor, "case.published", case)


def return_case(actor, case: Case, comment: str) -> None:
    """Send a case in review back to its municipality with a comment."""
    if case.status != CaseStatus.REVIEW or case.is_withdrawn:
        raise CaseError(_("Saken er ikke til vurdering."))
    comment = comment.strip()
    if not comment:
        raise CaseError(_("Skriv en kommentar om hva som må endres."))
    case.status = CaseStatus.DRAFT
    case.submitted_at = None
    case.returned_at = utcnow()
    case.returned_by_id = actor.id
    case.return_comment = comment
    audit.record(actor, "case.returned", case)


# --- Discussion ---------------------------------------------------------------------------


def identifier_kinds(text: str) -> list[str]:
    """The kinds of identifiers in a short text (comment, question), for a warning."""
    return sorted({f.label for f in scan(text)})


def _check_short_text(text: str, what: str, checked: bool) -> str:
    """Refuse empty text, and text with identifiers unless the writer confirmed it is fine."""
    text = text.strip()
    if not text:
        raise CaseError(_("Skriv %(what)s før du sender.", what=what))
    if len(text.encode()) > 20_000:
        raise CaseError(_("Teksten er for lang; %(what)s kan være høyst 20 kB.", what=what))
    kinds = identifier_kinds(text)
    if kinds and not checked:
        raise CaseError(
            "Teksten ser ut til å inneholde identifikatorer ("
            + ", ".join(k.lower() for k in kinds)
            + "). Fjern dem, eller kryss av for at du har sjekket at de ikke identifiserer noen."
        )
    return text


def add_comment(actor, case: Case, body: str, checked: bool = False) -> CaseComment:
    """Add a discussion comment; the legal adviser's is marked as a legal assessment."""
    body = _check_short_text(body, "en kommentar", checked)
    comment = CaseComment(
        case=case, author_id=actor.id, body=body, legal_assessment=actor.role == "legal"
    )
    db.session.add(comment)
    db.session.flush()
    audit.record(actor, "case.commented", case, detail=f"comment={comment.id}")
    return comment


def add_reflection(actor, case: Case, question: str, checked: bool = False) -> CaseReflection:
    """Attach a reflection question for the next samling."""
    question = _check_short_text(question, "et spørsmål", checked)
    reflection = CaseReflection(case=case, author_id=actor.id, question=question)
    db.session.add(reflection)
    db.session.flush()
    audit.record(actor, "case.reflection_added", case, detail=f"reflection={reflection.id}")
    return reflection


# --- Views, lists, withdrawal ---------------------------------------------------------------


_LOG_VIEW = insert(CaseView.__table__)  # built once; ``at`` is filled in by its column default


def log_view(user, case: Case, page: str = "case") -> None:
    """Record that ``user`` saw the case (the author's municipality can read the log).

    One plain INSERT, not an object for the session to flush: appending to ``case.views``
    would mark the case changed and re-index it for search on every view."""
    db.session.execute(_LOG_VIEW, {"case_id": case.id, "user_id": user.id, "page": page})


def view_log(case: Case) -> list[CaseView]:
    """Every view of the case, newest first."""
    return list(
        db.session.scalars(
            select(CaseView)
            .where(CaseView.case_id == case.id)
            .options(selectinload(CaseView.user))
            .order_by(CaseView.id.desc())
        )
    )


def withdraw(actor, case: Case, reason: str) -> None:
    """Withdraw a case (soft delete) with a reason; it is deleted after the retention period."""
    if case.is_withdrawn:
        raise CaseError(_("Saken er allerede trukket tilbake."))
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Skriv hvorfor saken trekkes tilbake."))
    if len(reason) > 2000:
        raise CaseError(_("Begrunnelsen kan ikke være lengre enn 2000 tegn."))
    case.withdrawn_at = utcnow()
    case.withdrawn_by_id = actor.id
    case.withdrawal_reason = reason
    audit.record(actor, "case.withdrawn", case)


def purge_withdrawn(retention_days: int, now: datetime | None = None) -> int:
    """Delete for good the cases withdrawn more than ``retention_days`` ago; return how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    expired = db.session.scalars(
        select(Case).where(Case.withdrawn_at.is_not(None), Case.withdrawn_at <= cutoff)
    ).all()
    for case in expired:
        audit.record(None, "case.purged", case)
        db.session.delete(case)
    db.session.flush()
    return len(expired)


def personal_case_data(user) -> dict:
    """Cases the user wrote, comments, reflection questions and case views (GDPR export)."""
    cases = db.session.scalars(select(Case).where(Case.author_id == user.id))
    comments = db.session.scalars(select(CaseComment).where(CaseComment.author_id == user.id))
    reflections = db.session.scalars(
        select(CaseReflection).where(CaseReflection.author_id == user.id)
    )
    views = db.session.scalars(select(CaseView).where(CaseView.user_id == user.id))
    return {
        "saker_skrevet": [
            {"sak": c.id, "tittel": c.title, "status": c.status, "tid": c.created_at.isoformat()}
            for c in cases
        ],
        "kommentarer": [
            {"sak": c.case_id, "tid": c.created_at.isoformat(), "tekst": c.body} for c in comments
        ],
        "refleksjonsspørsmål": [
            {"sak": r.case_id, "tid": r.created_at.isoformat(), "tekst": r.question}
            for r in reflections
        ],
        "visninger": [{"sak": v.case_id, "tid": v.at.isoformat()} for v in views],
    }
