"""Samlinger, registration, minutes, homework, iCalendar, debriefing sessions and their chat."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, cli_group="meetings")

from portal.meetings import chat, cli, debrief_routes, debrief_wheel, demo, routes, wheel  # noqa: E402,F401
