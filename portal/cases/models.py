"""Anonymised cases, their resolved scan findings, discussion, reflection questions and views."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.core.translations import labels
from portal.extensions import db
from portal.network.models import Municipality, User


class CaseStatus(StrEnum):
    """Where a case is in the review workflow."""

    DRAFT = "draft"
    REVIEW = "review"
    PUBLISHED = "published"


WITHDRAWN_LABEL = _l("Trukket tilbake")
STATUS_LABELS = {
    CaseStatus.DRAFT: _l("Utkast"),
    CaseStatus.REVIEW: _l("Til vurdering"),
    CaseStatus.PUBLISHED: _l("Publisert"),
}
STATUS_COLORS = {
    CaseStatus.DRAFT: "warning",
    CaseStatus.REVIEW: "info",
    CaseStatus.PUBLISHED: "success",
}


def status_tag(status: str, withdrawn: bool) -> tuple[str, Any]:
    """A case's status tag as (colour, label): neutral «Trukket tilbake» once withdrawn."""
    if withdrawn:
        return "neutral", WITHDRAWN_LABEL
    return STATUS_COLORS[CaseStatus(status)], STATUS_LABELS[CaseStatus(status)]


# Every status tag by (status, withdrawn): its colour, and its label to translate.
_TAG_COLORS = {
    (status.value, withdrawn): status_tag(status, withdrawn)[0]
    for status in CaseStatus
    for withdrawn in (False, True)
}
_TAG_LABELS = {key: status_tag(*key)[1] for key in _TAG_COLORS}


def status_tags() -> dict[tuple[str, bool], tuple[str, str]]:
    """Every status tag as (colour, label) by (status, withdrawn), for a list of cases; the
    labels are translated once per catalogue."""
    texts = labels(_TAG_LABELS)
    return {key: (color, texts[key]) for key, color in _TAG_COLORS.items()}


# The template: (column, heading, guidance). Each section is Markdown.
SECTIONS = [
    ("context", "Kontekst", "Alvorlighetsgrad og setting: hvilket tjenestenivå, og hvor skjer oppfølgingen?"),
    ("situation", "Situasjon", "ROP-problematikk og livsområdene: bolig, økonomi, nettverk, helse, rus, utdanning, arbeid."),
    ("own_goals", "Brukerens egne mål", "«Hva er viktig for deg?» – gjerne med brukerens egne ord, uten detaljer som kan kjennes igjen."),
    ("services", "Tjenester og aktører", "Hvilke tjenester og samarbeidspartnere er involvert (DPS, fastlege, NAV, boligkontor …)?"),
    ("coordination", "Koordinering", "Individuell plan, koordinator, ansvarsgruppe, pakkeforløp."),
    ("involvement", "Brukermedvirkning og pårørende", "Hvordan er brukeren og pårørende med i planleggingen?"),
    ("crisis_plan", "Kriseplan og ansattes sikkerhet", "Kriseplan, risikovurdering, alenearbeid og tiltak for ansattes sikkerhet."),
    ("transitions", "Overganger og bolig", "Innleggelser, utskrivning, flytting og bolig."),
    ("what_worked", "Hva virket – og hva virket ikke", "Erfaringer andre kan lære av."),
    ("questions", "Spørsmål til nettverket", "Hva ønsker dere at nettverket skal drøfte?"),
]  # fmt: skip
SECTION_FIELDS = [name for name, _heading, _help in SECTIONS]
FIELD_LABELS = {"title": "Tittel", **{name: heading for name, heading, _help in SECTIONS}}
SCANNED_FIELDS = ["title", *SECTION_FIELDS]

AGE_BANDS = [
    ("teens", "Tenårene"), ("20s", "20-årene"), ("30s", "30-årene"), ("40s", "40-årene"),
    ("50s", "50-årene"), ("60s", "60-årene"), ("70s", "70-årene"), ("80plus", "80 år eller eldre"),
]  # fmt: skip
# Every region spans at least two municipalities, so a region never names one municipality.
REGION_MUNICIPALITIES = {
    "bodo": ("Bodø", "Gildeskål", "Meløy", "Rødøy"),
    "inner": ("Fauske", "Saltdal", "Sørfold", "Beiarn"),
    "north": ("Steigen", "Hamarøy"),
}
REGIONS = [
    ("bodo", "Bodø og Ytre Salten"),
    ("inner", "Indre Salten"),
    ("north", "Nordre Salten"),
    ("unspecified", "Ikke oppgitt"),
]
SEVERITY_TIERS = [
    ("mild", "Lettere og kortvarige vansker"),
    ("moderate", "Moderate og sammensatte vansker"),
    ("severe", "Alvorlige og langvarige vansker"),
    ("very_severe", "Svært alvorlige vansker med høy risiko"),
]
SETTINGS = [
    ("home", "Hjemmebasert oppfølging"),
    ("staffed_housing", "Bolig med bemanning"),
    ("day_service", "Dag- og aktivitetstilbud"),
    ("low_threshold", "Lavterskel og poliklinisk"),
    ("act_team", "FACT- eller ACT-team"),
    ("discharge", "Utskrivning fra institusjon"),
    ("other", "Annet"),
]
LIFE_DOMAINS = [
    ("housing", "Bolig"),
    ("finances", "Økonomi"),
    ("network", "Nettverk"),
    ("health", "Helse"),
    ("substances", "Rus"),
    ("education", "Utdanning"),
    ("work", "Arbeid"),
]
CONSENT_CHOICES = [
    ("obtained", "Samtykke innhentet"),
    ("not_needed", "Ikke nødvendig"),
    ("relatives", "Avklares med pårørende"),
]
CHECKLIST = [
    ("check_names", "Saken inneholder ingen navn, heller ikke på pårørende, ansatte eller steder som peker på personen."),
    ("check_addresses", "Saken inneholder ingen adresser, telefonnumre, e-postadresser eller fødselsnumre."),
    ("check_dates", "Saken inneholder ingen eksakte datoer eller alder – bare grove tidsangivelser og aldersgrupper."),
    ("check_rare_facts", "Saken inneholder ingen sjeldne kjennetegn (diagnose, yrke, hendelse) som kan identifisere personen i en liten kommune."),
]  # fmt: skip
CHECKLIST_FIELDS = [name for name, _text in CHECKLIST]


