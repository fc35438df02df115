"""Pages for competence-gap surveys (kartlegginger): build, answer, results, exports."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal.access import can, load, requires
from portal.core.cells import table_download
from portal.core.dates import oslo_today
from portal.core.forms import ConfirmForm
from portal.dashboard import Panel
from portal.extensions import db
from portal.surveys import aggregate, answering, exports, reporting, services
from portal.surveys import cache as survey_cache
from portal.surveys.forms import (
    AgendaForm,
    NewSurveyForm,
    QuestionForm,
    RoundForm,
    SectionForm,
    SurveySettingsForm,
    field_name,
    read_answer_fields,
)
from portal.surveys.models import (
    KIND_LABELS,
    Audience,
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
)

HEAT_COLOURS = ["#cfe3f7", "#e3eefa", "#f1f1f1", "#fdf0c4", "#fbd3a6", "#f6b3ad"]
HEAT_LABELS = [
    "Behov minst 1,5 lavere enn nivå",
    "Behov litt lavere enn nivå",
    "Behov omtrent som nivå",
    "Behov 0,5–1,5 over nivå",
    "Behov 1,5–2,5 over nivå",
    "Behov minst 2,5 over nivå",
]
INLINE_HEATMAP_GROUPS = 30  # above this, the results page links the SVG and the table


bp = Blueprint("surveys", __name__)


def _settings(form: SurveySettingsForm) -> services.Settings:
    """Settings from a validated form."""
    return services.Settings(
        title=form.title.data,
        intro=form.intro.data or "",
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        audience=form.audience.data,
        anonymous=form.anonymous.data,
        contact_only=form.contact_only.data,
        allow_edit=form.allow_edit.data,
        share_results=form.share_results.data,
    )


@bp.route("/kartlegginger")
@requires("survey.list")
def surveys():
    """All surveys: open, closed and (for coordinators) drafts."""
    coordinator = can(current_user, "survey.manage")
    return render_template(
        "surveys/list.html",
        surveys=services.surveys_for(include_drafts=coordinator),
        waiting={s.id for s in answering.open_surveys_to_answer(current_user)},
        today=oslo_today(),
    )


@bp.route("/kartlegginger/ny", methods=["GET", "POST"])
@requires("survey.manage")
def survey_new():
    """Create a survey from the default template or from scratch."""
    form = NewSurveyForm()
    error = None
    if form.validate_on_submit():
        try:
            survey = services.create_survey(
                current_user,
                current_user.network_id,
                _settings(form),
                template=form.template.data or None,
            )
        except services.SurveyError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Kartleggingen er laget som utkast. Se over spørsmålene og åpne den for svar."))
            return redirect(url_for("surveys.survey_questions", survey_id=survey.id))
    return render_template("surveys/new.html", form=form, error=error)


@bp.route("/kartlegginger/<int:survey_id>")
@requires("survey.view")
def survey_detail(survey_id: int):
    """A survey: intro, dates, my answer state, and for coordinators the participation."""
    survey = load(Survey, survey_id)
    state = (
        answering.answer_state(survey, current_user)
        if can(current_user, "survey.answer", survey)
        else None
    )
    counts = reporting.participation(survey) if can(current_user, "survey.manage", survey) else {}
    answered: int | None = sum(counts.values())
    if survey.protects_small_groups:
        counts, answered = aggregate.rough_participation(counts), aggregate.rough_count(answered)
    return render_template(
        "surveys/detail.html",
        survey=survey,
        state=state,
        accepts=survey.accepts_answers(oslo_today()),
        participation=counts,
        answered=answered,
        municipalities=reporting.municipality_names(),
        action_form=ConfirmForm(),
        round_form=RoundForm(),
    )


@bp.route("/kartlegginger/<int:survey_id>/rediger", methods=["GET", "POST"])
@requires("survey.manage")
def survey_edit(survey_id: int):
    """Change a survey's title, dates and rules."""
    survey = load(Survey, survey_id)
    form = SurveySettingsForm(obj=survey)
    error = None
    if form.validate_on_submit():
        try:
            services.update_settings(current_user, survey, _settings(form))
        except services.SurveyError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Innstillingene er lagret."))
            return redirect(url_for("surveys.survey_detail", survey_id=survey.id))
    return render_template("surveys/edit.html", survey=survey, form=form, error=error)


def _questions_page(survey: Survey, section_form=None, question_form=None, error=None):
    """Render the question editor."""
    return render_template(
        "surveys/questions.html",
        survey=survey,
        section_form=section_form or SectionForm(formdata=None),
        question_form=question_form or QuestionForm(survey.sections, formdata=None),
        action_form=ConfirmForm(),
        frozen=services.has_answers(survey),
        error=error,
        kind_labels=KIND_LABELS,
    )


