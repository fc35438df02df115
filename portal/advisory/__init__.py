"""The advisory unit: members ask difficult-case questions; the unit answers. Advice, not journal."""

from flask import Blueprint

bp = Blueprint("advisory", __name__, url_prefix="/radgivning")

from portal.advisory import demo, policy, routes  # noqa: E402,F401
