"""Pages for anonymised cases: list, write, scan and resolve findings, review, discussion, log."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import can, load, requires
from portal.cases import listing, services
from portal.cases.forms import (
    CaseForm,
    CommentForm,
    DismissForm,
    MarkForm,
    ReflectionForm,
    ReplaceForm,
    ReturnForm,
    SubmitForm,
    WithdrawForm,
)
from portal.cases.identifiers import KIND_LABELS
from portal.cases.models import (
    CHECKLIST,
    CHECKLIST_FIELDS,
    FIELD_LABELS,
    LIFE_DOMAINS,
    SCANNED_FIELDS,
    SECTIONS,
    Case,
    CaseDismissal,
    CaseMarking,
    CaseStatus,
    status_tags,
)
from portal.core.forms import ConfirmForm, blank_field
from portal.core.fragments import id_url
from portal.core.numbers import int_arg
from portal.dashboard import Panel
from portal.extensions import db

bp = Blueprint("cases", __name__, url_prefix="/saker", cli_group="cases")


def _form_data(case: Case) -> dict:
    """The case's values in the shape the case form expects."""
    data = {name: getattr(case, name) for name in SCANNED_FIELDS}
    data.update(
        age_band=case.age_band,
        region=case.region,
        severity=case.severity,
        setting=case.setting,
        consent=case.consent,
        rop={True: "yes", False: "no"}.get(case.rop),
        life_domains=case.domain_codes,
        version=str(case.version),
    )
    return data


def _after_save(case: Case):
    """After saving: to the findings if the scan found any, else to the case."""
    count = len(services.open_findings(case))
    if count:
        flash(
            _(
                "Saken er lagret. Skanningen fant %(count)s mulige identifikatorer. Gå "
                "gjennom dem før saken sendes til vurdering.",
                count=count,
            ),
            "warning",
        )
        return redirect(url_for("cases.findings", case_id=case.id))
    flash(_("Saken er lagret. Skanningen fant ingen identifikatorer."))
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/")
@requires("case.list")
def index():
    """Published cases for everyone, the municipality's own cases, and the review queue."""
    published = listing.published_cases(page=int_arg("side", 1))
    own = listing.municipality_cases(current_user.municipality_id, page=int_arg("egne", 1))
    queue = listing.review_queue(current_user) if can(current_user, "case.review") else []
    case_url = id_url("cases.show", "case_id")
    region = services.CODES["region"]
    tags = status_tags() if own else {}
    return render_template(
        "cases/index.html",
        published=published,
        published_rows=tuple(
            (case_url % case_id, title, region.get(code, "–"), published_at, comments)
            for case_id, title, code, published_at, comments in published.items
        ),
        own=own,
        own_rows=tuple(
            (case_url % case_id, title, *tags[(status, withdrawn_at is not None)], updated_at)
            for case_id, title, status, withdrawn_at, updated_at in own.items
        )
        if own
        else (),
        queue_rows=tuple(
            (case_url % case_id, title, region.get(code, "–"), submitted_at)
            for case_id, title, code, submitted_at in queue
        ),
    )


@bp.route("/ny", methods=["GET", "POST"])
@requires("case.create")
def new():
    """Write a new case from the structured template."""
    form = CaseForm()
    error = None
    if form.validate_on_submit():
        try:
            case = services.create_case(current_user, form.data)
        except services.CaseError as refused:
            error = str(refused)
        else:
            db.session.commit()
            return _after_save(case)
    return render_template("cases/form.html", form=form, case=None, error=error, sections=SECTIONS)


@bp.route("/<int:case_id>")
@requires("case.view")
def show(case_id: int):
    """One case (the view is logged)."""
    case = load(Case, case_id)
    page = _show_page(case)  # before the commit, which would expire the case and the user
    # The view is written last: the write (SQLite's one lock for every process) is held from
    # the insert to the commit, not while the page renders.
    services.log_view(current_user, case)
    db.session.commit()
    return page


