"""The one access policy: ``can(user, action, obj)`` and the decorator routes declare it with.

Every action is a string registered here with a rule. A rule is called with an active user
and an object; ``obj=None`` asks whether the user may use that kind of action at all (the
question a route asks before it has loaded anything). Anonymous and deactivated users pass
only rules registered with ``anonymous=True``.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from portal.extensions import login_manager

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, tuple[Rule, bool]] = {}


def rule(*actions: str, anonymous: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule for one or more actions."""

    def register(check: Rule) -> Rule:
        for action in actions:
            if action in _RULES:
                raise ValueError(f"action {action!r} has a rule already")
            _RULES[action] = (check, anonymous)
        return check

    return register


def actions() -> list[str]:
    """Return every registered action, for tests and documentation."""
    return sorted(_RULES)


def is_active_user(user) -> bool:
    """True for a logged-in user whose account is active."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def can(user, action: str, obj: Any = None) -> bool:
    """Answer whether ``user`` may do ``action`` (to ``obj``); unknown actions are a bug."""
    try:
        check, anonymous = _RULES[action]
    except KeyError:
        raise LookupError(f"no access rule for action {action!r}") from None
    if not anonymous and not is_active_user(user):
        return False
    return bool(check(user, obj))


def requires(action: str) -> Callable:
    """Route decorator: declare the route's action and refuse users who may not use it."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not can(current_user, action):
                if not is_active_user(current_user):
                    return login_manager.unauthorized()
                abort(403)
            return view(*args, **kwargs)

        guarded.access_action = action
        return guarded

    return decorate


def require(action: str, obj: Any) -> None:
    """Inside a view, after loading ``obj``: abort with 403 unless the current user may act."""
    if not can(current_user, action, obj):
        abort(403)


# --- Role helpers -------------------------------------------------------------------------


def has_role(user, *roles: str) -> bool:
    """True when the user's role is one of ``roles``."""
    return is_active_user(user) and user.role in roles


def is_admin(user) -> bool:
    """True for administrators."""
    return has_role(user, "admin")


def is_coordinator(user) -> bool:
    """True for moderators (the network coordinator) and administrators."""
    return has_role(user, "moderator", "admin")


def same_municipality(user, municipality_id: int | None) -> bool:
    """True when the user belongs to the given municipality."""
    return municipality_id is not None and user.municipality_id == municipality_id


# --- Foundation: network, accounts ----------------------------------------------------------


@rule("public", anonymous=True)
def _public(user, obj) -> bool:
    """Anyone, logged in or not: login page, invitation links, assets, health checks."""
    return True


@rule("signed_in", "network.view", "account.manage")
def _signed_in(user, obj) -> bool:
    """Any active member of the network."""
    return True


@rule("member.invite", "audit.view", "outbox.view", "member.end_sessions", "network.settings")
def _admin_only(user, obj) -> bool:
    """Administrators only."""
    return is_admin(user)


@rule("member.deactivate")
def _deactivate(user, target) -> bool:
    """Admins deactivate anyone but themselves; moderators deactivate ordinary members."""
    if target is not None and target.id == user.id:
        return False
    if is_admin(user):
        return True
    if has_role(user, "moderator"):
        return target is None or target.role in ("member", "legal")
    return False


@rule("member.change_role")
def _change_role(user, target) -> bool:
    """Admins change roles of others (never their own, so the last admin stays)."""
    return is_admin(user) and (target is None or target.id != user.id)


@rule("member.edit_profile")
def _edit_profile(user, target) -> bool:
    """Members edit their own profile; admins edit anyone's."""
    return target is None or target.id == user.id or is_admin(user)
