"""Pages for routines: list, write, history and diff, approval, reading, comments, adopting."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access import can, load, require, requires
from portal.core.dates import oslo_today
from portal.core.forms import ConfirmForm, blank_field
from portal.core.numbers import int_arg
from portal.core.places import municipalities
from portal.core.translations import labels
from portal.dashboard import Panel
from portal.extensions import db
from portal.network.models import User
from portal.rutiner import adoption, approval, reading, services
from portal.rutiner.diff import diff_texts
from portal.rutiner.forms import (
    ApproveForm,
    CommentForm,
    DraftForm,
    NewRoutineForm,
    RestoreForm,
    ReturnForm,
    SubmitForm,
)
from portal.rutiner.models import (
    CATEGORIES,
    STATUS_LABELS,
    Routine,
    RoutineComment,
    Status,
    category_from_query,
)

OWN_ROUTINE = _l(
    "Du kan ikke godkjenne en rutine du selv har skrevet eller sendt til godkjenning. "
    "Be en kollega om å godkjenne den."
)

bp = Blueprint("rutiner", __name__, url_prefix="/rutiner", cli_group="rutiner")

# What every routine page shows besides the routine, loaded with it in one query.
DETAIL_RELATED = (
    "municipality",
    "responsible",
    "released_version",
    "released_version.approved_by",
)


def _to_detail(routine: Routine):
    """Redirect to the routine's page."""
    return redirect(url_for("rutiner.detail", routine_id=routine.id))


def _municipality_filter() -> str:
    """The owner filter: "felles", a municipality id in range, or none."""
    if request.args.get("kommune") == "felles":
        return "felles"
    municipality_id = int_arg("kommune")
    return str(municipality_id) if municipality_id else ""


@bp.route("/")
@requires("rutiner.view")
def index():
    """Routines the user may see, with filters, sorting and pages."""
    filters = services.Filters(
        municipality=_municipality_filter(),
        category=category_from_query(request.args.get("kategori", "")),
        status=request.args.get("status", ""),
        query=request.args.get("sok", "")[:100],
        sort=request.args.get("sorter", "tittel"),
        page=int_arg("side", 1),
    )
    page = services.list_routines(current_user, filters)
    owners = {place.id: place.name for place in municipalities()}
    categories = labels(CATEGORIES)
    return render_template(
        "rutiner/index.html",
        page=page,
        rows=services.row_values(
            current_user._get_current_object(), page.items, owners, categories, oslo_today()
        ),
        filters=filters,
        owner_choices=tuple(owners.items()),
        category_choices=tuple(categories.items()),
        status_choices=tuple(labels(STATUS_LABELS).items()),
    )


def _new_form() -> NewRoutineForm:
    """The new-routine form with the owners and responsible people this user may choose."""
    form = NewRoutineForm(responsible=current_user.id)
    owners = []
    people = []
    if current_user.municipality_id is not None:
        owners.append((str(current_user.municipality_id), current_user.municipality.name))
        people += services.owners_of(current_user.municipality_id)
    if can(current_user, "rutiner.edit", Routine(municipality_id=None)):
        owners.append(("felles", "Felles (hele nettverket)"))
        people += [p for p in services.owners_of(None) if p not in people]
    form.owner.choices = owners
    form.set_people(people)
    return form


@bp.route("/ny", methods=["GET", "POST"])
@requires("rutiner.create")
def new():
    """Write a new routine (saved as a draft); preview without saving."""
    form = _new_form()
    error = preview = None
    if request.method == "POST" and "forhandsvis" in request.form:
        form.validate()
        preview = form.body.data or ""
    elif form.validate_on_submit():
        municipality_id = None if form.owner.data == "felles" else int(form.owner.data)
        try:
            routine = services.create_routine(
                current_user,
                network_id=current_user.network_id,
                municipality_id=municipality_id,
                title=form.title.data,
                body=form.body.data,
                change_note=form.change_note.data or "",
                category=form.category.data,
                tags=form.tags.data or "",
                review_interval_months=form.review_interval.data,
                responsible=db.session.get(User, form.responsible.data),
            )
        except services.RoutineError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Utkastet er lagret som versjon 1."))
            return _to_detail(routine)
    return render_template("rutiner/new.html", form=form, error=error, preview=preview)


