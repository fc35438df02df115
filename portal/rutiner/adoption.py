"""Adopting a network-wide routine as a municipality's own, and following upstream changes."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from portal import audit
from portal.access import can
from portal.network.models import User
from portal.rutiner.models import (
    Routine,
    RoutineVersion,
)
from portal.rutiner.services import RoutineError, create_routine, get_version


def adopt(actor: User, origin: Routine, now: datetime | None = None) -> Routine:
    """Copy a released routine into the actor's municipality (felles for coordinators)."""
    if not can(actor, "rutiner.adopt", origin):
        raise RoutineError(_("Du kan ikke ta i bruk denne rutinen."))
    source = origin.released_version
    routine = create_routine(
        actor,
        network_id=origin.network_id,
        municipality_id=actor.municipality_id,
        title=source.title,
        body=source.body,
        change_note=f"Tatt i bruk fra {origin.owner_name}, versjon {source.number}",
        category=origin.category,
        tags=origin.tags,
        review_interval_months=origin.review_interval_months,
        responsible=actor,
        now=now,
    )
    routine.origin_routine_id = origin.id
    routine.origin_version_number = source.number
    audit.record(actor, "routine.adopted", routine, detail=f"origin={origin.id} v={source.number}")
    return routine


@dataclass(frozen=True)
class UpstreamChange:
    """The original of an adopted routine has a newer approved version."""

    origin: Routine
    adopted: RoutineVersion
    current: RoutineVersion


def upstream_change(routine: Routine) -> UpstreamChange | None:
    """Report when the routine's origin was approved again after it was adopted."""
    origin = routine.origin
    if origin is None or origin.released_version is None or routine.origin_version_number is None:
        return None
    current = origin.released_version
    if current.number <= routine.origin_version_number:
        return None
    adopted = get_version(origin, routine.origin_version_number)
    return UpstreamChange(origin, adopted, current) if adopted else None


def acknowledge_upstream(actor: User, routine: Routine) -> None:
    """Mark the origin's newest approved version as taken into account."""
    change = upstream_change(routine)
    if change is None:
        raise RoutineError(_("Originalen har ingen nye endringer."))
    routine.origin_version_number = change.current.number
    audit.record(actor, "routine.origin_acknowledged", routine, detail=f"v={change.current.number}")
