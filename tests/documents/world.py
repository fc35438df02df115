"""One of every object that holds files, built for the documents tests and the browser journey."""

from datetime import time, timedelta

from portal.cases import services as case_services
from portal.core.dates import utcnow
from portal.extensions import db
from portal.meetings.models import (
    ActionItem,
    AgendaItem,
    HomeworkAnswer,
    Minutes,
    Samling,
    SamlingDay,
)
from portal.network.models import User
from portal.rutiner import approval as routine_approval
from portal.rutiner import services as routine_services
from tests.cases.factories import CHECKLIST_ALL, case_data
from tests.conftest import in_app_context


def build_world(app, users, network, place) -> dict[str, int]:
    """One of every owner object, ids by name (the Bodø member wrote the drafts)."""
    with in_app_context(app):
        member = db.session.get(User, users["member"].id)
        colleague = db.session.get(User, users["colleague"].id)
        moderator = db.session.get(User, users["moderator"].id)
        samling = Samling(title="Høstsamling", season=2026, published=True, organizer=moderator)
        day = SamlingDay(samling=samling, position=1, date=utcnow().date() + timedelta(days=30))
        item = AgendaItem(day=day, title="Ny rutine for innleggelse", start_time=time(10))
        hidden = Samling(title="Planlagt samling", season=2026, published=False)
        minutes_draft = Minutes(samling=hidden)
        done = Samling(title="Vårsamling", season=2025, published=True)
        minutes = Minutes(
            samling=done,
            decisions="Nettverket tar i bruk felles rutine.",
            body="Innledning ved koordinator.",
            published_at=utcnow(),
            published_by=moderator,
        )
        homework = ActionItem(samling=done, title="Antall ansatte", responsible="all")
        answer = HomeworkAnswer(item=homework, municipality_id=place("Bodø"), text="Tolv")
        db.session.add_all([samling, hidden, done, minutes_draft, minutes, homework, answer])
        draft = routine_services.create_routine(
            member, network_id=network, municipality_id=place("Bodø"), title="Innleggelse",
            body="## Formål\nTrygg innleggelse.", change_note="", category="admission",
            tags="", review_interval_months=12, responsible=member,
        )  # fmt: skip
        approved = routine_services.create_routine(
            member, network_id=network, municipality_id=place("Bodø"), title="Vold og trusler",
            body="## Formål\nTrygghet for ansatte.\n\n1. Meld avvik\n2. Snakk med leder\n",
            change_note="", category="violence_threats", tags="", review_interval_months=12,
            responsible=member,
        )  # fmt: skip
        routine_approval.submit(member, approved, colleague)
        routine_approval.approve(colleague, approved, significant=True)
        case = case_services.create_case(member, case_data())
        in_review = case_services.create_case(member, case_data(title="Til vurdering"))
        case_services.submit(member, in_review, CHECKLIST_ALL)
        published = case_services.create_case(member, case_data(title="Publisert sak"))
        case_services.submit(member, published, CHECKLIST_ALL)
        case_services.publish(db.session.get(User, users["legal"].id), published)
        db.session.commit()
        return {
            "samling": samling.id,
            "agenda_item": item.id,
            "minutes_draft": minutes_draft.id,
            "hidden_samling": hidden.id,
            "minutes": minutes.id,
            "homework_item": homework.id,
            "homework_answer": answer.id,
            "draft_version": draft.draft_version_id,
            "draft_routine": draft.id,
            "approved_version": approved.released_version_id,
            "approved_routine": approved.id,
            "case": case.id,
            "case_review": in_review.id,
            "case_published": published.id,
        }
