"""Competence-gap surveys (kartlegginger): build, answer, results, exports."""

from portal import dashboard, personal_data
from portal.network import demo as network_demo
from portal.surveys import aggregate, demo, services
from portal.surveys.routes import bp, survey_panel

bp.add_app_template_filter(aggregate.decimal, "desimal")
dashboard.panel(order=30)(survey_panel)
network_demo.loader(demo.add_surveys)
personal_data.source("kartlegginger")(services.personal_survey_data)

__all__ = ["bp"]