def _facts(case: Case, editable: bool) -> tuple:
    """The case's facts as plain values for the page: code labels (None when not chosen), ROP,
    life domains, the day it was published, and its author for those who may edit it."""
    codes = services.CODES
    return (
        codes["age_band"].get(case.age_band),
        codes["region"].get(case.region),
        codes["severity"].get(case.severity),
        codes["setting"].get(case.setting),
        case.rop,
        tuple(_DOMAIN_LABELS.get(code, "") for code in case.domain_codes),
        codes["consent"].get(case.consent),
        case.published_at,
        f"{case.author.name}, {case.municipality.name}" if editable else None,
    )


_DOMAIN_LABELS = dict(LIFE_DOMAINS)


def _show_page(case: Case, status: int = 200, **forms):
    """Render the case page with its forms (fresh ones unless given)."""
    editable = can(current_user, "case.edit", case)
    reviewer = can(current_user, "case.review", case)
    discuss = can(current_user, "case.discuss", case)
    return render_template(
        "cases/show.html",
        case=case,
        editable=editable,
        reviewer=reviewer,
        discuss=discuss,
        tag=status_tags()[(case.status, case.is_withdrawn)],
        facts=_facts(case, editable),
        sections=tuple((name, heading, getattr(case, name)) for name, heading, _help in SECTIONS),
        findings_count=len(services.open_findings(case)) if editable else 0,
        problems=services.submission_problems(case)
        if editable and case.status == CaseStatus.DRAFT
        else [],
        discussion=listing.discussion(case.id) if case.status == CaseStatus.PUBLISHED else ((), ()),
        comment_form=forms.get("comment_form"),  # sent with errors; else the blank field
        blank_comment=blank_field(CommentForm, "body", rows=4) if discuss else "",
        reflection_form=forms.get("reflection_form"),
        blank_reflection=blank_field(ReflectionForm, "question", rows=2) if discuss else "",
        return_form=forms.get("return_form") or (ReturnForm() if reviewer else None),
        mark_form=forms.get("mark_form") or (MarkForm() if reviewer else None),
        warnings=services.singling_out_warnings(case) if reviewer else [],
        kind_labels=KIND_LABELS,
        button_form=ConfirmForm() if reviewer else None,
        error=forms.get("error"),
        links=(
            case.id,
            can(current_user, "case.view_log", case),
            can(current_user, "case.withdraw", case),
            can(current_user, "advice.ask")
            and case.municipality_id == current_user.municipality_id,
        ),
    ), status


@bp.route("/<int:case_id>/rediger", methods=["GET", "POST"])
@requires("case.edit")
def edit(case_id: int):
    """Edit a case; a case in review or published goes back to draft."""
    case = load(Case, case_id)
    form = CaseForm() if request.method == "POST" else CaseForm(data=_form_data(case))
    error = None
    if form.validate_on_submit():
        try:
            expected = int(form.version.data or 0)
        except ValueError:
            expected = 0
        try:
            unpublished = services.update_case(current_user, case, form.data, expected)
        except services.CaseError as refused:
            error = str(refused)
            db.session.rollback()
        else:
            db.session.commit()
            if unpublished:
                flash(
                    _(
                        "Saken er endret og er tilbake som utkast. Den må sendes til vurdering "
                        "på nytt før nettverket ser den."
                    ),
                    "warning",
                )
            return _after_save(case)
    return render_template("cases/form.html", form=form, case=case, error=error, sections=SECTIONS)


@bp.route("/<int:case_id>/gjennomgang")
@requires("case.edit")
def findings(case_id: int):
    """The scan findings highlighted in the text, each with replace and dismiss forms."""
    case = load(Case, case_id)
    page = _findings_page(case)  # before the commit, which would expire the case and the user
    services.log_view(current_user, case, "findings")  # last, as on the case page
    db.session.commit()
    return page


def _findings_page(case: Case, problem: dict | None = None, status: int = 200):
    """Render the findings page; ``problem`` holds an error and what was typed for a finding."""
    items = services.open_findings(case)
    fields = [
        (field, FIELD_LABELS[field], services.highlight(case.section_text(field), [i for i in items if i.field == field]))
        for field in SCANNED_FIELDS
        if case.section_text(field)
    ]  # fmt: skip
    return render_template(
        "cases/findings.html",
        case=case,
        items=items,
        fields=fields,
        problem=problem or {},
        kind_labels=KIND_LABELS,
    ), status


