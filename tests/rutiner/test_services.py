"""Routine services: versions, approval, review dates, reading, adopting, reminders."""

from datetime import date, datetime

import pytest

from portal.audit import AuditEvent
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.rutiner import adoption, approval, reading, reminders, services
from portal.rutiner.models import Status
from tests.rutiner.conftest import person


def test_create_makes_a_draft_with_version_one(ctx, users, routine_factory):
    routine = routine_factory(users["member"])
    assert routine.status == Status.DRAFT
    assert routine.version_count == 1
    assert routine.draft_version.number == 1
    assert routine.released_version is None
    assert routine.tags == "akutt"
    assert db.session.query(AuditEvent).filter_by(action="routine.created").count() == 1


def test_every_save_is_a_new_version_with_its_note(ctx, users, routine_factory):
    routine = routine_factory(users["member"])
    member = person(users["member"])
    v2 = services.save_draft(member, routine, base_number=1, title="Innleggelse", body="to",
                             change_note="Kortere")  # fmt: skip
    v3 = services.save_draft(member, routine, base_number=2, title="Innleggelse (ny)", body="tre",
                             change_note="Ny tittel")  # fmt: skip
    assert (v2.number, v2.change_note, v3.number) == (2, "Kortere", 3)
    assert routine.draft_version == v3
    assert routine.title == "Innleggelse (ny)"
    assert [v.number for v in services.visible_versions(member, routine)] == [3, 2, 1]


def test_a_save_based_on_an_old_version_is_refused(ctx, users, routine_factory):
    routine = routine_factory(users["member"])
    member, colleague = person(users["member"]), person(users["colleague"])
    services.save_draft(colleague, routine, base_number=1, title="T", body="Ola sin tekst",
                        change_note="")  # fmt: skip
    with pytest.raises(services.StaleEdit) as refused:
        services.save_draft(member, routine, base_number=1, title="T", body="Kari sin tekst",
                            change_note="")  # fmt: skip
    assert refused.value.current.number == 2
    assert "Test" not in str(refused.value) or "lagret av" in str(refused.value)
    assert "mens du skrev" in str(refused.value)
    assert services.latest_version(routine).body == "Ola sin tekst"


def test_bad_content_and_settings_are_refused(ctx, users, routine_factory, network):
    routine = routine_factory(users["member"])
    member = person(users["member"])
    with pytest.raises(services.RoutineError, match="tittel"):
        services.save_draft(member, routine, base_number=1, title="  ", body="x", change_note="")
    with pytest.raises(services.RoutineError, match="1 MB"):
        services.save_draft(member, routine, base_number=1, title="T", body="ø" * 600_000,
                            change_note="")  # fmt: skip
    with pytest.raises(services.RoutineError, match="revisjonsintervall"):
        services.update_settings(member, routine, category="admission", tags="",
                                 review_interval_months=7, responsible=member)  # fmt: skip
    with pytest.raises(services.RoutineError, match="kategori"):
        services.update_settings(member, routine, category="ukjent", tags="",
                                 review_interval_months=12, responsible=member)  # fmt: skip
    with pytest.raises(services.RoutineError, match="ansvarlige"):
        services.update_settings(member, routine, category="admission", tags="",
                                 review_interval_months=12, responsible=person(users["other"]))  # fmt: skip


def test_readers_see_the_released_version_while_a_draft_is_worked_on(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "approved", approver=users["colleague"])
    member = person(users["member"])
    services.save_draft(member, routine, base_number=1, title="Innleggelse", body="Nytt utkast",
                        change_note="Arbeid pågår")  # fmt: skip
    assert routine.released_version.number == 1
    assert routine.released_version.body.startswith("## Formål")
    assert routine.draft_version.number == 2
    assert routine.status == Status.DRAFT
    other = person(users["other"])
    assert [v.number for v in services.visible_versions(other, routine)] == [1]


def test_approval_records_approver_date_and_review(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "pending", approver=users["colleague"])
    colleague = person(users["colleague"])
    approval.approve(colleague, routine, significant=False, now=datetime(2026, 1, 31, 10, 0))
    released = routine.released_version
    assert routine.status == Status.APPROVED
    assert released.approved_by == colleague and released.approved_at.date() == date(2026, 1, 31)
    assert released.significant  # the first approval always asks everyone to read
    assert routine.draft_version is None
    assert routine.next_review_date == date(2027, 1, 31)
    assert db.session.query(AuditEvent).filter_by(action="routine.approved").count() == 1


def test_approving_your_own_routine_is_refused(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "pending", approver=users["colleague"])
    member = person(users["member"])
    routine.approver_id = member.id  # even if someone named the author, it is refused
    with pytest.raises(services.RoutineError, match="selv har skrevet"):
        approval.approve(member, routine, significant=True)
    assert routine.status == Status.PENDING


