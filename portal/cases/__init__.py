"""Anonymised cases: templates, Norwegian identifier detection, review gate."""

from portal import dashboard, personal_data
from portal.cases import cli, demo, search, services
from portal.cases.routes import bp, review_panel
from portal.network import demo as network_demo
from portal.search import registry as search_registry

bp.cli.short_help = "Anonymiserte saker"
bp.cli.command("scan")(cli.scan_command)
bp.cli.command("purge")(cli.purge_command)
dashboard.panel(order=30)(review_panel)
network_demo.loader(demo.add_demo_cases)
personal_data.source("saker")(services.personal_case_data)
search_registry.register(search.SOURCE)

__all__ = ["bp"]
