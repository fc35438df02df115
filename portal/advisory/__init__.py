"""The advisory unit: members ask difficult-case questions; the unit answers. Advice, not journal."""

from portal import access, dashboard, personal_data
from portal.advisory import demo, policy, services
from portal.advisory.routes import bp, waiting_panel
from portal.network import demo as network_demo

for _actions, _check in policy.RULES:
    access.rule(*_actions)(_check)
dashboard.panel(order=31)(waiting_panel)
network_demo.loader(demo.add_demo_data)
personal_data.source("rådgivende enhet")(services.personal_advice_data)

__all__ = ["bp"]
