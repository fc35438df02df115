"""Pages for mutual aid (Mål 3): status, requests, offers, agreements, key figures."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import can, is_coordinator, load, require, requires
from portal.core.forms import ConfirmForm
from portal.dashboard import Panel
from portal.extensions import db
from portal.identifier_gate import IdentifierGateError
from portal.mutual_aid import chart, competence, services
from portal.mutual_aid.forms import (
    AcceptForm,
    AgreementForm,
    CloseForm,
    OfferForm,
    RequestForm,
    StatusForm,
)
from portal.mutual_aid.models import SERVICES, AidAgreement, AidOffer, AidRequest
from portal.network.models import Municipality
from portal.notices import send as send_notices

bp = Blueprint("mutual_aid", __name__, url_prefix="/bistand")


def _competence_choices(form) -> None:
    """Fill the competence list from the network's areas."""
    form.competence.choices = [("", _("Ikke et bestemt område"))] + [
        (area, area) for area in competence.areas()
    ]


def _notify_after_commit(notices) -> None:
    """Send the notices now that the change is committed, and keep outbox rows."""
    send_notices(notices)
    db.session.commit()


@bp.route("/")
@requires("aid.view")
def index():
    """The network's robustness, open requests, standing offers and your agreements."""
    network_id = current_user.network_id
    places = db.session.scalars(
        db.select(Municipality)
        .where(Municipality.network_id == network_id)
        .order_by(Municipality.name)
    ).all()
    return render_template(
        "mutual_aid/index.html",
        places=places,
        services=SERVICES,
        statuses=services.current_statuses(network_id),
        open_requests=services.open_requests(),
        standing=services.standing_offers(),
        own_requests=services.municipality_requests(current_user.municipality_id),
        agreements=services.agreements_for(
            current_user, everyone=can(current_user, "meetings.manage")
        ),
        figures=services.key_figures(),
        confirm=ConfirmForm(),
    )


@bp.route("/status", methods=["GET", "POST"])
@requires("aid.status_edit")
def status():
    """The contact person reports the robustness of a service."""
    municipality = db.get_or_404(Municipality, current_user.municipality_id)
    require("aid.status_edit", municipality)
    form = StatusForm()
    error = None
    if form.validate_on_submit():
        try:
            services.record_status(
                current_user,
                municipality,
                service=form.service.data,
                positions=form.positions.data,
                vacancies=form.vacancies.data,
                long_absence=form.long_absence.data,
                users_per_employee=form.users_per_employee.data,
                light=form.light.data,
                reason=form.reason.data,
            )
        except services.AidError as problem:
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Statusen er lagret."))
            return redirect(url_for("mutual_aid.history", municipality_id=municipality.id))
    return render_template(
        "mutual_aid/status_form.html", form=form, error=error, place=municipality
    )


@bp.route("/status/<int:municipality_id>")
@requires("aid.view")
def history(municipality_id: int):
    """A municipality's status reports over time: table and small charts (counts only)."""
    municipality = db.get_or_404(Municipality, municipality_id)
    reports = services.status_history(municipality.id)
    by_service = {code: [r for r in reports if r.service == code] for code, _label in SERVICES}
    charts = {
        code: chart.line_chart([r.vacancies + r.long_absence for r in rows])
        for code, rows in by_service.items()
        if len(rows) > 1
    }
    return render_template(
        "mutual_aid/history.html",
        place=municipality,
        services=SERVICES,
        by_service=by_service,
        charts=charts,
        size=(chart.WIDTH, chart.HEIGHT),
    )


@bp.route("/foresporsler/ny", methods=["GET", "POST"])
@requires("aid.request_create")
def new_request():
    """Ask the network for help."""
    form = RequestForm()
    _competence_choices(form)
    error, findings = None, []
    if form.validate_on_submit():
        try:
            request, notices = services.create_request(
                current_user,
                kind=form.kind.data,
                competence_area=form.competence.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                digital=form.digital.data,
                place=form.place.data,
                body=form.body.data,
                identifier_reason=form.identifier_reason.data,
            )
        except IdentifierGateError as problem:
            error, findings = str(problem), problem.findings
        except services.AidError as problem:
            error = str(problem)
        else:
            db.session.commit()
            _notify_after_commit(notices)
            flash(_("Forespørselen er sendt til nettverket."))
            return redirect(url_for("mutual_aid.request", request_id=request.id))
    return render_template(
        "mutual_aid/request_form.html", form=form, error=error, findings=findings
    )