class Case(db.Model):
    """An anonymised case written by a municipality for the network to learn from."""

    __tablename__ = "shared_case"
    __table_args__ = (
        # the two case lists: published (not withdrawn) newest first, and a municipality's own
        # by last change; the published list and its count need no table rows
        Index(
            "ix_shared_case_published",
            "status",
            "published_at",
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
        Index("ix_shared_case_municipality_updated", "municipality_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.DRAFT, index=True)
    version: Mapped[int] = mapped_column(default=1)

    context: Mapped[str] = mapped_column(Text, default="")
    situation: Mapped[str] = mapped_column(Text, default="")
    own_goals: Mapped[str] = mapped_column(Text, default="")
    services: Mapped[str] = mapped_column(Text, default="")
    coordination: Mapped[str] = mapped_column(Text, default="")
    involvement: Mapped[str] = mapped_column(Text, default="")
    crisis_plan: Mapped[str] = mapped_column(Text, default="")
    transitions: Mapped[str] = mapped_column(Text, default="")
    what_worked: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")

    age_band: Mapped[str] = mapped_column(String(20), default="")
    region: Mapped[str] = mapped_column(String(20), default="")
    severity: Mapped[str] = mapped_column(String(20), default="")
    setting: Mapped[str] = mapped_column(String(20), default="")
    rop: Mapped[bool | None]
    life_domains: Mapped[str] = mapped_column(String(200), default="")
    consent: Mapped[str] = mapped_column(String(20), default="")

    check_names: Mapped[bool] = mapped_column(default=False)
    check_addresses: Mapped[bool] = mapped_column(default=False)
    check_dates: Mapped[bool] = mapped_column(default=False)
    check_rare_facts: Mapped[bool] = mapped_column(default=False)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    scanned_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    returned_at: Mapped[datetime | None]
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    return_comment: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(index=True)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")

    municipality: Mapped[Municipality] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])
    dismissals: Mapped[list["CaseDismissal"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseDismissal.id"
    )
    comments: Mapped[list["CaseComment"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseComment.id"
    )
    reflections: Mapped[list["CaseReflection"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseReflection.id"
    )
    markings: Mapped[list["CaseMarking"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMarking.id"
    )
    views: Mapped[list["CaseView"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseView.id"
    )

    @property
    def status_label(self) -> str:
        """The status in Norwegian, or «Trukket tilbake»."""
        return status_tag(self.status, self.is_withdrawn)[1]

    @property
    def status_color(self) -> str:
        """The colour of the status tag: neutral once withdrawn, else by status."""
        return status_tag(self.status, self.is_withdrawn)[0]

    @property
    def is_withdrawn(self) -> bool:
        """True once the case has been withdrawn (soft-deleted)."""
        return self.withdrawn_at is not None

    @property
    def domain_codes(self) -> list[str]:
        """The life domains as a list of codes."""
        return [code for code in self.life_domains.split(",") if code]

    def section_text(self, field: str) -> str:
        """The text of a scanned field (title or a section)."""
        return getattr(self, field) or ""

    def checklist_done(self) -> bool:
        """True when every point of the anonymisation checklist is ticked."""
        return all(getattr(self, name) for name in CHECKLIST_FIELDS)


class CaseDismissal(db.Model):
    """The author's decision that a scan finding is not an identifier, with the reason."""

    __tablename__ = "case_dismissal"
    __table_args__ = (UniqueConstraint("case_id", "kind", "text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("shared_case.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(String(300))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="dismissals")
    user: Mapped[User] = relationship()


class CaseMarking(db.Model):
    """A reviewer's marking of text the scan missed as an identifier; it blocks publishing."""

    __tablename__ = "case_marking"
    __table_args__ = (UniqueConstraint("case_id", "field", "text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("shared_case.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(300))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="markings")
    user: Mapped[User] = relationship()


class CaseComment(db.Model):
    """A comment in the discussion of a published case; the legal adviser's are assessments."""

    __tablename__ = "case_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("shared_case.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    legal_assessment: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()


class CaseReflection(db.Model):
    """A reflection question on a case, to take up at the next samling."""

    __tablename__ = "case_reflection"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("shared_case.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    question: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="reflections")
    author: Mapped[User] = relationship()


class CaseView(db.Model):
    """One view of a case page: who and when (the author's municipality can read the log)."""

    __tablename__ = "case_view"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("shared_case.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    page: Mapped[str] = mapped_column(String(20), default="case")

    case: Mapped[Case] = relationship(back_populates="views")
    user: Mapped[User] = relationship()
