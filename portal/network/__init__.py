"""The network: municipalities, members, roles, invitations and login."""

from flask import Blueprint

bp = Blueprint("network", __name__, cli_group=None)

from portal.network import account_routes, cli, routes, survey_routes, survey_wheel  # noqa: E402,F401
