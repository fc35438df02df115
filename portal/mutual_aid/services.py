"""Mutual-aid operations: status reports, requests, offers, agreements, matching, key figures."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from portal import audit, identifier_gate
from portal.core.dates import utcnow
from portal.extensions import db
from portal.mutual_aid import competence
from portal.mutual_aid.models import (
    SERVICE_LABELS,
    AidAgreement,
    AidOffer,
    AidRequest,
    Light,
    RequestKind,
    RequestStatus,
    ServiceStatus,
)
from portal.network.models import Municipality, User
from portal.notices import Notice


class AidError(ValueError):
    """A refused mutual-aid operation; the message is Norwegian and shown to the user."""


def contact_people(municipality_ids) -> list[User]:
    """Active contact persons of the given municipalities."""
    return list(
        db.session.scalars(
            select(User).where(
                User.municipality_id.in_(list(municipality_ids)),
                User.is_contact.is_(True),
                User.active.is_(True),
            )
        )
    )


def _notices(municipality_ids, subject: str, body: str) -> list[Notice]:
    """One notice per contact person of the municipalities."""
    return [Notice(u.email, subject, body) for u in contact_people(municipality_ids)]


def _other_municipalities(network_id: int, own_id: int) -> list[int]:
    """Ids of the network's other municipalities."""
    return list(
        db.session.scalars(
            select(Municipality.id).where(
                Municipality.network_id == network_id, Municipality.id != own_id
            )
        )
    )


def _period(starts_on: date | None, ends_on: date | None) -> tuple[date, date]:
    """A valid period, or a Norwegian error."""
    if starts_on is None or ends_on is None:
        raise AidError(_("Fyll ut både første og siste dag i perioden."))
    if ends_on < starts_on:
        raise AidError(_("Perioden kan ikke slutte før den begynner."))
    return starts_on, ends_on


# --- Robustness status ----------------------------------------------------------------------


def record_status(
    actor,
    municipality: Municipality,
    *,
    service: str,
    positions: float,
    vacancies: int,
    long_absence: int,
    users_per_employee: float | None,
    light: str,
    reason: str,
) -> ServiceStatus:
    """Add a robustness report for one service (the earlier reports are kept as history)."""
    if service not in SERVICE_LABELS:
        raise AidError(_("Velg en tjeneste fra listen."))
    if light not in set(Light):
        raise AidError(_("Velg grønn, gul eller rød."))
    numbers = (positions, vacancies, long_absence, users_per_employee or 0)
    if any(value is None or value < 0 for value in numbers):
        raise AidError(_("Tallene kan ikke være negative."))
    reason = (reason or "").strip()
    if light != Light.GREEN and not reason:
        raise AidError(_("Skriv en kort begrunnelse for gul eller rød."))
    status = ServiceStatus(
        municipality_id=municipality.id,
        service=service,
        positions=positions,
        vacancies=vacancies,
        long_absence=long_absence,
        users_per_employee=users_per_employee,
        light=light,
        reason=reason[:200],
        recorded_by_id=actor.id,
    )
    db.session.add(status)
    db.session.flush()
    audit.record(actor, "aid.status_recorded", status, detail=f"light={light}")
    return status


def current_statuses(network_id: int) -> dict[tuple[int, str], ServiceStatus]:
    """The newest report per (municipality, service) in the network."""
    newest = (
        select(func.max(ServiceStatus.id))
        .join(Municipality)
        .where(Municipality.network_id == network_id)
        .group_by(ServiceStatus.municipality_id, ServiceStatus.service)
    )
    rows = db.session.scalars(select(ServiceStatus).where(ServiceStatus.id.in_(newest)))
    return {(s.municipality_id, s.service): s for s in rows}


def status_history(municipality_id: int) -> list[ServiceStatus]:
    """Every report of a municipality, oldest first."""
    return list(
        db.session.scalars(
            select(ServiceStatus)
            .where(ServiceStatus.municipality_id == municipality_id)
            .order_by(ServiceStatus.recorded_at, ServiceStatus.id)
        )
    )


