"""Debriefing sessions, their registration, the live chat room and defusing requests."""

from portal import dashboard, personal_data, signals
from portal.debrief import chat, cli, demo, search, services
from portal.debrief.routes import bp, debrief_panel
from portal.extensions import socketio
from portal.meetings import calendars
from portal.network import demo as network_demo
from portal.search import registry as search_registry

bp.cli.command("purge-chat")(cli.purge_chat_command)
for _event, _handler in chat.HANDLERS.items():
    socketio.on_event(_event, _handler, namespace=chat.NAMESPACE)
signals.sessions_ended.connect(chat.on_sessions_ended)
dashboard.panel(order=45)(debrief_panel)
calendars.FEED_SOURCES.append(services.registered_events)
network_demo.loader(demo.add_debrief_series)
personal_data.source("debrifing")(services.personal_debrief_data)
search_registry.register(search.SOURCE)

__all__ = ["bp"]
