"""Anonymised cases: templates, Norwegian identifier detection, review gate."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/saker", cli_group="cases")

from portal.cases import attachments, cli, demo, routes  # noqa: E402,F401