@bp.route("/<int:routine_id>")
@requires("rutiner.view")
def detail(routine_id: int):
    """The released version (or the draft, for owners), with reading, comments and actions."""
    return _render_detail(load(Routine, routine_id, related=DETAIL_RELATED))


def _render_detail(routine: Routine, comment_form: CommentForm | None = None, status: int = 200):
    """Render a routine's page; forms and look-ups only for what the user may do there."""
    owner = can(current_user, "rutiner.view_draft", routine)
    may_confirm = can(current_user, "rutiner.confirm", routine)
    submit_form = None
    if can(current_user, "rutiner.submit", routine):
        submit_form = SubmitForm.for_approvers(approval.eligible_approvers(routine, current_user))
    may_comment = can(current_user, "rutiner.comment", routine)
    return render_template(
        "rutiner/detail.html",
        routine=routine,
        shown=routine.released_version or routine.draft_version,
        owner=owner,
        draft=routine.draft_version if owner else None,
        may_confirm=may_confirm,
        confirmed=may_confirm and reading.has_confirmed(current_user, routine),
        comments=services.comments(routine),
        upstream=adoption.upstream_change(routine) if owner else None,
        submit_form=submit_form,
        may_comment=may_comment,
        comment_form=comment_form,
        blank_comment_field=blank_field(CommentForm, "body", rows=4)
        if may_comment and comment_form is None
        else "",
        light=services.review_light(routine.next_review_date, oslo_today()),
    ), status


@bp.route("/<int:routine_id>/rediger", methods=["GET", "POST"])
@requires("rutiner.edit")
def edit(routine_id: int):
    """Save a new version of the draft; a save based on an older version is refused."""
    routine = load(Routine, routine_id)
    latest = services.latest_version(routine)
    form = DraftForm(
        title=latest.title,
        body=latest.body,
        base_number=str(latest.number),
        category=routine.category,
        tags=routine.tags,
        review_interval=routine.review_interval_months,
        responsible=routine.responsible_id,
    )
    form.set_people(services.owners(routine))
    error = preview = conflict = None
    if request.method == "POST" and "forhandsvis" in request.form:
        form.validate()
        preview = form.body.data or ""
    elif form.validate_on_submit():
        try:
            services.update_settings(
                current_user,
                routine,
                category=form.category.data,
                tags=form.tags.data or "",
                review_interval_months=form.review_interval.data,
                responsible=db.session.get(User, form.responsible.data),
            )
            version = services.save_draft(
                current_user,
                routine,
                base_number=int(form.base_number.data or 0),
                title=form.title.data,
                body=form.body.data,
                change_note=form.change_note.data or "",
            )
        except services.StaleEdit as stale:
            db.session.rollback()
            error = str(stale)
            conflict = stale.current
            form.base_number.data = str(conflict.number)
            conflict_diff = diff_texts(conflict.body, form.body.data)
            return render_template(
                "rutiner/edit.html",
                routine=routine,
                form=form,
                error=error,
                conflict=conflict,
                conflict_diff=conflict_diff,
            ), 409
        except services.RoutineError as refused:
            db.session.rollback()
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Utkastet er lagret som versjon %(number)s.", number=version.number))
            return _to_detail(routine)
    return render_template(
        "rutiner/edit.html", routine=routine, form=form, error=error, preview=preview
    )


