"""Samlinger, registration, minutes, homework, iCalendar, debriefing sessions and their chat."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, cli_group="meetings")

from portal.meetings import attachments, chat, cli, debrief_routes, demo, routes  # noqa: E402,F401