@bp.route("/kartlegginger/<int:survey_id>/sporsmal")
@requires("survey.manage")
def survey_questions(survey_id: int):
    """The question editor: sections and their questions in order."""
    return _questions_page(load(Survey, survey_id))


@bp.route("/kartlegginger/<int:survey_id>/deler", methods=["POST"])
@requires("survey.manage")
def section_add(survey_id: int):
    """Add a section."""
    survey = load(Survey, survey_id)
    form = SectionForm()
    if form.validate_on_submit():
        try:
            services.add_section(current_user, survey, form.title.data)
        except services.SurveyError as refused:
            return _questions_page(survey, section_form=form, error=str(refused)), 409
        db.session.commit()
        flash(_("Delen er lagt til."))
        return redirect(url_for("surveys.survey_questions", survey_id=survey.id))
    return _questions_page(survey, section_form=form), 400


@bp.route("/kartlegginger/<int:survey_id>/sporsmal/nytt", methods=["POST"])
@requires("survey.manage")
def question_add(survey_id: int):
    """Add a question to a section."""
    survey = load(Survey, survey_id)
    form = QuestionForm(survey.sections)
    if form.validate_on_submit():
        section = db.session.get(SurveySection, form.section.data)
        try:
            services.add_question(
                current_user,
                survey,
                section,
                form.kind.data,
                form.text.data,
                required=form.required.data,
                options=(form.options.data or "").splitlines(),
                help_text=form.help_text.data or "",
            )
        except services.SurveyError as refused:
            return _questions_page(survey, question_form=form, error=str(refused)), 409
        db.session.commit()
        flash(_("Spørsmålet er lagt til."))
        return redirect(url_for("surveys.survey_questions", survey_id=survey.id))
    return _questions_page(survey, question_form=form), 400


def _question_of(survey: Survey, question_id: int) -> SurveyQuestion:
    """A question of this survey, or 404."""
    question = db.get_or_404(SurveyQuestion, question_id)
    if question.survey_id != survey.id:
        abort(404)
    return question


