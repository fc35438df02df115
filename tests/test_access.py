"""The access policy as a matrix (who x action x object), and every route declares a policy."""

import pytest

from portal import access
from portal.access import can

PEOPLE = ["anonymous", "member", "other", "moderator", "admin", "legal"]

# action -> the people who may do it to the Bodø colleague ("target") and in general (None).
MATRIX = {
    "public": {"anonymous", "member", "other", "moderator", "admin", "legal"},
    "signed_in": {"member", "other", "moderator", "admin", "legal"},
    "network.view": {"member", "other", "moderator", "admin", "legal"},
    "member.invite": {"admin"},
    "audit.view": {"admin"},
    "outbox.view": {"admin"},
    "member.deactivate": {"moderator", "admin"},
    "member.change_role": {"admin"},
}


def person(users, name):
    """The user for a matrix column; None stands for an anonymous visitor."""
    return None if name == "anonymous" else users[name]


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
def test_policy_matrix(users, action, who):
    target = users["colleague"]
    assert can(person(users, who), action, target) is (who in MATRIX[action])


def test_member_edits_own_profile_only(users):
    assert can(users["member"], "member.edit_profile", users["member"])
    assert not can(users["member"], "member.edit_profile", users["colleague"])
    assert can(users["admin"], "member.edit_profile", users["colleague"])


def test_nobody_deactivates_or_demotes_themselves(users):
    for who in ("moderator", "admin"):
        assert not can(users[who], "member.deactivate", users[who])
    assert not can(users["admin"], "member.change_role", users["admin"])


def test_moderator_cannot_deactivate_admin_or_moderator(users, make_user):
    other_moderator = make_user(role="moderator", municipality=None)
    assert not can(users["moderator"], "member.deactivate", users["admin"])
    assert not can(users["moderator"], "member.deactivate", other_moderator)
    assert can(users["admin"], "member.deactivate", other_moderator)


def test_deactivated_user_may_do_nothing_but_public(users, ctx):
    users["admin"].active = False
    assert can(users["admin"], "public")
    assert not can(users["admin"], "signed_in")
    assert not can(users["admin"], "member.invite")


def test_unknown_action_is_a_programming_error(users):
    with pytest.raises(LookupError):
        can(users["admin"], "no.such.action")


def test_every_route_declares_a_known_policy(app):
    registered = set(access.actions())
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        action = getattr(app.view_functions[rule.endpoint], "access_action", None)
        if action not in registered:
            missing.append(f"{rule.rule} ({rule.endpoint}): {action!r}")
    assert not missing, "routes without a policy:\n" + "\n".join(missing)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/nettverket")
    assert response.status_code == 302
    assert "/logg-inn" in response.location


def test_forbidden_page_is_norwegian(client, users):
    from tests.helpers import login, text

    login(client, users["member"])
    response = client.get("/admin/invitasjoner")
    assert response.status_code == 403
    assert "Ingen tilgang" in text(response)
