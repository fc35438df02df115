"""Demo data: last year's competence survey (closed) and this year's (open), with answers."""

import random
from datetime import timedelta

from sqlalchemy import select

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.network.models import Network, Role, User
from portal.surveys import answering, services
from portal.surveys.models import QuestionKind, Survey

# Areas most Salten municipalities lack: they give the heatmap and the gap ranking content.
WEAK_AREAS = {
    "Psykologisk førstehjelp ved selvmordsfare",
    "ROP / sammensatte lidelser",
    "Håndtering av vold og trusler / vergeteknikk",
    "Helsejuss og tvang (hol. kap. 10, psykisk helsevern)",
}
TEXTS = {
    "Kompetansehevingsbehov i din kommune": [
        "Vi trenger mer kompetanse på selvmordsrisiko og samtaler med pårørende.",
        "Nyansatte mangler opplæring i vold og trusler og i journalføring.",
        "Behov for felles kurs i ROP-lidelser med DPS.",
    ],
    "Rutiner som må skrives": [
        "Rutine for alenearbeid og hjemmebesøk.",
        "Rutine for oppfølging etter utskrivning fra DPS.",
        "Rutine for samarbeid med fastlegene.",
    ],
    "Robusthet ved ufrivillig fravær": [
        "Én ansatt har hele rusfeltet; ved sykdom stopper tilbudet.",
        "Vi klarer kortvarig fravær, men ikke lengre permisjoner.",
        "Sårbart i ferier; vi ønsker avtale om å bistå hverandre.",
    ],
}
ANSWERED_NOW = ["Fauske", "Saltdal", "Sørfold", "Steigen", "Meløy", "Gildeskål"]
ANSWERED_BEFORE = ["Fauske", "Saltdal", "Sørfold", "Steigen", "Meløy", "Gildeskål", "Beiarn"]


def _answers(survey: Survey, rng: random.Random, improvement: int) -> dict:
    """Plausible answers to the default template's questions."""
    values = {}
    for question in survey.ordered_questions():
        if question.kind == QuestionKind.MATRIX:
            matrix = {}
            for area in question.options:
                weak = area in WEAK_AREAS
                level = rng.randint(1, 2) if weak else rng.randint(2, 4)
                level = min(5, level + (improvement if rng.random() < 0.5 else 0))
                need = rng.randint(4, 5) if weak else rng.randint(2, 4)
                matrix[area] = {
                    "level": level,
                    "need": need,
                    "priority": weak and rng.random() < 0.6,
                }
            values[question.id] = matrix
        elif question.kind == QuestionKind.LONG_TEXT:
            values[question.id] = rng.choice(TEXTS.get(question.text, ["Ingen merknader."]))
        elif question.kind == QuestionKind.NUMBER:
            values[question.id] = (
                rng.randint(2, 25) if "ansatte" in question.text else rng.randint(20, 300)
            )
    return values


def _round(network: Network, contacts: dict, places: list[str], opens, closes, seed: int):
    """One round of the default survey, answered by the contact persons of ``places``."""
    moderator = contacts["moderator"]
    settings = services.Settings(
        title=f"Kompetansekartlegging {opens.year}",
        intro=services.TEMPLATES[services.DEFAULT_TEMPLATE].intro,
        opens_on=opens,
        closes_on=closes,
    )
    survey = services.create_survey(
        moderator, network.id, settings, template=services.DEFAULT_TEMPLATE
    )
    services.open_survey(moderator, survey)
    rng = random.Random(seed)
    for place in places:
        errors = answering.save_answers(
            contacts[place], survey, _answers(survey, rng, seed % 2), submit=True, today=opens
        )
        if errors:
            raise ValueError(f"demo answers do not fit the template: {errors}")
    return survey


def add_surveys(network: Network) -> None:
    """Last year's round (closed) and this year's (open) with answers from most municipalities."""
    people = db_people(network)
    today = oslo_today()
    earlier = _round(
        network,
        people,
        ANSWERED_BEFORE,
        today - timedelta(days=380),
        today - timedelta(days=350),
        2,
    )
    services.close_survey(people["moderator"], earlier)
    _round(network, people, ANSWERED_NOW, today - timedelta(days=7), today + timedelta(days=30), 3)


def db_people(network: Network) -> dict:
    """Contact persons by municipality name, and the moderator under «moderator»."""
    users = db.session.scalars(select(User).where(User.network_id == network.id)).all()
    people = {u.municipality.name: u for u in users if u.is_contact and u.municipality}
    people["moderator"] = next(u for u in users if u.role == Role.MODERATOR)
    return people
