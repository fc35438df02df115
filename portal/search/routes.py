"""Search pages: results at /sok, title suggestions at /sok/forslag (JSON)."""

from datetime import date

from flask import Blueprint, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access import requires
from portal.core.places import municipalities
from portal.search import registry, services
from portal.search.query import Problem

bp = Blueprint("search", __name__, cli_group="search")

MAX_PAGE = 500
PROBLEMS = {
    Problem.EMPTY: _l("Skriv ett eller flere ord å søke etter."),
    Problem.STOP_WORDS: _l(
        "Søket har bare småord som «og», «i» og «på», som søket hopper over. Prøv et mer "
        "særegent ord, eller sett ordene i anførselstegn for å finne uttrykket."
    ),
    Problem.ONLY_EXCLUDED: _l(
        "Søket har bare ord med minus foran. Skriv minst ett ord du vil finne."
    ),
}
SHORTENED = _l("Søket var langt, så bare begynnelsen av det ble brukt.")
FAILED = _l("Søket kunne ikke gjennomføres. Prøv igjen med færre spesialtegn.")
BAD_DATE = _l("Datoen «%(value)s» ble ikke forstått, så den er ikke brukt. Velg en dato i feltet.")


def _date_arg(name: str, notes: list[str]) -> date | None:
    """An ISO date query parameter; a note (and no filter) when it is not one."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        notes.append(BAD_DATE % {"value": value[:20]})
        return None


def _filters(notes: list[str]) -> services.Filters:
    """The filters in the query string; unknown values are ignored."""
    kind = request.args.get("type", "")
    place = request.args.get("kommune", "")
    page = request.args.get("side", "")
    return services.Filters(
        kind=kind if kind in {k.code for k in registry.kinds()} else None,
        municipality_id=int(place) if place.isdigit() else None,
        date_from=_date_arg("fra", notes),
        date_to=_date_arg("til", notes),
        page=min(int(page), MAX_PAGE) if page.isdigit() and int(page) > 0 else 1,
    )


@bp.route("/sok")
@requires("search.use")
def results():
    """Results for the query, grouped by kind, with filters and pages."""
    text = request.args.get("q", "")
    notes: list[str] = []
    filters = _filters(notes)
    found = services.search(current_user, text, filters) if text.strip() else None
    problem = PROBLEMS[Problem.EMPTY] if "q" in request.args and found is None else None
    if found is not None:
        if found.query.problem is not None:
            problem = PROBLEMS[found.query.problem]
        elif found.failed:
            problem = FAILED
        if found.query.shortened:
            notes.append(SHORTENED)
    return render_template(
        "search/results.html",
        text=text,
        found=found,
        filters=filters,
        problem=problem,
        notes=notes,
        kinds=registry.kinds(),
        municipalities=municipalities(),
    )


@bp.route("/sok/forslag")
@requires("search.use")
def suggestions():
    """Up to eight titles starting with what has been typed (for the header's search field)."""
    return jsonify(services.suggest(current_user, request.args.get("q", "")))
