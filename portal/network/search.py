"""How people and municipalities are found by search: by name, for every member."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.network.models import Municipality, User
from portal.search.registry import NETWORK, Document, Kind, Source

KIND = Kind("personer", _l("Personer og kommuner"), 7)


def member(user: User) -> list[Document]:
    """An active member: name, job title, municipality and role (never e-mail or anything else)."""
    if not user.active:
        return []
    place = user.municipality.name if user.municipality else ""
    return [
        Document(
            title=user.name,
            body=" ".join(w for w in [user.title, place, str(user.role_label)] if w),
            visibility=NETWORK,
            municipality_id=user.municipality_id,
        )
    ]


def municipality(place: Municipality) -> list[Document]:
    """A municipality by name."""
    return [
        Document(
            title=place.name,
            body=str(_l("%(name)s kommune", name=place.name)),
            visibility=NETWORK,
            municipality_id=place.id,
        )
    ]


SOURCES = [
    Source(
        name="municipality",
        kind=KIND,
        model=Municipality,
        documents=municipality,
        url=lambda place: url_for("network.municipality", municipality_id=place.id),
        view_action=lambda _part: "network.view",
    ),
    Source(
        name="member",
        kind=KIND,
        model=User,
        documents=member,
        url=lambda user: url_for("network.member", user_id=user.id),
        view_action=lambda _part: "network.view",
        watches={Municipality: lambda place: place.members},
    ),
]
