"""Demo data: the Salten network's 2023–24 season of samlinger, and the next one coming up."""

from datetime import date, time, timedelta

from sqlalchemy import select

from portal.core.dates import oslo_today, utcnow
from portal.extensions import db
from portal.meetings import homework, minutes_book, services, signups
from portal.meetings.models import DayKind, Responsible
from portal.meetings.services import DayData
from portal.network.models import Network, User

PRACTICAL = (
    "- Overnatting er bestilt for dem som krysser av for det.\n"
    "- Lunsj og middag er inkludert.\n"
    "- Ta med klær etter forholdene: vi går en tur ute etter lunsj."
)


def _day(on, start, end, kind, place, responsible, notes="", video=""):
    """A DayData with short arguments."""
    return DayData(
        date=on,
        start_time=time(*start) if start else None,
        end_time=time(*end) if end else None,
        kind=kind,
        place=place,
        video_link=video,
        responsible_municipality_id=responsible.id if responsible else None,
        notes=notes,
    )


def add_samlinger(network: Network) -> None:
    """Four samlinger in 2023–24 (one not yet dated), minutes with homework, and an upcoming one."""
    places = {m.name: m for m in network.municipalities}
    coordinator = db.session.scalar(select(User).where(User.role == "moderator"))
    members = list(
        db.session.scalars(select(User).where(User.municipality_id.is_not(None)).order_by(User.id))
    )

    september = services.create_samling(
        coordinator,
        title="Høstsamling september 2023",
        registration_deadline=date(2023, 9, 15),
        description="Første samling i sesongen: oppstart av det lærende nettverket.",
        days=[
            _day(date(2023, 9, 27), (10, 0), (16, 0), DayKind.PROJECT, "Fauske hotell",
                 places["Fauske"], PRACTICAL),
            _day(date(2023, 9, 28), (9, 0), (14, 0), DayKind.THEME, "Fauske hotell",
                 places["Steigen"], "Temadag om vold og trusler. Steigen har ansvaret."),
        ],
    )  # fmt: skip
    services.add_agenda_item(coordinator, september.days[0], "Velkommen og presentasjonsrunde",
                             start_time=time(10, 0), presenter=coordinator.name)  # fmt: skip
    services.add_agenda_item(coordinator, september.days[0], "Felles case: samarbeid om ROP-lidelser",
                             start_time=time(11, 0), presenter_municipality=places["Fauske"])  # fmt: skip
    services.add_agenda_item(coordinator, september.days[1], "Vergeteknikk i praksis",
                             start_time=time(9, 0), presenter_municipality=places["Steigen"])  # fmt: skip

    november = services.create_samling(
        coordinator,
        title="Samling november 2023",
        registration_deadline=date(2023, 11, 17),
        days=[
            _day(date(2023, 11, 29), (10, 0), (16, 0), DayKind.PROJECT, "Beiarn kro og hotell",
                 places["Beiarn"], PRACTICAL),
            _day(date(2023, 11, 30), (9, 0), (14, 30), DayKind.THEME, "Beiarn kro og hotell",
                 places["Sørfold"], "Temadag om pårørendearbeid. Sørfold har ansvaret."),
        ],
    )  # fmt: skip
    services.add_agenda_item(coordinator, november.days[0], "Status fra kommunene",
                             start_time=time(10, 0), presenter=coordinator.name)  # fmt: skip
    services.add_agenda_item(coordinator, november.days[0], "Felles case: individuell plan og koordinator",
                             start_time=time(12, 30), presenter_municipality=places["Beiarn"])  # fmt: skip
    services.add_agenda_item(coordinator, november.days[1], "Barn som pårørende",
                             start_time=time(9, 0), presenter_municipality=places["Sørfold"])  # fmt: skip

    january = services.create_samling(
        coordinator,
        title="Samling januar 2024",
        registration_deadline=date(2024, 1, 10),
        days=[
            _day(date(2024, 1, 17), (12, 0), (15, 0), DayKind.DIGITAL, "Teams",
                 places["Saltdal"], video="https://teams.example/salten-januar-2024"),
            _day(date(2024, 1, 18), (9, 0), (15, 0), DayKind.THEME, "Fauske hotell",
                 places["Saltdal"], PRACTICAL),
        ],
    )  # fmt: skip
    services.create_samling(
        coordinator,
        title="Vårsamling 2024",
        season=2023,
        tentative_when="april 2024",
        days=[
            _day(None, None, None, DayKind.PROJECT, "", places["Hamarøy"]),
            _day(None, None, None, DayKind.THEME, "", places["Meløy"]),
        ],
    )
    before = date(2023, 11, 1)
    for index, person in enumerate(members[:14]):
        signups.register(person, november.days[0], overnight=index % 2 == 0, today=before)
        if index % 3:
            signups.register(person, november.days[1], dietary="Vegetar" if index == 4 else "",
                              today=before)  # fmt: skip
    for person in members[:6]:
        signups.register(person, january.days[1], today=date(2024, 1, 2))

    referat = minutes_book.start_minutes(coordinator, november)
    referat.attendees[1].status = "excused"
    minutes_book.save_minutes(
        coordinator,
        referat,
        version=referat.version,
        decisions="- Nettverket lager en felles mal for individuell plan.\n"
        "- Neste samling er 17.–18. januar 2024; Saltdal har ansvaret for dag 2.",
        body="Samlingen startet med en statusrunde. Det felles caset handlet om koordinering "
        "rundt en bruker med sammensatte behov.",
        attendance={},
        reports={
            places["Bodø"].id: "Har fått på plass FACT-team sammen med DPS.",
            places["Steigen"].id: "Én ledig stilling; trenger hjelp ved ferieavvikling.",
            places["Sørfold"].id: "Starter mestringskurs for unge i februar.",
        },
    )
    staff = homework.add_action_item(
        coordinator, november, title="Hvor mange ansatte er i tjenesten?",
        description="Tell årsverk i psykisk helse- og rustjenesten.",
        key_figure="Antall ansatte i tjenesten",
    )  # fmt: skip
    patients = homework.add_action_item(
        coordinator, november, title="Hvor mange pasienter får hjelp?",
        description="Antall personer som får oppfølging nå.",
        key_figure="Antall pasienter som får hjelp",
    )  # fmt: skip
    homework.add_action_item(
        coordinator, november, title="Del utkast til mal for individuell plan",
        responsible=Responsible.MUNICIPALITY, municipality_id=places["Beiarn"].id,
    )  # fmt: skip
    referat.published_at = utcnow()
    referat.published_by_id = coordinator.id
    answers = {"Bodø": (38, 410), "Fauske": (9, 120), "Steigen": (3, 35),
               "Sørfold": (2, 28), "Beiarn": (2, 19)}  # fmt: skip
    for name, (employees, helped) in answers.items():
        contact = next(p for p in members if p.municipality_id == places[name].id)
        homework.answer_item(contact, staff, text=f"{employees} ansatte.", number=employees)
        homework.answer_item(contact, patients, text="Per 1. januar.", number=helped)

    soon = oslo_today() + timedelta(days=21)
    services.create_samling(
        coordinator,
        title="Neste samling",
        registration_deadline=soon - timedelta(days=7),
        days=[
            _day(soon, (10, 0), (16, 0), DayKind.PROJECT, "Fauske hotell", places["Fauske"],
                 PRACTICAL),
            _day(soon + timedelta(days=1), (9, 0), (14, 0), DayKind.THEME, "Fauske hotell",
                 places["Gildeskål"]),
        ],
    )  # fmt: skip
