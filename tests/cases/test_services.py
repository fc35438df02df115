"""Case services: the workflow scan -> resolve -> checklist -> review by someone else -> publish."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.audit import AuditEvent
from portal.cases import listing, services
from portal.cases.models import Case, CaseComment, CaseStatus, CaseView
from portal.cases.services import CaseError
from portal.core.dates import utcnow
from portal.extensions import db
from tests.cases.factories import CHECKLIST_ALL, case_data


def new_case(author, **overrides) -> Case:
    """A case written by ``author`` and flushed."""
    return services.create_case(author, case_data(**overrides))


def ready_for_review(author, **overrides) -> Case:
    """A clean case sent to review."""
    case = new_case(author, **overrides)
    services.submit(author, case, CHECKLIST_ALL)
    return case


def test_create_keeps_the_template_and_the_municipality(ctx, users):
    case = new_case(users["member"])
    assert case.status == CaseStatus.DRAFT
    assert case.municipality_id == users["member"].municipality_id
    assert case.rop is True
    assert case.domain_codes == ["housing", "substances"]
    assert case.consent == "obtained"


def test_unknown_codes_are_dropped(ctx, users):
    case = new_case(
        users["member"], region="Storgata 12", life_domains=["housing", "x"], rop="kanskje"
    )
    assert case.region == ""
    assert case.domain_codes == ["housing"]
    assert case.rop is None


def test_members_without_municipality_cannot_write(ctx, users):
    with pytest.raises(CaseError):
        new_case(users["legal"])


def test_text_over_200_kb_is_refused(ctx, users):
    with pytest.raises(CaseError, match="200 kB"):
        new_case(users["member"], situation="ø" * (101 * 1024))  # 2 bytes each in UTF-8


def test_text_just_under_the_limit_is_accepted(ctx, users):
    case = new_case(users["member"], situation="a" * (190 * 1024))
    assert len(case.situation) == 190 * 1024


def test_scan_finds_identifiers_in_title_and_sections(ctx, users):
    case = new_case(
        users["member"], title="Saken om Kari", situation="Ring 912 34 567 hvis noe skjer."
    )
    found = [(i.field, i.finding.kind, i.finding.text) for i in services.open_findings(case)]
    assert found == [("title", "NAME", "Kari"), ("situation", "PHONE", "912 34 567")]
    assert [i.number for i in services.open_findings(case)] == [1, 2]


def test_replace_a_finding_with_its_placeholder(ctx, users):
    case = new_case(users["member"], situation="Kari ringte 912 34 567 i går.")
    phone = next(i for i in services.open_findings(case) if i.finding.kind == "PHONE")
    version = case.version
    services.replace_finding(
        users["member"], case, "situation", phone.finding.start, phone.finding.end,
        "912 34 567", "[TELEFON]",
    )  # fmt: skip
    assert case.situation == "Kari ringte [TELEFON] i går."
    assert case.version == version + 1
    assert [i.finding.kind for i in services.open_findings(case)] == ["NAME"]


def test_replace_everywhere_replaces_every_field(ctx, users):
    case = new_case(users["member"], title="Kari og bolig", situation="Kari ringte. Kari kom.")
    first = services.open_findings(case)[0]
    count = services.replace_finding(
        users["member"], case, first.field, first.finding.start, first.finding.end, "Kari",
        "[NAVN]", everywhere=True,
    )  # fmt: skip
    assert count == 3
    assert case.title == "[NAVN] og bolig"
    assert case.situation == "[NAVN] ringte. [NAVN] kom."


def test_replace_refuses_stale_offsets(ctx, users):
    case = new_case(users["member"], situation="Kari ringte.")
    with pytest.raises(CaseError, match="endret"):
        services.replace_finding(users["member"], case, "situation", 0, 4, "Ola", "[NAVN]")
    assert case.situation == "Kari ringte."


def test_dismiss_needs_a_reason_and_hides_the_finding(ctx, users):
    case = new_case(users["member"], situation="Han gikk tur med Tobias, hunden sin.")
    with pytest.raises(CaseError, match="hvorfor"):
        services.dismiss_finding(users["member"], case, "NAME", "Tobias", "  ")
    services.dismiss_finding(users["member"], case, "NAME", "Tobias", "Navnet på en hund")
    assert services.open_findings(case) == []
    dismissal = case.dismissals[0]
    services.undo_dismissal(users["member"], case, dismissal)
    db.session.flush()
    assert [i.finding.text for i in services.open_findings(case)] == ["Tobias"]


def test_dismiss_refuses_text_that_is_not_a_finding(ctx, users):
    case = new_case(users["member"])
    with pytest.raises(CaseError):
        services.dismiss_finding(users["member"], case, "NAME", "Kari", "fordi")


def test_submit_is_blocked_while_findings_remain(ctx, users):
    case = new_case(users["member"], situation="Kari ringte.")
    with pytest.raises(CaseError, match="uavklarte funn"):
        services.submit(users["member"], case, CHECKLIST_ALL)
    assert case.status == CaseStatus.DRAFT


def test_submit_needs_every_checklist_point(ctx, users):
    case = new_case(users["member"])
    with pytest.raises(CaseError, match="sjekklisten"):
        services.submit(users["member"], case, {**CHECKLIST_ALL, "check_dates": False})
    assert case.status == CaseStatus.DRAFT


def test_submit_needs_consent_and_every_section(ctx, users):
    case = new_case(users["member"], consent="", questions="", rop=None)
    problems = services.submission_problems(case)
    assert "Samtykke er ikke valgt." in problems
    assert "Seksjonen «Spørsmål til nettverket» er tom." in problems
    assert "Svar på om saken gjelder ROP-lidelser." in problems
    with pytest.raises(CaseError):
        services.submit(users["member"], case, CHECKLIST_ALL)


def test_full_workflow_scan_resolve_checklist_review_publish(ctx, users):
    author = users["member"]
    case = new_case(author, situation="Kari ringte 912 34 567.")
    items = services.open_findings(case)
    name, phone = items
    services.replace_finding(author, case, "situation", phone.finding.start, phone.finding.end, phone.finding.text, "[TELEFON]")  # fmt: skip
    services.replace_finding(author, case, "situation", 0, 4, "Kari", "[NAVN]")
    services.submit(author, case, CHECKLIST_ALL)
    assert case.status == CaseStatus.REVIEW

    with pytest.raises(CaseError, match="egen sak"):
        services.publish(author, case)
    services.publish(users["legal"], case)
    assert case.status == CaseStatus.PUBLISHED
    assert case.reviewer_id == users["legal"].id
    assert case.published_at is not None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == case.id))
    assert {"case.created", "case.finding_replaced", "case.submitted", "case.published"} <= set(
        actions
    )


def test_return_with_comment_sends_back_to_draft(ctx, users):
    case = ready_for_review(users["member"])
    with pytest.raises(CaseError, match="kommentar"):
        services.return_case(users["moderator"], case, " ")
    services.return_case(users["moderator"], case, "Fjern beskrivelsen av yrket.")
    assert case.status == CaseStatus.DRAFT
    assert case.return_comment == "Fjern beskrivelsen av yrket."
    assert case.returned_by_id == users["moderator"].id


def test_editing_a_published_case_sends_it_back_through_review(ctx, users):
    case = ready_for_review(users["member"])
    services.publish(users["moderator"], case)
    unpublished = services.update_case(
        users["colleague"], case, case_data(situation="Ny tekst uten navn."), case.version
    )
    assert unpublished is True
    assert case.status == CaseStatus.DRAFT
    assert case.published_at is None
    assert not case.checklist_done()
    assert case.id not in [row.id for row in listing.published_cases().items]


def test_concurrent_edit_is_detected_and_nothing_is_overwritten(ctx, users):
    case = new_case(users["member"])
    old_version = case.version
    services.update_case(users["member"], case, case_data(situation="Første endring."), old_version)
    with pytest.raises(CaseError, match="endret saken"):
        services.update_case(users["colleague"], case, case_data(situation="Andre."), old_version)
    assert case.situation == "Første endring."


def test_comment_by_legal_adviser_is_a_legal_assessment(ctx, users):
    case = ready_for_review(users["member"])
    services.publish(users["moderator"], case)
    member_comment = services.add_comment(users["other"], case, "Nyttig for oss i Fauske.")
    legal_comment = services.add_comment(users["legal"], case, "Samtykket bør dokumenteres.")
    assert member_comment.legal_assessment is False
    assert legal_comment.legal_assessment is True


def test_comment_with_identifiers_needs_confirmation(ctx, users):
    case = ready_for_review(users["member"])
    services.publish(users["moderator"], case)
    with pytest.raises(CaseError, match="telefonnummer"):
        services.add_comment(users["other"], case, "Ring meg på 912 34 567.")
    services.add_comment(users["other"], case, "Ring meg på 912 34 567.", checked=True)
    assert db.session.scalar(select(func.count(CaseComment.id))) == 1


def test_reflection_question(ctx, users):
    case = ready_for_review(users["member"])
    services.publish(users["moderator"], case)
    services.add_reflection(users["moderator"], case, "Hvordan forebygger vi utkastelse?")
    assert [r.question for r in case.reflections] == ["Hvordan forebygger vi utkastelse?"]


def test_views_are_logged(ctx, users):
    case = new_case(users["member"])
    services.log_view(users["colleague"], case)
    services.log_view(users["member"], case, "findings")
    db.session.flush()
    log = services.view_log(case)
    assert [(v.user_id, v.page) for v in log] == [
        (users["member"].id, "findings"),
        (users["colleague"].id, "case"),
    ]


def test_withdraw_then_purge_after_retention(ctx, users):
    case = ready_for_review(users["member"])
    services.log_view(users["member"], case)
    with pytest.raises(CaseError):
        services.withdraw(users["member"], case, "")
    services.withdraw(users["member"], case, "Personen kan kjennes igjen likevel.")
    db.session.flush()
    assert case.is_withdrawn
    assert services.purge_withdrawn(30) == 0
    assert services.purge_withdrawn(30, now=utcnow() + timedelta(days=31)) == 1
    assert db.session.scalar(select(func.count(Case.id))) == 0
    assert db.session.scalar(select(func.count(CaseView.id))) == 0


def test_review_queue_leaves_out_own_cases(ctx, users, make_user):
    moderator_with_place = make_user(role="moderator", municipality="Bodø")
    own = ready_for_review(moderator_with_place)
    other = ready_for_review(users["member"])
    assert [row.id for row in listing.review_queue(moderator_with_place)] == [other.id]
    assert own.id in [row.id for row in listing.review_queue(users["legal"])]


def test_demo_cases_load_and_the_published_one_is_clean(ctx, app):
    from portal.network import demo

    demo.seed_demo()
    published = listing.published_cases().items
    assert len(published) == 1
    case = db.session.get(Case, published[0].id)
    assert services.open_findings(case) == []
    assert [c.legal_assessment for c in case.comments] == [False, True]
    draft = db.session.scalar(select(Case).where(Case.status == CaseStatus.DRAFT))
    assert [i.finding.kind for i in services.open_findings(draft)] == ["NAME"]


def test_discussion_lists_questions_and_comments_apart_oldest_first_with_authors(ctx, users):
    case = ready_for_review(users["member"])
    services.publish(users["moderator"], case)
    services.add_comment(users["colleague"], case, "Første kommentar.")
    services.add_reflection(users["moderator"], case, "Første spørsmål?")
    services.add_comment(users["legal"], case, "Andre kommentar.")
    services.add_reflection(users["colleague"], case, "Andre spørsmål?")
    db.session.flush()
    questions, comments = listing.discussion(case.id)
    # Plain tuples: (is_comment, id, text, legal_assessment, created_at, author_name).
    assert [(text, author) for _comment, _id, text, _legal, _at, author in questions] == [
        ("Første spørsmål?", users["moderator"].name),
        ("Andre spørsmål?", users["colleague"].name),
    ]
    assert [(text, author, bool(legal)) for _c, _id, text, legal, _at, author in comments] == [
        ("Første kommentar.", users["colleague"].name, False),
        ("Andre kommentar.", users["legal"].name, True),
    ]