@bp.route("/<int:routine_id>/versjoner/<int:number>")
@requires("rutiner.view")
def version(routine_id: int, number: int):
    """One version's text."""
    routine = load(Routine, routine_id)
    shown = services.get_version(routine, number)
    if shown is None or not services.may_see_version(current_user, routine, shown):
        abort(404)
    return render_template(
        "rutiner/version.html",
        routine=routine,
        shown=shown,
        restore_form=RestoreForm(base_number=str(routine.version_count)),
    )


@bp.route("/<int:routine_id>/historikk")
@requires("rutiner.view")
def history(routine_id: int):
    """The versions, and the diff between any two of them (inline or side by side)."""
    routine = load(Routine, routine_id)
    versions = services.visible_versions(current_user, routine)
    by_number = {v.number: v for v in versions}
    newest = versions[0].number if versions else None
    new_number = int_arg("til", newest)
    old_number = int_arg("fra", versions[1].number if len(versions) > 1 else newest)
    old, new_ = by_number.get(old_number), by_number.get(new_number)
    if versions and (old is None or new_ is None):
        abort(404)
    mode = "side" if request.args.get("visning") == "side" else "inline"
    return render_template(
        "rutiner/history.html",
        routine=routine,
        versions=versions,
        old=old,
        new=new_,
        diff=services.compare_versions(old, new_) if versions else None,
        mode=mode,
    )


@bp.route("/<int:routine_id>/versjoner/<int:number>/gjenopprett", methods=["POST"])
@requires("rutiner.edit")
def restore(routine_id: int, number: int):
    """Make an old version's text the newest draft."""
    routine = load(Routine, routine_id)
    old = services.get_version(routine, number) or abort(404)
    form = RestoreForm()
    if form.validate_on_submit():
        try:
            created = services.restore_version(
                current_user, routine, old, int(form.base_number.data or 0)
            )
        except services.RoutineError as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return redirect(url_for("rutiner.version", routine_id=routine.id, number=number))
        db.session.commit()
        flash(
            _(
                "Versjon %(number)s er gjenopprettet som nytt utkast (versjon %(number2)s).",
                number=number,
                number2=created.number,
            )
        )
    return _to_detail(routine)


@bp.route("/<int:routine_id>/send", methods=["POST"])
@requires("rutiner.submit")
def submit(routine_id: int):
    """Send the draft to a named approver."""
    routine = load(Routine, routine_id)
    form = SubmitForm.for_approvers(approval.eligible_approvers(routine, current_user))
    if not form.validate_on_submit():
        flash(
            " ".join(map(str, form.approver.errors)) or _("Velg en godkjenner fra listen."), "error"
        )
        return _to_detail(routine)
    try:
        approval.submit(current_user, routine, db.session.get(User, form.approver.data))
    except services.RoutineError as refused:
        flash(str(refused), "error")
        return _to_detail(routine)
    db.session.commit()
    flash(_("Rutinen er sendt til %(name)s for godkjenning.", name=routine.approver.name))
    return _to_detail(routine)


def _approvable(routine_id: int) -> Routine:
    """Load a routine the current user may approve; explain plainly why not when it is their own."""
    routine = db.get_or_404(Routine, routine_id)
    if not can(current_user, "rutiner.approve", routine):
        require("rutiner.view", routine)
        if routine.status == Status.PENDING and approval.is_own(current_user, routine):
            abort(_refuse_own(routine))
        abort(403)
    return routine


def _refuse_own(routine: Routine):
    """A redirect to the routine with the 'not your own routine' message."""
    flash(OWN_ROUTINE, "error")
    return _to_detail(routine)


@bp.route("/<int:routine_id>/godkjenning")
@requires("rutiner.approve")
def review(routine_id: int):
    """The approver's page: what changed since the released version, approve or return."""
    routine = _approvable(routine_id)
    draft = routine.draft_version
    released = routine.released_version
    return render_template(
        "rutiner/review.html",
        routine=routine,
        draft=draft,
        released=released,
        diff=services.compare_versions(released, draft) if released else None,
        approve_form=ApproveForm(),
        return_form=ReturnForm(),
    )


