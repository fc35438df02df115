"""Pages for the advisory unit: ask, the thread, the unit's queue and its members."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.access import load, require, requires
from portal.advisory import services
from portal.advisory.forms import AdviserForm, AskForm, ReplyForm
from portal.advisory.models import Adviser, Consultation
from portal.advisory.policy import in_unit
from portal.cases.listing import municipality_cases
from portal.cases.models import Case
from portal.core.forms import ConfirmForm
from portal.dashboard import Panel
from portal.extensions import db
from portal.identifier_gate import IdentifierGateError
from portal.network.models import User
from portal.notices import send as send_notices

bp = Blueprint("advisory", __name__, url_prefix="/radgivning")


def _after_commit(notices) -> None:
    """Send notices after the change is committed (outbox rows are committed too)."""
    send_notices(notices)
    db.session.commit()


@bp.route("/")
@requires("advice.list")
def index():
    """The municipality's consultations, or the unit's whole queue, with the answer time."""
    return render_template(
        "advisory/index.html",
        consultations=services.consultations_for(current_user),
        unit=in_unit(current_user),
        answer_time=services.answer_time(),
        members=services.unit_members(),
    )


@bp.route("/ny", methods=["GET", "POST"])
@requires("advice.ask")
def ask():
    """Send a question to the advisory unit, free-standing or about one of your cases."""
    form = AskForm()
    cases = municipality_cases(current_user.municipality_id)
    form.case_id.choices = [("", _("Ingen sak (frittstående spørsmål)"))] + [
        (str(c.id), c.title) for c in (cases.items if cases else [])
    ]
    if request.method == "GET" and request.args.get("sak"):
        form.case_id.data = request.args["sak"]
    error, findings = None, []
    if form.validate_on_submit():
        case = db.session.get(Case, int(form.case_id.data)) if form.case_id.data else None
        if case is not None:
            require("case.view", case)
        try:
            consultation, notices = services.ask(
                current_user,
                title=form.title.data,
                body=form.body.data,
                case=case,
                identifier_reason=form.identifier_reason.data,
            )
        except IdentifierGateError as problem:
            error, findings = str(problem), problem.findings
        except services.AdvisoryError as problem:
            error = str(problem)
        else:
            db.session.commit()
            _after_commit(notices)
            flash(_("Spørsmålet er sendt til rådgivende enhet."))
            return redirect(url_for("advisory.show", consultation_id=consultation.id))
    return render_template("advisory/ask.html", form=form, error=error, findings=findings)


@bp.route("/<int:consultation_id>", methods=["GET", "POST"])
@requires("advice.view")
def show(consultation_id: int):
    """The thread; the asking municipality and the unit write in it until it is closed."""
    consultation = load(Consultation, consultation_id)
    form = ReplyForm()
    error, findings = None, []
    if form.is_submitted():
        require("advice.reply", consultation)
        if form.validate():
            try:
                _message, notices = services.reply(
                    current_user, consultation, form.body.data, form.identifier_reason.data
                )
            except IdentifierGateError as problem:
                error, findings = str(problem), problem.findings
            except services.AdvisoryError as problem:
                error = str(problem)
            else:
                db.session.commit()
                _after_commit(notices)
                flash(_("Meldingen er sendt."))
                return redirect(url_for("advisory.show", consultation_id=consultation.id))
    case = db.session.get(Case, consultation.case_id) if consultation.case_id else None
    return render_template(
        "advisory/show.html",
        consultation=consultation,
        case=case,
        form=form,
        error=error,
        findings=findings,
        confirm=ConfirmForm(),
    )


@bp.route("/<int:consultation_id>/lukk", methods=["POST"])
@requires("advice.close")
def close(consultation_id: int):
    """Close a consultation."""
    consultation = load(Consultation, consultation_id)
    if ConfirmForm().validate_on_submit():
        services.close(current_user, consultation)
        db.session.commit()
        flash(_("Konsultasjonen er lukket."))
    return redirect(url_for("advisory.show", consultation_id=consultation.id))


@bp.route("/enheten", methods=["GET", "POST"])
@requires("advice.unit_manage")
def unit():
    """Moderators and admins name the unit's advisers (legal advisers always belong)."""
    form = AdviserForm()
    named = {a.user_id for a in services.named_advisers()}
    form.user_id.choices = [
        (u.id, f"{u.name} ({u.municipality.name if u.municipality else u.role_label})")
        for u in db.session.scalars(
            select(User).where(User.active.is_(True), User.role != "legal").order_by(User.name)
        )
        if u.id not in named
    ]
    error = None
    if form.validate_on_submit():
        try:
            services.add_adviser(current_user, db.get_or_404(User, form.user_id.data))
        except services.AdvisoryError as problem:
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Rådgiveren er lagt til."))
            return redirect(url_for("advisory.unit"))
    return render_template(
        "advisory/unit.html",
        form=form,
        error=error,
        advisers=services.named_advisers(),
        members=services.unit_members(),
        confirm=ConfirmForm(),
    )


@bp.route("/enheten/<int:user_id>/fjern", methods=["POST"])
@requires("advice.unit_manage")
def remove_adviser(user_id: int):
    """Take a named adviser out of the unit."""
    adviser = db.get_or_404(Adviser, user_id)
    if ConfirmForm().validate_on_submit():
        services.remove_adviser(current_user, adviser)
        db.session.commit()
        flash(_("Rådgiveren er fjernet fra enheten."))
    return redirect(url_for("advisory.unit"))


def waiting_panel(user) -> Panel | None:
    """For the unit: consultations waiting for an answer."""
    if not in_unit(user):
        return None
    waiting = services.waiting()
    return Panel("advisory/panel.html", {"waiting": waiting}) if waiting else None
