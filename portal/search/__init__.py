"""Search over every feature, in Norwegian, through the access policy."""

from flask import Blueprint

bp = Blueprint("search", __name__, cli_group="search")

from portal.search import cli, routes, sync  # noqa: E402,F401
