"""How debriefing sessions are found by search: a scheduled session's title and description.

Chat messages, summaries and private defusing rooms are never indexed.
"""

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.debrief.models import DebriefSession
from portal.search.query import plain_text
from portal.search.registry import NETWORK, Document, Kind, Source

KIND = Kind("debrifing", _l("Debrifing"), 6)


def documents(session: DebriefSession) -> list[Document]:
    """A scheduled session's title and procedure; nothing for a defusing room."""
    if session.is_defusing:
        return []
    return [
        Document(
            title=session.title,
            body=plain_text(session.procedure),
            visibility=NETWORK,
            date=session.starts_at.date(),
        )
    ]


SOURCE = Source(
    name="debrief",
    kind=KIND,
    model=DebriefSession,
    documents=documents,
    url=lambda session: url_for("debrief.debrief_session", session_id=session.id),
    view_action=lambda _part: "debrief.view",
)
