"""Samlinger, registration, minutes, homework and key figures, and iCalendar feeds."""

from portal import dashboard, personal_data
from portal.meetings import cli, demo, search, services
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
for _source in search.SOURCES:
    search_registry.register(_source)

__all__ = ["bp"]