@bp.route("/<int:case_id>/skann", methods=["POST"])
@requires("case.edit")
def scan(case_id: int):
    """Scan the case again on demand."""
    case = load(Case, case_id)
    if ConfirmForm().validate_on_submit():
        count = len(services.record_scan(current_user, case))
        db.session.commit()
        flash(
            _("Skanningen fant %(count)s uavklarte funn.", count=count)
            if count
            else _("Skanningen fant ingen uavklarte funn."),
            "warning" if count else "success",
        )
    return redirect(url_for("cases.findings", case_id=case.id))


def _first_error(form) -> str:
    """The first validation message of a form."""
    for errors in form.errors.values():
        return " ".join(map(str, errors))
    return _("Skjemaet kunne ikke leses. Last siden på nytt.")


@bp.route("/<int:case_id>/erstatt", methods=["POST"])
@requires("case.edit")
def replace(case_id: int):
    """Replace a finding with a placeholder."""
    case = load(Case, case_id)
    form = ReplaceForm()
    if not form.validate_on_submit():
        problem = {
            "number": form.number.data,
            "message": _first_error(form),
            "replacement": form.replacement.data,
        }
        return _findings_page(case, problem, 400)
    try:
        count = services.replace_finding(
            current_user, case, form.field.data, form.start.data, form.end.data,
            form.expected.data, form.replacement.data, form.everywhere.data,
        )  # fmt: skip
    except services.CaseError as refused:
        db.session.rollback()
        problem = {
            "number": form.number.data,
            "message": str(refused),
            "replacement": form.replacement.data,
        }
        return _findings_page(case, problem, 409)
    db.session.commit()
    flash(
        _("Funnet er erstattet.")
        if count == 1
        else _("%(count)s forekomster er erstattet.", count=count)
    )
    return redirect(url_for("cases.findings", case_id=case.id))


@bp.route("/<int:case_id>/ikke-identifikator", methods=["POST"])
@requires("case.edit")
def dismiss(case_id: int):
    """Mark a finding «ikke en identifikator» with a reason."""
    case = load(Case, case_id)
    form = DismissForm()
    if form.validate_on_submit():
        try:
            services.dismiss_finding(
                current_user, case, form.kind.data, form.text.data, form.reason.data
            )
        except services.CaseError as refused:
            db.session.rollback()
            message = str(refused)
        else:
            db.session.commit()
            flash(_("Funnet er merket som «ikke en identifikator»."))
            return redirect(url_for("cases.findings", case_id=case.id))
    else:
        message = _first_error(form)
    problem = {"number": form.number.data, "message": message, "reason": form.reason.data}
    return _findings_page(case, problem, 400)


