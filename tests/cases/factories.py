"""Case data for tests: a complete, clean case that passes the scan, and form posts of it."""

from portal.cases.models import SECTION_FIELDS

CLEAN_SECTION = "Mann i 40-årene med angst og rusproblemer, fulgt opp hjemme to ganger i uka."


def case_data(**overrides) -> dict:
    """A complete case with no identifiers (service data and form post alike)."""
    data = {
        "title": "Samarbeid rundt bolig og rus",
        "age_band": "40s",
        "region": "inner",
        "severity": "severe",
        "setting": "home",
        "rop": "yes",
        "life_domains": ["housing", "substances"],
        "consent": "obtained",
        **{field: CLEAN_SECTION for field in SECTION_FIELDS},
    }
    data.update(overrides)
    return data


CHECKLIST_ALL = {
    "check_names": True,
    "check_addresses": True,
    "check_dates": True,
    "check_rare_facts": True,
}
CHECKLIST_FORM = {name: "y" for name in CHECKLIST_ALL}
