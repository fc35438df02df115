"""The årshjul: the network's year in one picture, from every feature's registered source."""

from portal import access, year_items
from portal.meetings import calendars
from portal.network import demo as network_demo
from portal.yearwheel import demo, policy, sources
from portal.yearwheel.routes import bp, feed_source

for _actions, _check in policy.RULES:
    access.rule(*_actions)(_check)
calendars.FEED_SOURCES.append(feed_source)
network_demo.loader(demo.add_demo_data)
year_items.source("event")(sources.own_events)

__all__ = ["bp"]
