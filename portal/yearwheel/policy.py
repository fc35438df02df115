"""Who may see and edit the årshjul."""

from portal.access import is_coordinator


def _view(user, obj) -> bool:
    """Every member sees the network's year (each item is checked by its own source)."""
    return True


def _manage(user, obj) -> bool:
    """Moderators and admins add the network's own events."""
    return is_coordinator(user)


# Registered by the package __init__ with access.rule(*actions)(check).
RULES = [
    (("yearwheel.view",), _view),
    (("yearwheel.manage",), _manage),
]