def is_green(network_id: int, municipality_id: int) -> bool:
    """True when none of a municipality's current reports is yellow or red."""
    lights = [
        s.light for (m, _s), s in current_statuses(network_id).items() if m == municipality_id
    ]
    return all(light == Light.GREEN for light in lights)


# --- Requests and offers --------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    """Refuse an unknown kind of help."""
    if kind not in set(RequestKind):
        raise AidError(_("Velg hva slags hjelp det gjelder."))


def _check_competence(value: str) -> str:
    """A competence area from the network's list, or none."""
    if value and value not in competence.areas():
        raise AidError(_("Velg et kompetanseområde fra listen."))
    return value


def create_request(
    actor,
    *,
    kind: str,
    competence_area: str,
    starts_on: date | None,
    ends_on: date | None,
    digital: bool,
    place: str,
    body: str,
    identifier_reason: str | None = None,
) -> tuple[AidRequest, list[Notice]]:
    """Post a request for help for the actor's municipality; tell the others' contact persons."""
    if actor.municipality_id is None:
        raise AidError(_("Bare medlemmer av en kommune kan be om bistand."))
    _check_kind(kind)
    starts_on, ends_on = _period(starts_on, ends_on)
    body = (body or "").strip()
    if not body:
        raise AidError(_("Beskriv kort hva dere trenger hjelp til."))
    reason = identifier_gate.check(body + "\n" + (place or ""), identifier_reason)
    request = AidRequest(
        municipality_id=actor.municipality_id,
        created_by_id=actor.id,
        kind=kind,
        competence=_check_competence(competence_area),
        starts_on=starts_on,
        ends_on=ends_on,
        digital=digital,
        place=(place or "").strip()[:120],
        body=body,
        identifier_reason=reason,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(actor, "aid.request_created", request, detail=f"kind={kind}")
    name = actor.municipality.name
    notices = _notices(
        _other_municipalities(actor.network_id, actor.municipality_id),
        _("%(place)s ber om bistand i nettverket", place=name),
        _(
            "%(place)s ber om bistand: %(kind)s, %(start)s–%(end)s.\n\n"
            "Les forespørselen og tilby hjelp i Fagnettverket under Bistand.",
            place=name,
            kind=request.kind_label,
            start=starts_on.isoformat(),
            end=ends_on.isoformat(),
        ),
    )
    return request, notices


def withdraw_request(actor, request: AidRequest) -> None:
    """The requester withdraws an open request."""
    if not request.is_open:
        raise AidError(_("Bare åpne forespørsler kan trekkes."))
    request.status = RequestStatus.WITHDRAWN
    audit.record(actor, "aid.request_withdrawn", request)


def make_offer(
    actor,
    request: AidRequest | None,
    *,
    kind: str,
    competence_area: str,
    body: str,
) -> tuple[AidOffer, list[Notice]]:
    """Offer help to a request, or post a standing offer (request None)."""
    if actor.municipality_id is None:
        raise AidError(_("Bare medlemmer av en kommune kan tilby bistand."))
    if request is not None:
        if request.municipality_id == actor.municipality_id:
            raise AidError(_("Dere kan ikke tilby hjelp til deres egen forespørsel."))
        if not request.is_open:
            raise AidError(_("Forespørselen er ikke lenger åpen for tilbud."))
    _check_kind(kind)
    body = (body or "").strip()
    if not body:
        raise AidError(_("Beskriv kort hva dere kan tilby."))
    identifier_gate.refuse(body)
    offer = AidOffer(
        request=request,
        municipality_id=actor.municipality_id,
        created_by_id=actor.id,
        kind=kind,
        competence=_check_competence(competence_area),
        body=body,
    )
    db.session.add(offer)
    db.session.flush()
    audit.record(actor, "aid.offer_made", offer)
    notices = []
    if request is not None:
        notices = _notices(
            [request.municipality_id],
            _("%(place)s tilbyr hjelp", place=actor.municipality.name),
            _(
                "%(place)s har svart på forespørselen deres om bistand (%(kind)s). "
                "Se tilbudet og godta det i Fagnettverket under Bistand.",
                place=actor.municipality.name,
                kind=request.kind_label,
            ),
        )
    return offer, notices


def withdraw_offer(actor, offer: AidOffer) -> None:
    """The offering municipality withdraws an offer that has not been accepted."""
    if not offer.is_active:
        raise AidError(_("Tilbudet er allerede trukket."))
    agreement = offer.request.agreement if offer.request is not None else None
    if agreement is not None and agreement.offer_id == offer.id:
        raise AidError(_("Tilbudet er godtatt og kan ikke trekkes."))
    offer.withdrawn_at = utcnow()
    audit.record(actor, "aid.offer_withdrawn", offer)


def accept_offer(
    actor, request: AidRequest, offer: AidOffer, *, what: str, cost_settlement: str
) -> tuple[AidAgreement, list[Notice]]:
    """The requester accepts one offer: the request is agreed and an agreement recorded."""
    if request.agreement is not None or not request.is_open:
        raise AidError(
            _("Forespørselen har allerede en avtale. Et tilbud kan bare godtas én gang.")
        )
    if offer.request_id != request.id or not offer.is_active:
        raise AidError(_("Tilbudet hører ikke til denne forespørselen, eller det er trukket."))
    agreement = AidAgreement(
        request=request,
        offer=offer,
        requester_municipality_id=request.municipality_id,
        helper_municipality_id=offer.municipality_id,
        what=(what or "").strip() or offer.body,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        cost_settlement=(cost_settlement or "").strip(),
        created_by_id=actor.id,
    )
    request.status = RequestStatus.AGREED
    db.session.add(agreement)
    db.session.flush()
    audit.record(actor, "aid.agreement_created", agreement, detail=f"offer={offer.id}")
    notices = _notices(
        [offer.municipality_id],
        _("%(place)s har godtatt tilbudet deres", place=request.municipality.name),
        _(
            "%(place)s har godtatt tilbudet om bistand. Bekreft avtalen (hvem, hva, periode og "
            "oppgjør) i Fagnettverket under Bistand.",
            place=request.municipality.name,
        ),
    )
    return agreement, notices


def update_agreement(
    actor,
    agreement: AidAgreement,
    *,
    what: str,
    starts_on: date | None,
    ends_on: date | None,
    cost_settlement: str,
) -> None:
    """Either party records what was agreed; the helper's save confirms the agreement."""
    if agreement.is_closed:
        raise AidError(_("Avtalen er avsluttet og kan ikke endres."))
    agreement.starts_on, agreement.ends_on = _period(starts_on, ends_on)
    what = (what or "").strip()
    if not what:
        raise AidError(_("Skriv hva dere har avtalt."))
    identifier_gate.refuse(what + "\n" + (cost_settlement or ""))
    agreement.what = what
    agreement.cost_settlement = (cost_settlement or "").strip()
    if actor.municipality_id == agreement.helper_municipality_id:
        agreement.helper_confirmed_at = utcnow()
        agreement.helper_confirmed_by_id = actor.id
    audit.record(actor, "aid.agreement_updated", agreement)


def close_agreement(actor, agreement: AidAgreement, evaluation: str) -> None:
    """Close an agreement with a short evaluation; the request is closed with it."""
    if agreement.is_closed:
        raise AidError(_("Avtalen er allerede avsluttet."))
    evaluation = (evaluation or "").strip()
    if not evaluation:
        raise AidError(_("Skriv en kort evaluering før dere avslutter."))
    identifier_gate.refuse(evaluation)
    agreement.evaluation = evaluation
    agreement.closed_at = utcnow()
    agreement.closed_by_id = actor.id
    agreement.request.status = RequestStatus.CLOSED
    audit.record(actor, "aid.agreement_closed", agreement)


# --- Lists ----------------------------------------------------------------------------------


def open_requests() -> list[AidRequest]:
    """Open requests, oldest period first."""
    return list(
        db.session.scalars(
            select(AidRequest)
            .where(AidRequest.status == RequestStatus.OPEN)
            .order_by(AidRequest.starts_on, AidRequest.id)
        )
    )


def municipality_requests(municipality_id: int | None) -> list[AidRequest]:
    """A municipality's requests, newest first."""
    if municipality_id is None:
        return []
    return list(
        db.session.scalars(
            select(AidRequest)
            .where(AidRequest.municipality_id == municipality_id)
            .order_by(AidRequest.created_at.desc())
        )
    )


def standing_offers() -> list[AidOffer]:
    """Standing offers not withdrawn."""
    return list(
        db.session.scalars(
            select(AidOffer)
            .where(AidOffer.request_id.is_(None), AidOffer.withdrawn_at.is_(None))
            .order_by(AidOffer.created_at.desc())
        )
    )


def agreements_for(user, *, everyone: bool) -> list[AidAgreement]:
    """Agreements the user's municipality is party to (all of them when ``everyone``)."""
    query = select(AidAgreement).order_by(AidAgreement.starts_on.desc())
    if not everyone:
        if user.municipality_id is None:
            return []
        query = query.where(
            or_(
                AidAgreement.requester_municipality_id == user.municipality_id,
                AidAgreement.helper_municipality_id == user.municipality_id,
            )
        )
    return list(db.session.scalars(query))


def agreements_between(start: date, end: date) -> list[AidAgreement]:
    """Agreements whose period overlaps start..end."""
    return list(
        db.session.scalars(
            select(AidAgreement).where(AidAgreement.starts_on <= end, AidAgreement.ends_on >= start)
        )
    )


# --- Matching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A municipality suggested for a request, with its self-reported level in the area."""

    municipality: Municipality
    level: float


def suggest_helpers(request: AidRequest, network_id: int) -> list[Match]:
    """Municipalities strong in the needed area (survey level 4 or more) whose status is green."""
    if not request.competence:
        return []
    levels = competence.levels(request.competence)
    places = {
        m.id: m
        for m in db.session.scalars(select(Municipality).where(Municipality.id.in_(list(levels))))
    }
    matches = [
        Match(places[m_id], level)
        for m_id, level in levels.items()
        if level >= competence.STRONG
        and m_id != request.municipality_id
        and m_id in places
        and is_green(network_id, m_id)
    ]
    return sorted(matches, key=lambda m: (-m.level, m.municipality.name))


# --- Key figures ----------------------------------------------------------------------------


@dataclass
class HelpFigures:
    """How often the network helped and how many days, per helping municipality and year."""

    years: list[int]
    municipalities: list[str]
    agreements: dict[tuple[str, int], int]
    days: dict[tuple[str, int], int]
    total_agreements: int
    total_days: int


def key_figures() -> HelpFigures:
    """Agreements and days covered per helping municipality and year of the period's start."""
    agreements: dict[tuple[str, int], int] = defaultdict(int)
    days: dict[tuple[str, int], int] = defaultdict(int)
    for agreement in db.session.scalars(select(AidAgreement)):
        key = (agreement.helper.name, agreement.starts_on.year)
        agreements[key] += 1
        days[key] += agreement.days
    return HelpFigures(
        years=sorted({year for _m, year in agreements}),
        municipalities=sorted({m for m, _y in agreements}),
        agreements=dict(agreements),
        days=dict(days),
        total_agreements=sum(agreements.values()),
        total_days=sum(days.values()),
    )


def personal_aid_data(user) -> dict:
    """Requests and offers the person wrote, and status reports they recorded."""
    requests = db.session.scalars(select(AidRequest).where(AidRequest.created_by_id == user.id))
    offers = db.session.scalars(select(AidOffer).where(AidOffer.created_by_id == user.id))
    statuses = db.session.scalars(
        select(ServiceStatus).where(ServiceStatus.recorded_by_id == user.id)
    )
    return {
        "forespørsler": [
            {"id": r.id, "opprettet": r.created_at.isoformat(), "tekst": r.body} for r in requests
        ],
        "tilbud": [
            {"id": o.id, "opprettet": o.created_at.isoformat(), "tekst": o.body} for o in offers
        ],
        "statusrapporter": [
            {"id": s.id, "registrert": s.recorded_at.isoformat(), "tjeneste": s.service}
            for s in statuses
        ],
    }