def test_submit_needs_an_eligible_named_approver(ctx, users, routine_factory):
    routine = routine_factory(users["member"])
    member = person(users["member"])
    assert [u.id for u in approval.eligible_approvers(routine, member)] == [users["colleague"].id]
    with pytest.raises(services.RoutineError, match="godkjenner"):
        approval.submit(member, routine, member)
    with pytest.raises(services.RoutineError, match="godkjenner"):
        approval.submit(member, routine, person(users["other"]))
    approval.submit(member, routine, person(users["colleague"]))
    assert routine.status == Status.PENDING and routine.approver_id == users["colleague"].id


def test_return_sends_the_draft_back_with_a_comment(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "pending", approver=users["colleague"])
    colleague = person(users["colleague"])
    with pytest.raises(services.RoutineError):
        approval.return_draft(colleague, routine, "  ")
    approval.return_draft(colleague, routine, "Legg til telefonnummer til DPS.")
    assert routine.status == Status.DRAFT
    assert routine.return_comment == "Legg til telefonnummer til DPS."
    assert routine.approver_id is None


def test_editing_a_pending_draft_returns_it_to_draft(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "pending", approver=users["colleague"])
    services.save_draft(person(users["member"]), routine, base_number=1, title="T", body="b",
                        change_note="")  # fmt: skip
    assert routine.status == Status.DRAFT and routine.approver_id is None


@pytest.mark.parametrize(
    ("approved", "months", "review"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 22), 6, date(2027, 5, 22)),
        (date(2026, 3, 15), 36, date(2029, 3, 15)),
    ],
)
def test_add_months_clamps_to_month_end(approved, months, review):
    assert services.add_months(approved, months) == review


def test_review_light():
    today = date(2026, 11, 22)
    assert services.review_light(None, today) is None
    assert services.review_light(date(2026, 11, 21), today) == "red"
    assert services.review_light(date(2026, 11, 22), today) == "yellow"
    assert services.review_light(date(2027, 1, 22), today) == "yellow"
    assert services.review_light(date(2027, 1, 23), today) == "green"


def test_significant_change_resets_read_confirmations_minor_does_not(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "approved", approver=users["colleague"])
    member, colleague = person(users["member"]), person(users["colleague"])
    reading.confirm_read(member, routine)
    reading.confirm_read(colleague, routine)
    assert reading.has_confirmed(member, routine)

    services.save_draft(colleague, routine, base_number=1, title="T", body="liten", change_note="")
    approval.submit(colleague, routine, member)
    approval.approve(member, routine, significant=False)
    assert reading.has_confirmed(member, routine) and reading.has_confirmed(colleague, routine)

    services.save_draft(colleague, routine, base_number=2, title="T", body="stor", change_note="")
    approval.submit(colleague, routine, member)
    approval.approve(member, routine, significant=True)
    assert not reading.has_confirmed(member, routine)
    assert not reading.has_confirmed(colleague, routine)
    assert routine in reading.must_read(member)
    reading.confirm_read(member, routine)
    assert reading.has_confirmed(member, routine)
    assert routine not in reading.must_read(member)
    states = {r.user.id: r.valid for r in reading.readers(routine)}
    assert states == {member.id: True, colleague.id: False}


def test_read_confirmation_audience(ctx, users, routine_factory):
    local = routine_factory(users["member"], "approved", approver=users["colleague"])
    shared = routine_factory(users["moderator"], "approved", place_name=None,
                             approver=users["admin"], title="Felles")  # fmt: skip
    other = person(users["other"])
    with pytest.raises(services.RoutineError, match="Lesebekreftelse"):
        reading.confirm_read(other, local)
    reading.confirm_read(other, shared)
    assert reading.must_read(other) == []
    assert {r.id for r in reading.must_read(person(users["member"]))} == {local.id, shared.id}
    assert len(reading.readers(shared)) == len(users)


def test_draft_only_routine_cannot_be_confirmed(ctx, users, routine_factory):
    routine = routine_factory(users["member"])
    with pytest.raises(services.RoutineError):
        reading.confirm_read(person(users["member"]), routine)


def test_adopt_and_upstream_change(ctx, users, routine_factory):
    origin = routine_factory(users["member"], "approved", approver=users["colleague"])
    other = person(users["other"])
    adopted = adoption.adopt(other, origin)
    assert adopted.municipality_id == other.municipality_id
    assert adopted.origin == origin and adopted.origin_version_number == 1
    assert adopted.draft_version.body == origin.released_version.body
    assert adoption.upstream_change(adopted) is None

    member, colleague = person(users["member"]), person(users["colleague"])
    services.save_draft(member, origin, base_number=1, title="Innleggelse", body=origin.released_version.body + "3. Nytt punkt\n",
                        change_note="Nytt punkt")  # fmt: skip
    assert adoption.upstream_change(adopted) is None  # a draft is not a change yet
    approval.submit(member, origin, colleague)
    approval.approve(colleague, origin, significant=False)
    change = adoption.upstream_change(adopted)
    assert (change.adopted.number, change.current.number) == (1, 2)
    diff = services.compare_versions(change.adopted, change.current)
    assert diff.added == 1
    adoption.acknowledge_upstream(other, adopted)
    assert adoption.upstream_change(adopted) is None
    with pytest.raises(services.RoutineError):
        adoption.acknowledge_upstream(other, adopted)


