"""Samlinger, registration, minutes, homework and key figures, and iCalendar feeds."""

from portal import dashboard, personal_data, year_items
from portal.documents import owners as document_owners
from portal.meetings import attachments, cli, demo, search, services, wheel
from portal.meetings.homework_routes import homework_panel
from portal.meetings.minutes_routes import minutes_panel
from portal.meetings.routes import bp, next_samling_panel
from portal.network import demo as network_demo
from portal.search import registry as search_registry

bp.cli.command("remind")(cli.remind_command)
dashboard.panel(order=20)(next_samling_panel)
dashboard.panel(order=21)(homework_panel)
dashboard.panel(order=22)(minutes_panel)
network_demo.loader(demo.add_samlinger)
personal_data.source("samlinger")(services.personal_meeting_data)
for kind in attachments.OWNER_KINDS:
    document_owners.register(kind)
for _source in search.SOURCES:
    search_registry.register(_source)
year_items.source("samling")(wheel.samling_days)
year_items.source("homework")(wheel.homework_deadlines)

__all__ = ["bp"]