@bp.route("/kartlegginger/<int:survey_id>/sporsmal/<int:question_id>/slett", methods=["POST"])
@requires("survey.manage")
def question_delete(survey_id: int, question_id: int):
    """Delete a question (only before the first answer)."""
    survey = load(Survey, survey_id)
    question = _question_of(survey, question_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_question(current_user, survey, question)
        except services.SurveyError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Spørsmålet er slettet."))
    return redirect(url_for("surveys.survey_questions", survey_id=survey.id))


@bp.route("/kartlegginger/<int:survey_id>/sporsmal/<int:question_id>/flytt", methods=["POST"])
@requires("survey.manage")
def question_move(survey_id: int, question_id: int):
    """Move a question up or down in its section."""
    survey = load(Survey, survey_id)
    question = _question_of(survey, question_id)
    if ConfirmForm().validate_on_submit():
        step = -1 if request.form.get("retning") == "opp" else 1
        try:
            services.move_question(current_user, survey, question, step)
        except services.SurveyError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
    return redirect(url_for("surveys.survey_questions", survey_id=survey.id))


@bp.route("/kartlegginger/<int:survey_id>/apne", methods=["POST"])
@requires("survey.manage")
def survey_open(survey_id: int):
    """Open a draft for answers."""
    survey = load(Survey, survey_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.open_survey(current_user, survey)
        except services.SurveyError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Kartleggingen er åpnet for svar."))
    return redirect(url_for("surveys.survey_detail", survey_id=survey.id))


@bp.route("/kartlegginger/<int:survey_id>/steng", methods=["POST"])
@requires("survey.manage")
def survey_close(survey_id: int):
    """Close an open survey."""
    survey = load(Survey, survey_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.close_survey(current_user, survey)
        except services.SurveyError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Kartleggingen er stengt. Ingen flere svar kan sendes inn."))
    return redirect(url_for("surveys.survey_detail", survey_id=survey.id))


@bp.route("/kartlegginger/<int:survey_id>/ny-runde", methods=["POST"])
@requires("survey.manage")
def survey_new_round(survey_id: int):
    """Run the same survey again (a new round) so the rounds can be compared."""
    survey = load(Survey, survey_id)
    form = RoundForm()
    if form.validate_on_submit():
        try:
            copy = services.new_round(current_user, survey, form.opens_on.data, form.closes_on.data)
        except services.SurveyError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Ny runde er laget som utkast."))
            return redirect(url_for("surveys.survey_detail", survey_id=copy.id))
    else:
        flash(_("Fyll ut datoene for neste runde, for eksempel 2027-11-01."), "error")
    return redirect(url_for("surveys.survey_detail", survey_id=survey.id))


@bp.route("/kartlegginger/<int:survey_id>/svar", methods=["GET", "POST"])
@requires("survey.answer")
def survey_answer(survey_id: int):
    """Answer a survey: save a draft, or submit."""
    survey = load(Survey, survey_id)
    questions = survey.ordered_questions()
    state = answering.answer_state(survey, current_user)
    values, errors, message = state.values, {}, None
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        values = read_answer_fields(questions, request.form)
        submit = request.form.get("handling") == "send"
        try:
            errors = answering.save_answers(current_user, survey, values, submit=submit)
        except services.SurveyError as refused:
            message = str(refused)
        else:
            db.session.commit()
            if not errors:
                flash(
                    _("Svaret er sendt inn. Takk!")
                    if submit
                    else _("Utkastet er lagret. Du kan sende inn senere.")
                )
                return redirect(url_for("surveys.survey_detail", survey_id=survey.id))
            message = (
                "Noen svar må rettes før skjemaet kan sendes inn. Det du skrev er tatt vare på."
                if submit
                else "Utkastet er lagret, men noen svar må rettes."
            )
    status = 200 if not (errors or message) else (409 if not errors else 400)
    return render_template(
        "surveys/answer.html",
        survey=survey,
        questions=questions,
        values=values,
        errors=errors,
        message=message,
        state=state,
        accepts=survey.accepts_answers(oslo_today()),
        may_change=answering.may_change(survey, state),
        form=form,
        field_name=field_name,
        kinds=QuestionKind,
    ), status


@bp.route("/kartlegginger/<int:survey_id>/vart-svar")
@requires("survey.own_answers")
def survey_own(survey_id: int):
    """The answers of my municipality (or my own), as submitted."""
    survey = load(Survey, survey_id)
    responses = []
    if not survey.anonymous or survey.per_municipality:
        responses = db.session.scalars(
            db.select(SurveyResponse).where(
                SurveyResponse.survey_id == survey.id,
                SurveyResponse.municipality_id == current_user.municipality_id,
                SurveyResponse.submitted.is_(True),
            )
        ).all()
    return render_template(
        "surveys/own.html",
        survey=survey,
        responses=responses,
        questions=survey.ordered_questions(),
        kinds=QuestionKind,
    )


def _min_groups() -> int:
    """The «at least N municipalities» threshold from the query string (1-999, default 2)."""
    value = request.args.get("n", type=int)
    return min(max(value, 1), 999) if value is not None else 2


@bp.route("/kartlegginger/<int:survey_id>/resultater")
@requires("survey.results")
def survey_results(survey_id: int):
    """Aggregated results, the competence heatmap and the gap ranking."""
    survey = load(Survey, survey_id)
    if survey.results_sealed:
        answered = sum(reporting.participation(survey).values())
        return render_template(
            "surveys/sealed.html", survey=survey, answered=aggregate.rough_count(answered)
        )
    detailed = can(current_user, "survey.analyse", survey)
    min_groups = _min_groups()
    result = reporting.results(survey, detailed=detailed, min_groups=min_groups)
    gap_names = {}
    if detailed:
        gap_names = survey_cache.cached(
            survey,
            ("gap names", min_groups),
            lambda: {g.area: ", ".join(result.names[m] for m in g.groups) for g in result.gaps},
        )
    heatmap_html = None
    if detailed and result.matrix is not None:
        groups = len(result.matrix.matrix.groups)
        if 0 < groups <= INLINE_HEATMAP_GROUPS:
            heatmap_html = survey_cache.cached(
                survey, "heatmap.html", lambda: _heatmap_html(survey, result, inline=True)
            )
    agenda_form = None
    if can(current_user, "survey.to_agenda", survey) and result.gaps:
        days = reporting.agenda_days()
        agenda_form = AgendaForm(days, formdata=None, area=result.gaps[0].area)
    return render_template(
        "surveys/results.html",
        survey=survey,
        result=result,
        detailed=detailed,
        min_groups=min_groups,
        agenda_form=agenda_form,
        heat=_heat_context(),
        heatmap_html=heatmap_html,
        gap_names=gap_names,
    )


def _heatmap_html(survey: Survey, result: reporting.Results, inline: bool) -> Markup:
    """The heatmap with its table (``inline``), or the table alone, rendered (autoescaped)."""
    matrix = result.matrix.matrix
    return Markup(  # noqa: S704 - rendered by Jinja with autoescape
        render_template(
            "surveys/_heatmap.html" if inline else "surveys/_heatmap_table.html",
            survey=survey,
            matrix=matrix,
            names=result.names,
            grid=aggregate.heat_grid(matrix),
            totals=[aggregate.heat_cell(matrix.totals[area]) for area in matrix.areas],
            heat=_heat_context(),
        )
    )


def _heat_context() -> dict:
    """Colours and labels of the heatmap bands."""
    return {"colours": HEAT_COLOURS, "labels": HEAT_LABELS}


@bp.route("/kartlegginger/<int:survey_id>/varmekart")
@requires("survey.analyse")
def survey_heatmap_table(survey_id: int):
    """The heatmap's figures as a table, on a page of its own (large networks)."""
    survey = load(Survey, survey_id)
    result = reporting.results(survey, detailed=True)
    if result.matrix is None or not result.matrix.matrix.groups:
        abort(404)
    table_html = survey_cache.cached(
        survey, "heatmap-table.html", lambda: _heatmap_html(survey, result, inline=False)
    )
    return render_template("surveys/heatmap_table.html", survey=survey, table_html=table_html)


@bp.route("/kartlegginger/<int:survey_id>/varmekart.svg")
@requires("survey.analyse")
def survey_heatmap(survey_id: int):
    """The competence heatmap alone, as an SVG image (revalidated by ETag, never shared)."""
    survey = load(Survey, survey_id)
    summary, names = reporting.matrix_summary(survey)
    if summary is None:
        abort(404)
    response = Response(mimetype="image/svg+xml")
    response.set_etag(survey_cache.etag(survey, "heatmap.svg"))
    response.cache_control.private = True
    response.cache_control.no_cache = True
    if request.if_none_match.contains(survey_cache.etag(survey, "heatmap.svg")):
        return response.make_conditional(request)
    response.set_data(
        survey_cache.cached(
            survey,
            "heatmap.svg",
            lambda: render_template(
                "surveys/heatmap.svg",
                survey=survey,
                matrix=summary,
                grid=aggregate.heat_grid(summary),
                names=names,
                heat=_heat_context(),
                standalone=True,
            ),
        )
    )
    return response


@bp.route("/kartlegginger/<int:survey_id>/sammenlign")
@requires("survey.analyse")
def survey_compare(survey_id: int):
    """Change per municipality since the previous round of the same survey."""
    survey = load(Survey, survey_id)
    earlier, changes, names = reporting.compare(survey)
    return render_template(
        "surveys/compare.html",
        survey=survey,
        earlier=earlier,
        changes=changes,
        names=names,
    )


@bp.route("/kartlegginger/<int:survey_id>/eksport.<fmt>")
@requires("survey.export")
def survey_export(survey_id: int, fmt: str):
    """Download raw answers (identified) or aggregates (anonymous) as CSV or XLSX."""
    survey = load(Survey, survey_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    header, rows = exports.export_table(current_user, survey, fmt)
    db.session.commit()
    name = f"kartlegging-{survey.id}-{'sammendrag' if survey.anonymous else 'svar'}"
    return table_download(header, rows, fmt, name, survey.title)


@bp.route("/kartlegginger/<int:survey_id>/til-program", methods=["POST"])
@requires("survey.to_agenda")
def survey_to_agenda(survey_id: int):
    """Turn a competence gap into a theme-day item on a samling day's programme."""
    survey = load(Survey, survey_id)
    days = reporting.agenda_days()
    form = AgendaForm(days)
    back = url_for("surveys.survey_results", survey_id=survey.id, n=_min_groups())
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    gap = next(
        (g for g in reporting.results(survey, detailed=True, min_groups=1).gaps
         if g.area == form.area.data),
        None,
    )  # fmt: skip
    day = next(d for d in days if d.id == form.day.data)
    if gap is None:
        flash(_("Området er ikke et kompetansegap i denne kartleggingen."), "error")
        return redirect(back)
    try:
        reporting.gap_to_agenda(current_user, survey, gap, day, form.start_time.data)
    except services.SurveyError as refused:
        flash(str(refused), "error")
        return redirect(back)
    db.session.commit()
    flash(
        _("«%(area)s» er satt på programmet for %(title)s.", area=gap.area, title=day.samling.title)
    )
    return redirect(back)


def survey_panel(user) -> Panel | None:
    """Open surveys that this member (or their municipality) has not answered yet."""
    if not can(user, "survey.answer"):
        return None
    waiting = answering.open_surveys_to_answer(user)
    if not waiting:
        return None
    return Panel("surveys/panel.html", {"surveys": waiting, "Audience": Audience})
