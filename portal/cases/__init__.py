"""Anonymised cases: templates, Norwegian identifier detection, review gate."""

from portal import dashboard, personal_data
from portal.cases import cli, demo, services
from portal.cases.routes import bp, review_panel
from portal.network import demo as network_demo

bp.cli.short_help = "Anonymiserte saker"
bp.cli.command("scan")(cli.scan_command)
bp.cli.command("purge")(cli.purge_command)
dashboard.panel(order=30)(review_panel)
network_demo.loader(demo.add_demo_cases)
personal_data.source("saker")(services.personal_case_data)

__all__ = ["bp"]
