"""Issue 13: the findings page keeps suggestions, reviewers mark missed identifiers, regions are
coarse and the reviewer is warned when the coarse facts single a case out."""

import csv
from pathlib import Path

from sqlalchemy import select

from portal.cases import services
from portal.cases.models import REGION_MUNICIPALITIES, REGIONS, Case, CaseMarking, CaseStatus
from portal.extensions import db
from portal.network.models import User
from tests.cases.factories import CHECKLIST_ALL, case_data
from tests.cases.test_routes import load, make_case, signed_in
from tests.helpers import login, submit, text

MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parents[2] / "portal" / "network" / "salten-kommuner.csv"
)


# --- The findings page keeps the suggested placeholder ---------------------------------------


def test_dismiss_without_reason_keeps_every_suggested_placeholder(app, client, users):
    case_id = make_case(app, users["member"], situation="Kari ringte 912 34 567.")
    login(client, users["member"])
    page = f"/saker/{case_id}/gjennomgang"
    response = submit(
        client, page, {"number": 1, "kind": "NAME", "text": "Kari", "reason": ""},
        action=f"/saker/{case_id}/ikke-identifikator",
    )  # fmt: skip
    assert response.status_code == 400
    body = text(response)
    assert "Skriv kort hvorfor" in body
    assert (
        'id="erstatning-1" name="replacement" autocomplete="off" maxlength="100" value="[NAVN]"'
        in body
    )
    assert 'value="[TELEFON]"' in body

    # and «Erstatt» with the suggestion as shown works straight away
    response = submit(
        client, page,
        {"number": 1, "field": "situation", "start": 0, "end": 4, "expected": "Kari", "replacement": "[NAVN]"},
        action=f"/saker/{case_id}/erstatt",
    )  # fmt: skip
    assert response.status_code == 302
    assert load(app, case_id).situation == "[NAVN] ringte 912 34 567."


def test_empty_replacement_shows_the_error_and_the_suggestion_again(app, client, users):
    case_id = make_case(app, users["member"], situation="Kari ringte.")
    login(client, users["member"])
    response = submit(
        client, f"/saker/{case_id}/gjennomgang",
        {"number": 1, "field": "situation", "start": 0, "end": 4, "expected": "Kari", "replacement": ""},
        action=f"/saker/{case_id}/erstatt",
    )  # fmt: skip
    assert response.status_code == 400
    assert 'value="[NAVN]"' in text(response)


def test_possible_fnr_is_shown_and_can_be_dismissed_with_a_reason(app, client, users):
    case_id = make_case(app, users["member"], situation="Saksref 02013299998 fra arkivet.")
    login(client, users["member"])
    page = f"/saker/{case_id}/gjennomgang"
    assert "Mulig fødselsnummer (kontrollsifrene stemmer ikke)" in text(client.get(page))
    response = submit(
        client, page, {"number": 1, "kind": "FNR", "text": "02013299998", "reason": "Arkivnummer"},
        action=f"/saker/{case_id}/ikke-identifikator",
    )  # fmt: skip
    assert response.status_code == 302
    assert "Ingen uavklarte funn" in text(client.get(page))


# --- A reviewer marks what the scan missed ---------------------------------------------------


def test_reviewer_marking_blocks_publishing_until_the_author_replaces_it(app, client, users):
    case_id = make_case(
        app, users["member"], "review", situation="Han jobber på Kvitblomsten om dagen."
    )
    reviewer = signed_in(app, users["moderator"])
    page = f"/saker/{case_id}"
    response = submit(
        reviewer, page, {"field": "situation", "text": "Kvitblomsten", "kind": "ADDRESS"},
        action=f"/saker/{case_id}/merk-identifikator",
    )  # fmt: skip
    assert response.status_code == 302

    response = submit(reviewer, page, {}, action=f"/saker/{case_id}/publiser")
    assert response.status_code == 302
    assert load(app, case_id).status == CaseStatus.REVIEW
    assert "Vurdereren har merket identifikatorer som skanningen ikke fant (1 i teksten)" in text(
        reviewer.get(page)
    )

    # the author sees the marking as a finding without «ikke en identifikator», and replaces it
    login(client, users["member"])
    findings = text(client.get(f"/saker/{case_id}/gjennomgang"))
    assert "merket av vurderer" in findings
    assert "/ikke-identifikator" not in findings
    response = submit(
        client, f"/saker/{case_id}/gjennomgang",
        {"number": 1, "field": "situation", "start": 14, "end": 26, "expected": "Kvitblomsten", "replacement": "[ADRESSE]"},
        action=f"/saker/{case_id}/erstatt",
    )  # fmt: skip
    assert response.status_code == 302
    assert load(app, case_id).situation == "Han jobber på [ADRESSE] om dagen."
    with app.app_context():
        assert services.open_findings(db.session.get(Case, case_id)) == []


