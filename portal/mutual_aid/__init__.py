"""Mutual aid (Mål 3): robustness status, help requests and offers, agreements, key figures."""

from portal import access, dashboard, personal_data, year_items
from portal.mutual_aid import demo, policy, services, wheel
from portal.mutual_aid.routes import aid_panel, bp
from portal.network import demo as network_demo

for _actions, _check in policy.RULES:
    access.rule(*_actions)(_check)
dashboard.panel(order=25)(aid_panel)
network_demo.loader(demo.add_demo_data)
personal_data.source("bistand")(services.personal_aid_data)
year_items.source("agreement")(wheel.agreements)

__all__ = ["bp"]