@bp.route("/foresporsler/<int:request_id>")
@requires("aid.view")
def request(request_id: int):
    """A request with its offers, suggested helpers and what you can do."""
    aid_request = load(AidRequest, request_id)
    offer_form = OfferForm(kind=aid_request.kind, competence=aid_request.competence)
    _competence_choices(offer_form)
    show_matches = can(current_user, "aid.accept", aid_request) or is_coordinator(current_user)
    return render_template(
        "mutual_aid/request.html",
        aid_request=aid_request,
        offer_form=offer_form,
        matches=services.suggest_helpers(aid_request, current_user.network_id)
        if show_matches
        else [],
        show_matches=show_matches,
        confirm=ConfirmForm(),
    )


@bp.route("/foresporsler/<int:request_id>/tilby", methods=["POST"])
@requires("aid.offer")
def offer(request_id: int):
    """Offer help to a request."""
    aid_request = db.get_or_404(AidRequest, request_id)
    form = OfferForm()
    _competence_choices(form)
    if aid_request.municipality_id == current_user.municipality_id:
        flash(_("Dere kan ikke tilby hjelp til deres egen forespørsel."), "error")
        return redirect(url_for("mutual_aid.request", request_id=request_id))
    require("aid.offer", aid_request)
    if not form.validate_on_submit():
        return _request_again(aid_request, form, None)
    try:
        _offer, notices = services.make_offer(
            current_user,
            aid_request,
            kind=form.kind.data,
            competence_area=form.competence.data,
            body=form.body.data,
        )
    except (services.AidError, IdentifierGateError) as problem:
        return _request_again(aid_request, form, str(problem))
    db.session.commit()
    _notify_after_commit(notices)
    flash(_("Tilbudet er sendt."))
    return redirect(url_for("mutual_aid.request", request_id=request_id))


def _request_again(aid_request: AidRequest, form: OfferForm, error: str | None):
    """Show the request page again with the offer form and what was typed."""
    return render_template(
        "mutual_aid/request.html",
        aid_request=aid_request,
        offer_form=form,
        offer_error=error,
        matches=[],
        show_matches=False,
        confirm=ConfirmForm(),
    ), 400


@bp.route("/foresporsler/<int:request_id>/trekk", methods=["POST"])
@requires("aid.request_withdraw")
def withdraw_request(request_id: int):
    """The requester withdraws an open request."""
    aid_request = load(AidRequest, request_id)
    if ConfirmForm().validate_on_submit():
        services.withdraw_request(current_user, aid_request)
        db.session.commit()
        flash(_("Forespørselen er trukket."))
    return redirect(url_for("mutual_aid.request", request_id=request_id))


@bp.route("/foresporsler/<int:request_id>/godta/<int:offer_id>", methods=["GET", "POST"])
@requires("aid.accept")
def accept(request_id: int, offer_id: int):
    """The requester accepts an offer and records what is agreed."""
    aid_request = db.get_or_404(AidRequest, request_id)
    chosen = db.get_or_404(AidOffer, offer_id)
    if (
        aid_request.agreement is not None
        and aid_request.municipality_id == current_user.municipality_id
    ):
        flash(
            _("Forespørselen har allerede en avtale. Et tilbud kan bare godtas én gang."), "error"
        )
        return redirect(url_for("mutual_aid.agreement", agreement_id=aid_request.agreement.id))
    require("aid.accept", aid_request)
    if chosen.request_id != aid_request.id:
        abort(404)
    form = AcceptForm()
    error = None
    if form.validate_on_submit():
        try:
            agreement, notices = services.accept_offer(
                current_user,
                aid_request,
                chosen,
                what=form.what.data,
                cost_settlement=form.cost_settlement.data,
            )
        except services.AidError as problem:
            error = str(problem)
        else:
            db.session.commit()
            _notify_after_commit(notices)
            flash(_("Tilbudet er godtatt, og avtalen er registrert."))
            return redirect(url_for("mutual_aid.agreement", agreement_id=agreement.id))
    elif not form.is_submitted():
        form.what.data = chosen.body
    return render_template(
        "mutual_aid/accept.html", aid_request=aid_request, offer=chosen, form=form, error=error
    )


