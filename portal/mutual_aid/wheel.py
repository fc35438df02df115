"""Mutual-aid agreements on the årshjul: the parties and the coordinators see them."""

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from portal.access import can
from portal.mutual_aid import services
from portal.year_items import WheelItem


def agreements(user, start: date, end: date) -> list[WheelItem]:
    """Agreements overlapping the range that the user may see."""
    return [
        WheelItem(
            kind="agreement",
            uid=f"agreement-{agreement.id}",
            title=_(
                "%(helper)s hjelper %(requester)s",
                helper=agreement.helper.name,
                requester=agreement.requester.name,
            ),
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
            url=url_for("mutual_aid.agreement", agreement_id=agreement.id),
            concerns_user=agreement.party(user.municipality_id),
        )
        for agreement in services.agreements_between(start, end)
        if can(user, "aid.agreement_view", agreement)
    ]
