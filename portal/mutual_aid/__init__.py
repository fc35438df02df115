"""Mutual aid (Mål 3): robustness status, help requests and offers, agreements, key figures."""

from flask import Blueprint

bp = Blueprint("mutual_aid", __name__, url_prefix="/bistand")

from portal.mutual_aid import demo, policy, routes, wheel  # noqa: E402,F401
