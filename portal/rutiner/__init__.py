"""Routines: versions, approval, diff, review dates, read confirmations."""

from portal import dashboard, personal_data, year_items
from portal.documents import owners as document_owners
from portal.network import demo as network_demo
from portal.rutiner import attachments, cli, demo, search, services, wheel
from portal.rutiner.routes import bp, reading_panel
from portal.search import registry as search_registry

bp.cli.short_help = "Rutiner"
bp.cli.command("remind")(cli.remind_command)
dashboard.panel(order=10)(reading_panel)
network_demo.loader(demo.add_routines)
personal_data.source("rutiner")(services.personal_routine_data)
document_owners.register(attachments.VERSION_FILES)
document_owners.register_draft_target(attachments.WORD_IMPORT)
search_registry.register(search.SOURCE)
year_items.source("review")(wheel.review_dates)

__all__ = ["bp"]
