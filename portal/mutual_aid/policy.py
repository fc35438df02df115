"""Who may do what in mutual aid: members act for their own municipality; the network reads."""

from portal.access import is_coordinator, same_municipality


def _has_municipality(user) -> bool:
    """Members who belong to a municipality act for it."""
    return user.municipality_id is not None


def _view(user, obj) -> bool:
    """Everyone in the network sees statuses, open requests, standing offers and key figures."""
    return True


def _status_edit(user, municipality) -> bool:
    """The municipality's contact person keeps its robustness status."""
    if not (_has_municipality(user) and user.is_contact):
        return False
    return municipality is None or same_municipality(user, municipality.id)


def _create(user, obj) -> bool:
    """Members of a municipality ask for help and post standing offers."""
    return _has_municipality(user)


def _requester(user, request) -> bool:
    """The requesting municipality withdraws its open request or accepts an offer to it."""
    if request is None:
        return _has_municipality(user)
    return same_municipality(user, request.municipality_id) and request.is_open


def _offer(user, request) -> bool:
    """Other municipalities offer help to an open request (never to their own)."""
    if not _has_municipality(user):
        return False
    if request is None:
        return True
    return request.is_open and not same_municipality(user, request.municipality_id)


def _offer_withdraw(user, offer) -> bool:
    """The offering municipality withdraws its active offer."""
    if offer is None:
        return _has_municipality(user)
    return same_municipality(user, offer.municipality_id) and offer.is_active


def _agreement_view(user, agreement) -> bool:
    """The two parties and the coordinators see an agreement's details."""
    if agreement is None or is_coordinator(user):
        return True
    return agreement.party(user.municipality_id)


def _agreement_edit(user, agreement) -> bool:
    """The two parties record, confirm and close an agreement until it is closed."""
    if agreement is None:
        return _has_municipality(user)
    return agreement.party(user.municipality_id) and not agreement.is_closed


# Registered by the package __init__ with access.rule(*actions)(check).
RULES = [
    (("aid.view",), _view),
    (("aid.status_edit",), _status_edit),
    (
        (
            "aid.request_create",
            "aid.offer_standing",
        ),
        _create,
    ),
    (
        (
            "aid.request_withdraw",
            "aid.accept",
        ),
        _requester,
    ),
    (("aid.offer",), _offer),
    (("aid.offer_withdraw",), _offer_withdraw),
    (("aid.agreement_view",), _agreement_view),
    (("aid.agreement_edit",), _agreement_edit),
]