@bp.route("/<int:routine_id>/godkjenn", methods=["POST"])
@requires("rutiner.approve")
def approve(routine_id: int):
    """Approve the pending draft: it becomes the released version."""
    routine = _approvable(routine_id)
    form = ApproveForm()
    if form.validate_on_submit():
        approval.approve(current_user, routine, significant=form.significant.data)
        db.session.commit()
        flash(
            _(
                "Versjon %(number)s er godkjent og gjelder fra nå.",
                number=routine.released_version.number,
            )
        )
    return _to_detail(routine)


@bp.route("/<int:routine_id>/returner", methods=["POST"])
@requires("rutiner.approve")
def return_draft(routine_id: int):
    """Send the draft back to its author with a comment."""
    routine = _approvable(routine_id)
    form = ReturnForm()
    if form.validate_on_submit():
        approval.return_draft(current_user, routine, form.comment.data)
        db.session.commit()
        flash(_("Utkastet er sendt tilbake med kommentaren din."))
        return _to_detail(routine)
    draft, released = routine.draft_version, routine.released_version
    return render_template(
        "rutiner/review.html",
        routine=routine,
        draft=draft,
        released=released,
        diff=services.compare_versions(released, draft) if released else None,
        approve_form=ApproveForm(),
        return_form=form,
    ), 400


@bp.route("/<int:routine_id>/utgatt", methods=["POST"])
@requires("rutiner.withdraw")
def withdraw(routine_id: int):
    """Mark an approved routine as expired."""
    routine = load(Routine, routine_id)
    if ConfirmForm().validate_on_submit():
        approval.withdraw(current_user, routine)
        db.session.commit()
        flash(_("Rutinen er satt som utgått."))
    return _to_detail(routine)


@bp.route("/<int:routine_id>/slett", methods=["POST"])
@requires("rutiner.delete")
def delete(routine_id: int):
    """Delete a routine that was never approved."""
    routine = load(Routine, routine_id)
    if not ConfirmForm().validate_on_submit():
        return _to_detail(routine)
    approval.delete_routine(current_user, routine)
    db.session.commit()
    flash(_("Utkastet er slettet."))
    return redirect(url_for("rutiner.index"))


@bp.route("/<int:routine_id>/lest", methods=["POST"])
@requires("rutiner.confirm")
def confirm(routine_id: int):
    """Confirm «lest og forstått» for the released version."""
    routine = load(Routine, routine_id, "rutiner.view")
    if ConfirmForm().validate_on_submit():
        try:
            reading.confirm_read(current_user, routine)
        except services.RoutineError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Takk! Du har bekreftet at du har lest og forstått rutinen."))
    return _to_detail(routine)


@bp.route("/<int:routine_id>/lesebekreftelser")
@requires("rutiner.readers")
def readers(routine_id: int):
    """Who has confirmed reading the routine, and who has not."""
    routine = load(Routine, routine_id)
    people = reading.readers(routine)
    return render_template(
        "rutiner/readers.html",
        routine=routine,
        confirmed=[p for p in people if p.valid],
        missing=[p for p in people if not p.valid],
    )


@bp.route("/<int:routine_id>/kommentarer", methods=["POST"])
@requires("rutiner.comment")
def comment(routine_id: int):
    """Add a comment to a routine."""
    routine = load(Routine, routine_id)
    form = CommentForm()
    if form.validate_on_submit():
        services.add_comment(current_user, routine, form.body.data)
        db.session.commit()
        flash(_("Kommentaren er lagt til."))
        return redirect(url_for("rutiner.detail", routine_id=routine.id) + "#kommentarer")
    return _render_detail(routine, comment_form=form, status=400)


