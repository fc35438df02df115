"""The årshjul: the network's year in one picture, from every feature's registered source."""

from flask import Blueprint

bp = Blueprint("yearwheel", __name__, url_prefix="/arshjul")

from portal.yearwheel import demo, policy, routes, sources  # noqa: E402,F401