@bp.route("/tilbud/nytt", methods=["GET", "POST"])
@requires("aid.offer_standing")
def new_offer():
    """Post a standing offer to the network."""
    form = OfferForm()
    _competence_choices(form)
    error = None
    if form.validate_on_submit():
        try:
            services.make_offer(
                current_user,
                None,
                kind=form.kind.data,
                competence_area=form.competence.data,
                body=form.body.data,
            )
        except (services.AidError, IdentifierGateError) as problem:
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Det faste tilbudet er publisert."))
            return redirect(url_for("mutual_aid.index"))
    return render_template("mutual_aid/offer_form.html", form=form, error=error)


@bp.route("/tilbud/<int:offer_id>/trekk", methods=["POST"])
@requires("aid.offer_withdraw")
def withdraw_offer(offer_id: int):
    """The offering municipality withdraws an offer."""
    chosen = load(AidOffer, offer_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.withdraw_offer(current_user, chosen)
        except services.AidError as problem:
            flash(str(problem), "error")
        else:
            db.session.commit()
            flash(_("Tilbudet er trukket."))
    if chosen.request_id:
        return redirect(url_for("mutual_aid.request", request_id=chosen.request_id))
    return redirect(url_for("mutual_aid.index"))


@bp.route("/avtaler/<int:agreement_id>", methods=["GET", "POST"])
@requires("aid.agreement_view")
def agreement(agreement_id: int):
    """An agreement: who helps whom with what, when, cost settlement; the parties edit it."""
    deal = load(AidAgreement, agreement_id)
    form = AgreementForm(obj=deal)
    error = None
    if form.is_submitted():
        require("aid.agreement_edit", deal)
        if form.validate():
            try:
                services.update_agreement(
                    current_user,
                    deal,
                    what=form.what.data,
                    starts_on=form.starts_on.data,
                    ends_on=form.ends_on.data,
                    cost_settlement=form.cost_settlement.data,
                )
            except (services.AidError, IdentifierGateError) as problem:
                db.session.rollback()
                error = str(problem)
            else:
                db.session.commit()
                flash(_("Avtalen er lagret."))
                return redirect(url_for("mutual_aid.agreement", agreement_id=deal.id))
    return render_template(
        "mutual_aid/agreement.html", deal=deal, form=form, close_form=CloseForm(), error=error
    )


@bp.route("/avtaler/<int:agreement_id>/avslutt", methods=["POST"])
@requires("aid.agreement_edit")
def close_agreement(agreement_id: int):
    """Close an agreement with a short evaluation."""
    deal = load(AidAgreement, agreement_id)
    close_form = CloseForm()
    error = None
    if close_form.validate_on_submit():
        try:
            services.close_agreement(current_user, deal, close_form.evaluation.data)
        except (services.AidError, IdentifierGateError) as problem:
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Avtalen er avsluttet. Takk for evalueringen."))
            return redirect(url_for("mutual_aid.agreement", agreement_id=deal.id))
    return render_template(
        "mutual_aid/agreement.html",
        deal=deal,
        form=AgreementForm(obj=deal),
        close_form=close_form,
        close_error=error or _("Skriv en kort evaluering før dere avslutter."),
    ), 400


@bp.route("/nokkeltall")
@requires("aid.view")
def key_figures():
    """How often the network helped, and days covered, per municipality and year."""
    return render_template("mutual_aid/key_figures.html", figures=services.key_figures())


# --- Start-page panel -----------------------------------------------------------------------


def aid_panel(user) -> Panel | None:
    """Open requests from other municipalities, and offers waiting for the user's municipality."""
    if user.municipality_id is None:
        return None
    others = [r for r in services.open_requests() if r.municipality_id != user.municipality_id]
    own = [
        r
        for r in services.municipality_requests(user.municipality_id)
        if r.is_open and any(o.is_active for o in r.offers)
    ]
    if not others and not own:
        return None
    return Panel("mutual_aid/panel.html", {"others": others[:5], "own": own})
