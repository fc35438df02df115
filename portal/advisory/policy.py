"""Who may do what with consultations: the asking municipality and the advisory unit, nobody else."""

from sqlalchemy import select

from portal.access import has_role, is_coordinator, same_municipality
from portal.advisory.models import Adviser
from portal.extensions import db


def in_unit(user) -> bool:
    """Legal advisers and the named advisers form the advisory unit."""
    if has_role(user, "legal"):
        return True
    return db.session.scalar(select(Adviser.user_id).where(Adviser.user_id == user.id)) is not None


def _ask(user, obj) -> bool:
    """Members of a municipality ask the unit."""
    return user.municipality_id is not None


def _list(user, obj) -> bool:
    """Members of a municipality (their own consultations) and the unit (its queue)."""
    return user.municipality_id is not None or in_unit(user)


def _view(user, consultation) -> bool:
    """The asking municipality and the unit; not the rest of the network, not moderators."""
    if consultation is None:
        return _list(user, None)
    return same_municipality(user, consultation.municipality_id) or in_unit(user)


def _reply(user, consultation) -> bool:
    """Those who see a consultation write in it and close it, until it is closed."""
    if consultation is None:
        return _list(user, None)
    return _view(user, consultation) and not consultation.is_closed


def _unit_manage(user, obj) -> bool:
    """Moderators and admins name the unit's advisers."""
    return is_coordinator(user)


# Registered by the package __init__ with access.rule(*actions)(check).
RULES = [
    (("advice.ask",), _ask),
    (("advice.list",), _list),
    (("advice.view",), _view),
    (
        (
            "advice.reply",
            "advice.close",
        ),
        _reply,
    ),
    (("advice.unit_manage",), _unit_manage),
]
