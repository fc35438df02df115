"""Routines: versions, approval, diff, review dates, read confirmations."""

from portal import dashboard, personal_data
from portal.network import demo as network_demo
from portal.rutiner import cli, demo, search, services
from portal.rutiner.routes import bp, reading_panel
from portal.search import registry as search_registry

bp.cli.short_help = "Rutiner"
bp.cli.command("remind")(cli.remind_command)
dashboard.panel(order=10)(reading_panel)
network_demo.loader(demo.add_routines)
personal_data.source("rutiner")(services.personal_routine_data)
search_registry.register(search.SOURCE)

__all__ = ["bp"]
