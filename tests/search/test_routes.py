"""The search page, its bad input, the suggestions endpoint and the header field."""

import json
import logging

import pytest

from portal.extensions import db
from tests.helpers import login, text
from tests.search.conftest import Build


@pytest.fixture
def seeded(app, users, network, place, make_user):
    """A released Bodø routine, a Bodø draft and a published Fauske case, then no context."""
    with app.test_request_context():
        build = Build(users, network, place, make_user)
        build.routine("Hjemmebesøk alene", "Rutinen gjelder hjemmebesøket når en ansatt er alene.")
        build.routine("Hjemmebesøk i utkast", "Et hemmelig utkast om hjemmebesøk.", state="draft")
        build.case("Hjemmebesøk med hund", "Om hjemmebesøk og hund.")
        build.routine("<script>alert(1)</script> Rutine", "Fordi 3 < 4 & 5 > 2 gjelder tagger.")
        db.session.remove()


def test_anonymous_visitors_are_sent_to_login(client):
    assert "/logg-inn" in client.get("/sok?q=rutine").location
    assert "/logg-inn" in client.get("/sok/forslag?q=rut").location


def test_header_has_a_search_form_that_works_without_javascript(client, users):
    login(client, users["member"])
    page = text(client.get("/"))
    assert 'action="/sok"' in page and 'name="q"' in page and 'role="search"' in page
    assert "search-suggest.js" in page


def test_empty_page_explains_what_is_searched(client, users):
    login(client, users["member"])
    page = text(client.get("/sok"))
    assert "Du finner bare det du har tilgang til" in page


def test_results_are_grouped_highlighted_and_filtered(client, users, seeded):
    login(client, users["other"])
    page = text(client.get("/sok?q=hjemmebesøk"))
    assert "2 treff" in page
    assert '<h2 class="ds-heading" data-size="sm" id="gruppe-rutiner">Rutiner</h2>' in page
    assert 'id="gruppe-saker"' in page
    assert "<mark>Hjemmebesøk</mark> alene" in page
    assert "<mark>hjemmebesøket</mark>" in page
    assert "hemmelig" not in page  # Bodø's draft is not Fauske's to see
    assert "Rutiner (1)" in page and "Saker (1)" in page
    only_cases = text(client.get("/sok?q=hjemmebesøk&type=saker"))
    assert "1 treff" in only_cases and "Hjemmebesøk alene" not in only_cases


def test_the_owner_finds_the_draft(client, users, seeded):
    login(client, users["member"])
    page = text(client.get("/sok?q=hemmelig"))
    assert "Hjemmebesøk i utkast" in page and "Utkast" in page


def test_markup_in_titles_and_texts_is_escaped(client, users, seeded):
    login(client, users["other"])
    page = text(client.get("/sok?q=tagger"))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Rutine" in page
    assert "3 &lt; 4 &amp; 5 &gt; 2 gjelder <mark>tagger</mark>" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Skriv ett eller flere ord"),
        ("   ", "Skriv ett eller flere ord"),
        ("og i på", "bare småord"),
        ("-hjemmebesøk", "bare ord med minus"),
        ('" * ( ) : ^ -', "Skriv ett eller flere ord"),
        ("x" * 1000, "bare begynnelsen"),
        ('"hjemmebesøk alene', "1 treff"),
        ('hjemmebesøk" OR 1=1 --', "Ingen treff på"),
        ("'; DROP TABLE search_document; --", "Ingen treff på"),
        ("NEAR(hjemmebesøk alene) OR ^x : *", "Ingen treff på"),
        ("hjemmebesøk AND NOT", "Ingen treff på"),
        ("zzzqqq", "Prøv færre eller andre ord"),
    ],
)
def test_bad_input_gets_a_clear_answer_and_keeps_the_text(client, users, seeded, typed, message):
    login(client, users["other"])
    response = client.get("/sok", query_string={"q": typed})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    from markupsafe import escape

    assert f'value="{escape(typed)}"' in page


def test_bad_filters_are_ignored_with_a_note(client, users, seeded):
    login(client, users["other"])
    response = client.get("/sok?q=hjemmebesøk&type=ukjent&kommune=x&fra=31.12.2020&side=-4")
    assert response.status_code == 200
    page = text(response)
    assert "2 treff" in page and "«31.12.2020» ble ikke forstått" in page
    assert client.get("/sok?q=hjemmebesøk&side=99999").status_code == 200


def test_suggestions_offer_visible_titles_only(client, users, seeded):
    login(client, users["other"])
    found = json.loads(client.get("/sok/forslag?q=hjemmeb").data)
    assert [s["title"] for s in found] == ["Hjemmebesøk alene", "Hjemmebesøk med hund"]
    assert found[0]["url"].startswith("/rutiner/") and found[1]["kind"] == "Saker"
    assert json.loads(client.get("/sok/forslag?q=").data) == []
    assert json.loads(client.get('/sok/forslag?q="*(').data) == []


def test_queries_are_never_logged_with_their_text(client, users, seeded, caplog):
    login(client, users["other"])
    with caplog.at_level(logging.DEBUG):
        client.get("/sok?q=hjemmebesøk+fortrolig")
        client.get("/sok/forslag?q=fortrolig")
    for record in caplog.records:
        assert "fortrolig" not in record.getMessage()
        assert "fortrolig" not in json.dumps(getattr(record, "fields", {}), default=str)