@bp.route("/kommentarer/<int:comment_id>/slett", methods=["POST"])
@requires("rutiner.delete_comment")
def delete_comment(comment_id: int):
    """Delete a comment."""
    found = db.get_or_404(RoutineComment, comment_id)
    require("rutiner.view", found.routine)
    require("rutiner.delete_comment", found)
    routine = found.routine
    if ConfirmForm().validate_on_submit():
        services.delete_comment(current_user, found)
        db.session.commit()
        flash(_("Kommentaren er slettet."))
    return _to_detail(routine)


@bp.route("/<int:routine_id>/ta-i-bruk", methods=["POST"])
@requires("rutiner.adopt")
def adopt(routine_id: int):
    """Copy the released routine into your own municipality as a new draft."""
    origin = load(Routine, routine_id)
    if not ConfirmForm().validate_on_submit():
        return _to_detail(origin)
    routine = adoption.adopt(current_user, origin)
    db.session.commit()
    flash(_("Rutinen er kopiert som et nytt utkast. Tilpass den og send den til godkjenning."))
    return _to_detail(routine)


@bp.route("/<int:routine_id>/original")
@requires("rutiner.edit")
def upstream(routine_id: int):
    """What changed in the original since this routine adopted it."""
    routine = load(Routine, routine_id)
    change = adoption.upstream_change(routine) or abort(404)
    return render_template(
        "rutiner/upstream.html",
        routine=routine,
        change=change,
        diff=services.compare_versions(change.adopted, change.current),
        mode="side" if request.args.get("visning") == "side" else "inline",
        button_form=ConfirmForm(),
    )


@bp.route("/<int:routine_id>/original/gjennomgatt", methods=["POST"])
@requires("rutiner.edit")
def acknowledge(routine_id: int):
    """Mark the original's changes as taken into account."""
    routine = load(Routine, routine_id)
    if ConfirmForm().validate_on_submit():
        try:
            adoption.acknowledge_upstream(current_user, routine)
        except services.RoutineError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Endringene i originalen er merket som gjennomgått."))
    return _to_detail(routine)


@bp.route("/sammenlign")
@requires("rutiner.view")
def compare():
    """Two released routines of a category side by side: rendered and aligned, or as source diff."""
    category = category_from_query(request.args.get("kategori", ""))
    candidates = services.comparable(current_user, category)
    by_id = {r.id: r for r in candidates}
    left, right = by_id.get(int_arg("a")), by_id.get(int_arg("b"))
    error = None
    if ("a" in request.args or "b" in request.args) and (left is None or right is None):
        error = _("Velg to godkjente rutiner i samme kategori.")
    elif left is not None and left.id == right.id:
        error = _("Velg to forskjellige rutiner.")
    mode = "kilde" if request.args.get("visning") == "kilde" else "rendret"
    diff = sections = None
    if left is not None and right is not None and error is None:
        if mode == "kilde":
            diff = services.compare_versions(left.released_version, right.released_version)
        else:
            sections = services.compare_rendered_versions(
                left.released_version, right.released_version
            )
    return render_template(
        "rutiner/compare.html",
        mode=mode,
        sections=sections,
        categories=CATEGORIES,
        category=category,
        candidates=candidates,
        left=left,
        right=right,
        diff=diff,
        error=error,
    )


@bp.route("/<int:routine_id>/utskrift")
@requires("rutiner.view")
def print_view(routine_id: int):
    """The released version with its metadata, laid out for printing or saving as PDF."""
    routine = load(Routine, routine_id)
    if routine.released_version is None:
        abort(404)
    return render_template("rutiner/print.html", routine=routine, shown=routine.released_version)


def reading_panel(user) -> Panel | None:
    """Start page: routines to read, drafts to approve and review lights for the responsible."""
    to_read = reading.must_read(user)
    to_approve = reading.awaiting_approval(user)
    responsible = reading.responsible_for(user)
    if not (to_read or to_approve or responsible):
        return None
    return Panel(
        "rutiner/panel.html",
        {
            "to_read": to_read,
            "to_approve": to_approve,
            "responsible": responsible,
            "today": oslo_today(),
            "light": services.review_light,
        },
    )