def test_cannot_adopt_own_or_unreleased(ctx, users, routine_factory):
    draft = routine_factory(users["member"])
    with pytest.raises(services.RoutineError):
        adoption.adopt(person(users["other"]), draft)
    approved = routine_factory(users["member"], "approved", approver=users["colleague"])
    with pytest.raises(services.RoutineError):
        adoption.adopt(person(users["colleague"]), approved)


def test_restore_old_version_as_new_draft(ctx, users, routine_factory):
    routine = routine_factory(users["member"])
    member = person(users["member"])
    services.save_draft(member, routine, base_number=1, title="T", body="to", change_note="")
    old = services.get_version(routine, 1)
    restored = services.restore_version(member, routine, old, base_number=2)
    assert restored.number == 3 and restored.body == old.body
    assert restored.change_note == "Gjenopprettet fra versjon 1"


def test_withdraw_and_delete(ctx, users, routine_factory):
    approved = routine_factory(users["member"], "approved", approver=users["colleague"])
    member = person(users["member"])
    with pytest.raises(services.RoutineError):
        approval.delete_routine(member, approved)
    approval.withdraw(member, approved)
    assert approved.status == Status.EXPIRED
    with pytest.raises(services.RoutineError, match="utgått"):
        services.save_draft(member, approved, base_number=1, title="T", body="b", change_note="")
    draft = routine_factory(users["member"], title="Skal slettes")
    services.add_comment(person(users["colleague"]), draft, "Ser bra ut")
    approval.delete_routine(member, draft)
    db.session.commit()
    actions = {e.action for e in db.session.query(AuditEvent)}
    assert {"routine.deleted", "routine.status_changed"} <= actions


def test_list_filters_visibility_and_pagination(ctx, users, routine_factory, make_user):
    for n in range(3):
        routine_factory(users["member"], "approved", approver=users["colleague"], title=f"Bodø {n}")
    routine_factory(users["member"], title="Bodø utkast")
    routine_factory(users["other"], title="Fauske utkast", place_name="Fauske")
    routine_factory(users["other"], "approved", approver=make_user(municipality="Fauske"),
                    place_name="Fauske", title="Fauske godkjent", category="violence_threats")  # fmt: skip
    member, other = person(users["member"]), person(users["other"])

    def titles(user, **filters):
        return [r.title for r in services.list_routines(user, services.Filters(**filters)).items]

    assert titles(member) == ["Bodø 0", "Bodø 1", "Bodø 2", "Bodø utkast", "Fauske godkjent"]
    assert "Bodø utkast" not in titles(other) and "Fauske utkast" in titles(other)
    assert titles(member, category="violence_threats") == ["Fauske godkjent"]
    assert titles(member, status="draft") == ["Bodø utkast"]
    assert titles(other, status="draft") == ["Fauske utkast"]
    assert titles(member, municipality=str(users["other"].municipality_id)) == ["Fauske godkjent"]
    assert titles(member, query="godkjent") == ["Fauske godkjent"]
    page = services.list_routines(member, services.Filters(page=2), per_page=2)
    assert (page.total, page.pages, [r.title for r in page.items]) == (
        5,
        3,
        ["Bodø 2", "Bodø utkast"],
    )


def test_reminders_mail_responsible_and_list_overdue(ctx, users, routine_factory, make_user):
    overdue = routine_factory(users["member"], "approved", approver=users["colleague"],
                              title="Gammel", at=datetime(2025, 10, 1, 12, 0))  # fmt: skip
    soon = routine_factory(users["other"], "approved", approver=make_user(municipality="Fauske"), place_name="Fauske",
                           title="Snart", at=datetime(2025, 12, 20, 12, 0))  # fmt: skip
    routine_factory(users["colleague"], "approved", approver=users["member"], title="Ny",
                    at=datetime(2026, 11, 1, 12, 0))  # fmt: skip
    reminded, late = reminders.send_reminders(date(2026, 11, 22), lambda r: f"/rutiner/{r.id}")
    assert reminded == 2
    assert [r.id for r in late] == [overdue.id]
    mails = {m.recipient: m.body for m in db.session.query(OutboxMessage)}
    assert set(mails) == {users["member"].email, users["other"].email}
    assert (
        "Gammel" in mails[users["member"].email]
        and f"/rutiner/{overdue.id}" in mails[users["member"].email]
    )
    assert "Snart" in mails[users["other"].email]
    assert soon.next_review_date == date(2026, 12, 20)


def test_comments(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "approved", approver=users["colleague"])
    other = person(users["other"])
    with pytest.raises(services.RoutineError):
        services.add_comment(other, routine, " ")
    comment = services.add_comment(other, routine, "Vi gjør **det samme** i Fauske.")
    db.session.flush()
    assert [(c.id, c.author_name, c.body) for c in services.comments(routine)] == [
        (comment.id, other.name, "Vi gjør **det samme** i Fauske.")
    ]
    services.delete_comment(other, comment)
    assert services.comments(routine) == []
