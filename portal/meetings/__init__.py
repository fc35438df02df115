"""Samlinger, registration, minutes, homework and key figures, and iCalendar feeds."""

from portal import dashboard
from portal.meetings import cli, demo
from portal.meetings.routes import bp, homework_panel, minutes_panel, next_samling_panel
from portal.network import demo as network_demo

bp.cli.command("remind")(cli.remind_command)
dashboard.panel(order=20)(next_samling_panel)
dashboard.panel(order=21)(homework_panel)
dashboard.panel(order=22)(minutes_panel)
network_demo.loader(demo.add_samlinger)

__all__ = ["bp"]
