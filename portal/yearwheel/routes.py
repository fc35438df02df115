"""The årshjul page (wheel and list), the network's own events, and the personal feed entries."""

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from portal import year_items
from portal.access import load, requires
from portal.core.dates import oslo_today
from portal.core.forms import ConfirmForm
from portal.extensions import db
from portal.yearwheel import services, wheel
from portal.yearwheel.forms import EventForm
from portal.yearwheel.models import YearEvent

bp = Blueprint("yearwheel", __name__, url_prefix="/arshjul")


@bp.route("/")
@requires("yearwheel.view")
def index():
    """The network's year as a wheel and as a list, filtered by kind; prints on one A4 page."""
    year = request.args.get("ar", oslo_today().year, type=int)
    if not 2000 <= year <= 2100:
        abort(404)
    kinds = year_items.registered_kinds()
    chosen = [k for k in request.args.getlist("type") if k in kinds] or kinds
    items = services.items_of_year(current_user, year, chosen)
    return render_template(
        "yearwheel/index.html",
        year=year,
        kinds=kinds,
        chosen=chosen,
        labels=year_items.KINDS,
        ring_labels=", ".join(year_items.KINDS[k] for k in chosen),
        items=items,
        wheel=wheel.layout(year, items, chosen),
        events=services.events_between(date(year, 1, 1), date(year, 12, 31)),
        confirm=ConfirmForm(),
    )


@bp.route("/hendelser/ny", methods=["GET", "POST"])
@requires("yearwheel.manage")
def new_event():
    """Put one of the network's own events on the year."""
    form = EventForm()
    error = None
    if form.validate_on_submit():
        try:
            event = services.add_event(
                current_user,
                title=form.title.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                description=form.description.data,
            )
        except services.YearWheelError as problem:
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Hendelsen er lagt inn i årshjulet."))
            return redirect(url_for("yearwheel.index", ar=event.starts_on.year))
    return render_template("yearwheel/event_form.html", form=form, error=error)


@bp.route("/hendelser/<int:event_id>/slett", methods=["POST"])
@requires("yearwheel.manage")
def delete_event(event_id: int):
    """Remove one of the network's own events."""
    event = load(YearEvent, event_id)
    year = event.starts_on.year
    if ConfirmForm().validate_on_submit():
        services.delete_event(current_user, event)
        db.session.commit()
        flash(_("Hendelsen er fjernet."))
    return redirect(url_for("yearwheel.index", ar=year))


def feed_source(user) -> list:
    """The user's årshjul items for the personal calendar feed (links on the public address)."""
    root = current_app.config["PUBLIC_URL"]
    if has_request_context():
        return services.feed_events(user, oslo_today(), root)
    with current_app.test_request_context("/", base_url=root):  # url_for outside a request
        return services.feed_events(user, oslo_today(), root)
