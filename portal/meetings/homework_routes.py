"""Pages for homework, action items and key figures (nøkkeltall)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import can, load, requires
from portal.core.cells import table_download
from portal.core.places import municipalities
from portal.dashboard import Panel
from portal.extensions import db
from portal.meetings import calendars, homework
from portal.meetings import charts as chart_layout
from portal.meetings.forms import (
    KEY_FIGURE_SUGGESTIONS,
    ActionItemForm,
    AnswerForm,
    StatusForm,
    flat_errors,
)
from portal.meetings.models import ActionItem, Samling
from portal.meetings.routes import bp
from portal.meetings.services import MeetingError


@bp.route("/samlinger/<int:samling_id>/hjemmelekser/ny", methods=["GET", "POST"])
@requires("meetings.homework_manage")
def new_item(samling_id: int):
    """Add homework or an action item to a samling."""
    samling = load(Samling, samling_id)
    form = ActionItemForm(municipalities(), calendars.active_people())
    error = None
    if form.validate_on_submit():
        try:
            item = homework.add_action_item(
                current_user,
                samling,
                title=form.title.data,
                description=form.description.data or "",
                responsible=form.responsible.data,
                municipality_id=form.municipality.data or None,
                user_id=form.person.data or None,
                due_date=form.due_date.data,
                key_figure=form.key_figure.data or "",
            )
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Oppgaven «%(title)s» er lagt til.", title=item.title))
            if samling.minutes is not None and not samling.minutes.is_published:
                return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))
            return redirect(url_for("meetings.item", item_id=item.id))
    return render_template(
        "meetings/item_form.html",
        samling=samling,
        form=form,
        error=error,
        errors=flat_errors(form),
        default_due=homework.default_due_date(samling),
        suggestions=KEY_FIGURE_SUGGESTIONS,
    )


@bp.route("/samlinger/hjemmelekser")
@requires("meetings.homework_view")
def items():
    """Homework and action items from the samlinger."""
    return render_template(
        "meetings/items.html",
        items=homework.visible_items(can(current_user, "meetings.homework_manage")),
        mine={i.id for i in homework.open_items_for(current_user)},
    )


def _render_item(item: ActionItem, answer_form: AnswerForm, error: str | None = None):
    """The item page with the answer form and, for moderators, every answer."""
    own = homework.answer_of(item, current_user.municipality_id)
    return render_template(
        "meetings/item.html",
        item=item,
        own=own,
        answer_form=answer_form,
        status_form=StatusForm(status=item.status),
        error=error,
        errors=flat_errors(answer_form),
        side_by_side=homework.answers_side_by_side(item)
        if can(current_user, "meetings.homework_manage")
        else None,
    )


@bp.route("/samlinger/hjemmelekser/<int:item_id>")
@requires("meetings.homework_view")
def item(item_id: int):
    """One homework item: your municipality's answer, and everyone's for moderators."""
    item = load(ActionItem, item_id)
    own = homework.answer_of(item, current_user.municipality_id)
    form = AnswerForm(data={"text": own.text, "number": own.number} if own else None)
    return _render_item(item, form)


@bp.route("/samlinger/hjemmelekser/<int:item_id>/svar", methods=["POST"])
@requires("meetings.homework_answer")
def answer(item_id: int):
    """Answer an every-municipality item for your municipality."""
    item = load(ActionItem, item_id)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            homework.answer_item(
                current_user, item, text=form.text.data or "", number=form.number.data
            )
        except MeetingError as refused:
            return _render_item(item, form, str(refused)), 400
        db.session.commit()
        flash(_("Svaret er lagret for kommunen din."))
        return redirect(url_for("meetings.item", item_id=item.id))
    return _render_item(item, form), 400


@bp.route("/samlinger/hjemmelekser/<int:item_id>/status", methods=["POST"])
@requires("meetings.homework_status")
def item_status(item_id: int):
    """Mark an item open or done."""
    item = load(ActionItem, item_id)
    form = StatusForm()
    if form.validate_on_submit():
        homework.set_item_status(current_user, item, form.status.data)
        db.session.commit()
        flash(_("Status er satt til «%(status_label)s».", status_label=item.status_label.lower()))
    else:
        flash(_("Velg status fra listen."), "error")
    return redirect(url_for("meetings.item", item_id=item.id))


@bp.route("/samlinger/nokkeltall")
@requires("meetings.key_figures")
def key_figures():
    """The network's key figures per municipality and year, as tables and bar charts."""
    figures = homework.key_figures()
    charts = {}
    for figure in figures:
        year, values = figure.latest()
        charts[figure.name] = (year, chart_layout.bar_chart(values))
    return render_template(
        "meetings/key_figures.html",
        figures=figures,
        charts=charts,
        label_width=chart_layout.CHART_LABEL_WIDTH,
        bar_space=chart_layout.CHART_BAR_SPACE,
        row=chart_layout.CHART_ROW,
    )


@bp.route("/samlinger/nokkeltall.<fmt>")
@requires("meetings.key_figures")
def key_figures_export(fmt: str):
    """The key figures as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    rows = homework.key_figure_rows(homework.key_figures())
    return table_download(homework.KEY_FIGURE_HEADER, rows, fmt, "nokkeltall", "Nøkkeltall")


def homework_panel(user) -> Panel | None:
    """Open homework for the user's municipality (or the user)."""
    mine = homework.open_items_for(user)
    if not mine:
        return None
    return Panel("meetings/panel_homework.html", {"items": mine})
