"""The network: municipalities, members, roles, invitations and login."""

from portal import dashboard, personal_data
from portal.extensions import login_manager
from portal.network import account_routes, cli, search
from portal.network.routes import admin_panel, bp, load_user, welcome_panel
from portal.search import registry as search_registry

login_manager.user_loader(load_user)
bp.cli.short_help = "Nettverk og kontoer"
bp.cli.command("seed-demo")(cli.seed_demo_command)
bp.cli.command("create-admin")(cli.create_admin_command)
dashboard.panel(order=0)(welcome_panel)
dashboard.panel(order=100)(admin_panel)
personal_data.source("profil")(account_routes.profile_data)
for _source in search.SOURCES:
    search_registry.register(_source)

__all__ = ["account_routes", "bp"]
