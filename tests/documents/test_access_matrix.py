"""Who sees, adds and deletes files, per owner kind: a file is visible exactly when its owner is."""

import pytest

from portal.access import can
from portal.documents import owners, services
from portal.extensions import db, limiter
from portal.network.models import User
from tests.helpers import login

EVERYONE = {"member", "colleague", "other", "moderator", "admin", "legal"}
COORDINATORS = {"moderator", "admin"}
BODO = {"member", "colleague"}

# owner (world key, kind) -> (who views, who attaches, who deletes)
MATRIX = {
    ("samling", "samling"): (EVERYONE, COORDINATORS, COORDINATORS),
    ("agenda_item", "agenda_item"): (EVERYONE, COORDINATORS, COORDINATORS),
    ("minutes_draft", "minutes"): (COORDINATORS, COORDINATORS, COORDINATORS),
    ("minutes", "minutes"): (EVERYONE, set(), COORDINATORS),
    ("homework_answer", "homework_answer"): (BODO | COORDINATORS, BODO, BODO | COORDINATORS),
    ("draft_version", "routine_version"): (BODO, BODO, BODO),
    ("approved_version", "routine_version"): (EVERYONE, set(), COORDINATORS),
    ("case", "case"): (BODO, BODO, BODO),
    ("case_review", "case"): (BODO | {"moderator", "legal"}, {"legal"}, {"moderator", "legal"}),
    ("case_published", "case"): (EVERYONE, {"legal"}, {"legal"} | COORDINATORS),
}


@pytest.mark.parametrize(("owner", "expected"), MATRIX.items(), ids=[k[0] for k in MATRIX])
def test_policy_matrix(app, users, world, owner, expected):
    key, kind = owner
    with app.app_context():
        ref = owners.resolve(kind, world[key])
        for action, allowed in zip(("view", "attach", "delete"), expected, strict=True):
            got = {
                name for name, user in users.items()
                if can(db.session.get(User, user.id), f"documents.{action}", ref)
            }  # fmt: skip
            assert got == allowed, (action, got)


def test_downloads_follow_the_owner(app, users, world):
    ids = {}
    with app.app_context():
        storage = app.extensions["documents.storage"]
        limits = services.Limits(max_bytes=10**6)
        for (key, kind), (_view, attach, _delete) in MATRIX.items():
            ref = owners.resolve(kind, world[key])
            actor = db.session.get(User, users[sorted(attach or COORDINATORS)[0]].id)
            upload = services.Upload(f"{key}.txt", f"Notat til {key}.".encode())
            (attachment,) = services.attach(actor, ref, [upload], storage, limits)
            ids[key] = attachment.id
        db.session.commit()
    for name, user in users.items():
        limiter.reset()  # six logins in a row: stay under the login rate limit
        client = app.test_client()
        login(client, user)
        for (key, _kind), (view, _attach, _delete) in MATRIX.items():
            status = client.get(f"/dokumenter/fil/{ids[key]}/last-ned").status_code
            assert status == (200 if name in view else 403), (name, key, status)
            page = client.get(f"/dokumenter/{_kind}/{world[key]}").status_code
            assert page == (200 if name in view else 403), (name, key, page)


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(f"/dokumenter/samling/{world['samling']}")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