@bp.route("/<int:case_id>/ikke-identifikator/<int:dismissal_id>/angre", methods=["POST"])
@requires("case.edit")
def undo_dismissal(case_id: int, dismissal_id: int):
    """Take back an «ikke en identifikator» decision."""
    case = load(Case, case_id)
    dismissal = db.get_or_404(CaseDismissal, dismissal_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.undo_dismissal(current_user, case, dismissal)
        except services.CaseError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Vurderingen er angret; funnet er åpent igjen."))
    return redirect(url_for("cases.findings", case_id=case.id))


@bp.route("/<int:case_id>/send-til-vurdering", methods=["GET", "POST"])
@requires("case.submit")
def submit(case_id: int):
    """The anonymisation checklist and the gate; send the case to review."""
    case = load(Case, case_id)
    if request.method == "POST":
        form = SubmitForm()
    else:
        form = SubmitForm(data={name: getattr(case, name) for name in CHECKLIST_FIELDS})
    error = None
    if form.validate_on_submit():
        try:
            services.submit(
                current_user, case, {name: form[name].data for name in CHECKLIST_FIELDS}
            )
        except services.CaseError as refused:
            db.session.rollback()
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Saken er sendt til vurdering. Moderator eller jurist ser på den."))
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template(
        "cases/submit.html",
        case=case,
        form=form,
        checklist=CHECKLIST,
        problems=services.submission_problems(case),
        error=error,
    ), (400 if error else 200)


@bp.route("/<int:case_id>/publiser", methods=["POST"])
@requires("case.review")
def publish(case_id: int):
    """Publish a case in review to the whole network."""
    case = load(Case, case_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.publish(current_user, case)
        except services.CaseError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Saken er publisert for hele nettverket."))
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/<int:case_id>/returner", methods=["POST"])
@requires("case.review")
def return_case(case_id: int):
    """Return a case in review to its municipality with a comment."""
    case = load(Case, case_id)
    form = ReturnForm()
    if form.validate_on_submit():
        services.return_case(current_user, case, form.comment.data)
        db.session.commit()
        flash(_("Saken er sendt tilbake til kommunen med kommentaren din."))
        return redirect(url_for("cases.show", case_id=case.id))
    return _show_page(case, 400, return_form=form)


@bp.route("/<int:case_id>/merk-identifikator", methods=["POST"])
@requires("case.review")
def mark(case_id: int):
    """A reviewer marks text the scan missed as an identifier (blocks publishing)."""
    case = load(Case, case_id)
    form = MarkForm()
    if form.validate_on_submit():
        try:
            services.mark_identifier(
                current_user, case, form.field.data, form.text.data, form.kind.data
            )
        except services.CaseError as refused:
            db.session.rollback()
            form.text.errors.append(str(refused))
        else:
            db.session.commit()
            flash(
                _(
                    "Teksten er merket som identifikator. Saken kan ikke publiseres før den er "
                    "erstattet."
                )
            )
            return redirect(url_for("cases.show", case_id=case.id, _anchor="vurdering"))
    return _show_page(case, 400, mark_form=form)


@bp.route("/<int:case_id>/merking/<int:marking_id>/fjern", methods=["POST"])
@requires("case.review")
def remove_marking(case_id: int, marking_id: int):
    """Take back a reviewer's marking."""
    case = load(Case, case_id)
    marking = db.get_or_404(CaseMarking, marking_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_marking(current_user, case, marking)
        except services.CaseError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Merkingen er fjernet."))
    return redirect(url_for("cases.show", case_id=case.id, _anchor="vurdering"))


@bp.route("/<int:case_id>/kommentarer", methods=["POST"])
@requires("case.discuss")
def comment(case_id: int):
    """Add a comment to the discussion of a published case."""
    case = load(Case, case_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(current_user, case, form.body.data, form.checked.data)
        except services.CaseError as refused:
            db.session.rollback()
            form.body.errors.append(str(refused))
        else:
            db.session.commit()
            flash(_("Kommentaren er lagt til."))
            return redirect(url_for("cases.show", case_id=case.id, _anchor="diskusjon"))
    return _show_page(case, 400, comment_form=form)


@bp.route("/<int:case_id>/refleksjon", methods=["POST"])
@requires("case.discuss")
def reflection(case_id: int):
    """Attach a reflection question for the next samling."""
    case = load(Case, case_id)
    form = ReflectionForm()
    if form.validate_on_submit():
        try:
            services.add_reflection(current_user, case, form.question.data, form.checked.data)
        except services.CaseError as refused:
            db.session.rollback()
            form.question.errors.append(str(refused))
        else:
            db.session.commit()
            flash(_("Refleksjonsspørsmålet er lagt til."))
            return redirect(url_for("cases.show", case_id=case.id, _anchor="refleksjon"))
    return _show_page(case, 400, reflection_form=form)


@bp.route("/<int:case_id>/visninger")
@requires("case.view_log")
def views(case_id: int):
    """Who has seen the case, and when."""
    case = load(Case, case_id)
    return render_template("cases/views.html", case=case, views=services.view_log(case))


@bp.route("/<int:case_id>/trekk-tilbake", methods=["GET", "POST"])
@requires("case.withdraw")
def withdraw(case_id: int):
    """Withdraw a case with a reason; it is deleted for good after the retention period."""
    case = load(Case, case_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        services.withdraw(current_user, case, form.reason.data)
        db.session.commit()
        flash(_("Saken er trukket tilbake."))
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/withdraw.html", case=case, form=form)


def review_panel(user) -> Panel | None:
    """Reviewers see the cases waiting for them; members see their municipality's drafts."""
    if can(user, "case.review"):
        return Panel("cases/panel_review.html", {"queue": listing.review_queue(user)})
    return None