def test_marking_text_that_is_not_in_the_field_is_refused_and_kept(app, users):
    case_id = make_case(app, users["member"], "review")
    reviewer = signed_in(app, users["legal"])
    response = submit(
        reviewer, f"/saker/{case_id}", {"field": "situation", "text": "Kvitblomsten", "kind": "NAME"},
        action=f"/saker/{case_id}/merk-identifikator",
    )  # fmt: skip
    assert response.status_code == 400
    body = text(response)
    assert "Fant ikke «Kvitblomsten»" in body
    assert 'value="Kvitblomsten"' in body


def test_author_cannot_mark_and_reviewer_can_remove_a_marking(app, client, users):
    case_id = make_case(app, users["member"], "review", situation="Han bor på Kvitblomsten.")
    login(client, users["member"])
    response = submit(
        client, f"/saker/{case_id}", {"field": "situation", "text": "Kvitblomsten", "kind": "ADDRESS"},
        action=f"/saker/{case_id}/merk-identifikator",
    )  # fmt: skip
    assert response.status_code == 403
    with app.app_context():
        case = db.session.get(Case, case_id)
        moderator = db.session.get(User, users["moderator"].id)
        marking = services.mark_identifier(moderator, case, "situation", "Kvitblomsten", "ADDRESS")
        db.session.commit()
        marking_id = marking.id
    reviewer = signed_in(app, users["moderator"])
    response = submit(
        reviewer, f"/saker/{case_id}", {}, action=f"/saker/{case_id}/merking/{marking_id}/fjern"
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(CaseMarking)) is None


# --- Regions and singling out ----------------------------------------------------------------


def test_every_region_spans_at_least_two_municipalities_of_the_network():
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as source:
        network = {row["navn"] for row in csv.DictReader(source)}
    offered = {code for code, _label in REGIONS if code != "unspecified"}
    assert offered == set(REGION_MUNICIPALITIES)
    covered = set()
    for code in offered:
        municipalities = set(REGION_MUNICIPALITIES[code])
        assert len(municipalities) >= 2, code
        assert municipalities <= network
        assert not municipalities & covered  # each municipality in one region only
        covered |= municipalities
    assert covered == network


def test_reviewer_is_warned_when_region_age_band_and_setting_single_out_a_case(app, users):
    with app.app_context():
        author = db.session.get(User, users["member"].id)
        moderator = db.session.get(User, users["moderator"].id)
        lonely = services.create_case(
            author, case_data(region="north", age_band="80plus", setting="staffed_housing")
        )
        services.submit(author, lonely, CHECKLIST_ALL)
        [warning] = services.singling_out_warnings(lonely)
        assert "Nordre Salten" in warning and "80 år eller eldre" in warning

        twin = services.create_case(
            author, case_data(region="north", age_band="80plus", setting="staffed_housing")
        )
        services.submit(author, twin, CHECKLIST_ALL)
        services.publish(moderator, twin)
        assert services.singling_out_warnings(lonely) == []

        vague = services.create_case(author, case_data(region="unspecified"))
        assert services.singling_out_warnings(vague) == []


def test_the_warning_is_on_the_reviewers_case_page(app, users):
    case_id = make_case(
        app, users["member"], "review", region="north", age_band="teens", setting="act_team"
    )
    body = text(signed_in(app, users["moderator"]).get(f"/saker/{case_id}"))
    assert "Ingen andre saker i nettverket har samme region" in body


def test_overlapping_markings_and_findings_give_non_overlapping_highlights(app, users):
    with app.app_context():
        author = db.session.get(User, users["member"].id)
        moderator = db.session.get(User, users["moderator"].id)
        case = services.create_case(
            author, case_data(situation="Kari Kvitblomst ringte Kvitblomst.")
        )
        services.mark_identifier(moderator, case, "situation", "Kari Kvitblomst", "NAME")
        services.mark_identifier(moderator, case, "situation", "Kvitblomst", "NAME")
        items = [item for item in services.open_findings(case) if item.field == "situation"]
        spans = sorted((item.finding.start, item.finding.end) for item in items)
        assert all(
            a_end <= b_start for (_a, a_end), (b_start, _b) in zip(spans, spans[1:], strict=False)
        )
        assert [item.finding.text for item in items] == ["Kari Kvitblomst", "Kvitblomst"]
        segments = services.highlight(case.situation, items)
        assert "".join(segment.text for segment in segments) == case.situation
