"""Routines: versions, approval, diff, review dates, read confirmations."""

from flask import Blueprint

bp = Blueprint("rutiner", __name__, url_prefix="/rutiner", cli_group="rutiner")

from portal.rutiner import cli, demo, routes, wheel  # noqa: E402,F401
