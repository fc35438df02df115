"""Anonymised cases: templates, Norwegian identifier detection, review gate."""

from portal import dashboard
from portal.cases import cli, demo
from portal.cases.routes import bp, review_panel
from portal.network import demo as network_demo

bp.cli.short_help = "Anonymiserte saker"
bp.cli.command("scan")(cli.scan_command)
bp.cli.command("purge")(cli.purge_command)
dashboard.panel(order=30)(review_panel)
network_demo.loader(demo.add_demo_cases)

__all__ = ["bp"]
