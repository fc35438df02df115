"""Mutual aid (Mål 3): robustness status per service, help requests, offers and agreements."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Municipality, User

SERVICES = [
    ("psykisk_helse", "Psykisk helse"),
    ("rus", "Rus"),
    ("bolig", "Bolig og oppfølging i hjemmet"),
    ("barn_unge", "Barn og unge"),
    ("lavterskel", "Lavterskel og oppsøkende"),
]
SERVICE_LABELS = dict(SERVICES)


class Light(StrEnum):
    """The traffic light a municipality sets for a service."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


LIGHT_LABELS = {Light.GREEN: "Grønn", Light.YELLOW: "Gul", Light.RED: "Rød"}


class RequestKind(StrEnum):
    """What kind of help is asked for or offered."""

    STAFF = "staff"
    SUPERVISION = "supervision"
    FOLLOW_UP = "follow_up"
    CONSULTATION = "consultation"


KIND_LABELS = {
    RequestKind.STAFF: "Vikar / ekstra hender i en periode",
    RequestKind.SUPERVISION: "Faglig veiledning",
    RequestKind.FOLLOW_UP: "Midlertidig overta oppfølging av en bruker",
    RequestKind.CONSULTATION: "Konsultasjon",
}


class RequestStatus(StrEnum):
    """Open (asking), agreed (an offer accepted), closed (evaluated) or withdrawn."""

    OPEN = "open"
    AGREED = "agreed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


REQUEST_STATUS_LABELS = {
    RequestStatus.OPEN: "Åpen",
    RequestStatus.AGREED: "Avtale inngått",
    RequestStatus.CLOSED: "Avsluttet",
    RequestStatus.WITHDRAWN: "Trukket",
}


class ServiceStatus(db.Model):
    """One robustness report for a service of a municipality; every report is kept (history)."""

    __tablename__ = "aid_service_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    service: Mapped[str] = mapped_column(String(30))
    positions: Mapped[float]
    vacancies: Mapped[int]
    long_absence: Mapped[int]
    users_per_employee: Mapped[float | None]
    light: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    municipality: Mapped[Municipality] = relationship()

    @property
    def service_label(self) -> str:
        """The service in Norwegian."""
        return SERVICE_LABELS.get(self.service, self.service)

    @property
    def light_label(self) -> str:
        """The traffic light in Norwegian."""
        return LIGHT_LABELS[Light(self.light)]


class AidRequest(db.Model):
    """A municipality's request for help from the network."""

    __tablename__ = "aid_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(20))
    competence: Mapped[str] = mapped_column(String(120), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    digital: Mapped[bool] = mapped_column(default=False)
    place: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    identifier_reason: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default=RequestStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()
    created_by: Mapped[User | None] = relationship()
    offers: Mapped[list["AidOffer"]] = relationship(
        back_populates="request", order_by="AidOffer.created_at"
    )
    agreement: Mapped["AidAgreement | None"] = relationship(back_populates="request")

    @property
    def is_open(self) -> bool:
        """True while offers may be made and accepted."""
        return self.status == RequestStatus.OPEN

    @property
    def kind_label(self) -> str:
        """The kind in Norwegian."""
        return KIND_LABELS[RequestKind(self.kind)]

    @property
    def status_label(self) -> str:
        """The status in Norwegian."""
        return REQUEST_STATUS_LABELS[RequestStatus(self.status)]


class AidOffer(db.Model):
    """An offer of help: to a request, or standing (no request) for anyone who needs it."""

    __tablename__ = "aid_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("aid_request.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(20))
    competence: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    request: Mapped[AidRequest | None] = relationship(back_populates="offers")
    municipality: Mapped[Municipality] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_standing(self) -> bool:
        """A standing offer, not tied to one request."""
        return self.request_id is None

    @property
    def is_active(self) -> bool:
        """Not withdrawn."""
        return self.withdrawn_at is None

    @property
    def kind_label(self) -> str:
        """The kind in Norwegian."""
        return KIND_LABELS[RequestKind(self.kind)]


class AidAgreement(db.Model):
    """What two municipalities agreed: who helps whom with what, when, and how costs are settled."""

    __tablename__ = "aid_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("aid_request.id"), unique=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("aid_offer.id"), unique=True)
    requester_municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id"), index=True
    )
    helper_municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    what: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    cost_settlement: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    helper_confirmed_at: Mapped[datetime | None]
    helper_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    evaluation: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[AidRequest] = relationship(back_populates="agreement")
    offer: Mapped[AidOffer] = relationship()
    requester: Mapped[Municipality] = relationship(foreign_keys=[requester_municipality_id])
    helper: Mapped[Municipality] = relationship(foreign_keys=[helper_municipality_id])

    @property
    def is_closed(self) -> bool:
        """Closed with an evaluation."""
        return self.closed_at is not None

    @property
    def days(self) -> int:
        """Calendar days covered, both ends included."""
        return (self.ends_on - self.starts_on).days + 1

    def party(self, municipality_id: int | None) -> bool:
        """True when the municipality is the requester or the helper."""
        return municipality_id in (self.requester_municipality_id, self.helper_municipality_id)
