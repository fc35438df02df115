"""Exports of a survey's answers: raw and aggregated tables (cells defused on download)."""

from flask_babel import gettext as _

from portal import audit
from portal.network.models import User
from portal.surveys.models import (
    QuestionKind,
    Survey,
)
from portal.surveys.reporting import results, submitted_responses
from portal.surveys.services import SurveyError


def raw_table(survey: Survey) -> tuple[list[str], list[list]]:
    """One row per submitted response (identified surveys only)."""
    if survey.anonymous:
        raise SurveyError(_("Anonyme kartlegginger kan bare eksporteres som sammendrag."))
    questions = survey.ordered_questions()
    header = ["Kommune", "Besvart av", "Sendt inn"]
    for q in questions:
        if q.kind == QuestionKind.MATRIX:
            for area in q.options:
                header += [f"{area} – nivå", f"{area} – behov", f"{area} – prioritert"]
        else:
            header.append(q.text)
    rows = []
    responses = sorted(submitted_responses(survey), key=lambda r: r.municipality.name)
    for response in responses:
        values = response.values()
        row = [
            response.municipality.name,
            response.respondent.name if response.respondent else "",
            response.submitted_at.strftime("%Y-%m-%d %H:%M") if response.submitted_at else "",
        ]
        for q in questions:
            value = values.get(q.id)
            if q.kind == QuestionKind.MATRIX:
                for area in q.options:
                    entry = (value or {}).get(area) or {}
                    row += [
                        entry.get("level"),
                        entry.get("need"),
                        ("ja" if entry.get("priority") else "nei") if entry else None,
                    ]
            elif isinstance(value, list):
                row.append("; ".join(value))
            else:
                row.append(value)
        rows.append(row)
    return header, rows


HIDDEN_NOTE = "skjult (færre enn 3 svar)"


def aggregate_table(survey: Survey) -> tuple[list[str], list[list]]:
    """Long-format aggregates: question, row, municipality, answers, measure, value."""
    header = ["Spørsmål", "Område eller alternativ", "Kommune", "Antall svar", "Mål", "Verdi"]
    summary = results(survey, detailed=False)
    rows: list[list] = []
    for result in summary.questions:
        q = result.question
        if result.matrix is not None:
            m = result.matrix
            for area in m.areas:
                keyed = [(summary.names[g], m.cell(g, area)) for g in m.groups]
                keyed.append(("Alle", m.totals[area]))
                for name, cell in keyed:
                    if cell.hidden:
                        rows.append([q.text, area, name, None, "Nivå", HIDDEN_NOTE])
                        continue
                    if cell.n == 0:
                        continue
                    for measure, value in (
                        ("Nivå (snitt)", cell.level),
                        ("Behov (snitt)", cell.need),
                        ("Behov minus nivå", cell.gap),
                        ("Prioritert (antall)", cell.priority),
                    ):
                        rows.append([q.text, area, name, cell.n, measure, _round(value)])
        elif result.hidden:
            rows.append([q.text, "", "Alle", None, "", HIDDEN_NOTE])
        elif result.choices is not None:
            for option, count, share in result.choices.counts:
                rows.append([q.text, option, "Alle", result.choices.n, "Antall", count])
                rows.append([q.text, option, "Alle", result.choices.n, "Andel", _round(share)])
        elif result.numbers is not None:
            n = result.numbers
            for measure, value in (
                ("Sum", n.total),
                ("Snitt", n.mean),
                ("Median", n.median),
                ("Minste", n.minimum),
                ("Største", n.maximum),
            ):
                rows.append([q.text, "", "Alle", n.n, measure, _round(value)])
        else:
            rows.append([q.text, "", "Alle", result.text_count, "Antall tekstsvar", None])
    return header, rows


def _round(value):
    """Two decimals for floats, as is for the rest."""
    return round(value, 2) if isinstance(value, float) else value


def export_table(actor: User, survey: Survey, fmt: str) -> tuple[list[str], list[list]]:
    """Raw answers (identified) or aggregates (anonymous, once closed); the export is audited."""
    if survey.results_sealed:
        raise SurveyError(_("En anonym kartlegging kan eksporteres først når den er stengt."))
    kind = "aggregate" if survey.anonymous else "raw"
    table = aggregate_table(survey) if survey.anonymous else raw_table(survey)
    audit.record(actor, "survey.exported", survey, detail=f"{kind},{fmt}")
    return table
