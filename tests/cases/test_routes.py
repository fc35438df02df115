"""Case pages: write, scan, resolve, submit, review, discuss, view log, withdraw; bad input."""

import re

from sqlalchemy import select

from portal.cases import listing, services
from portal.cases.models import Case, CaseStatus, CaseView
from portal.core.dates import utcnow
from portal.extensions import db
from tests.cases.factories import CHECKLIST_ALL, CHECKLIST_FORM, case_data
from tests.helpers import login, submit, text


def make_case(app, author, state: str = "draft", **overrides) -> int:
    """Create a case in a state through the services; return its id."""
    with app.app_context():
        from portal.network.models import User

        writer = db.session.get(User, author.id)
        case = services.create_case(writer, case_data(**overrides))
        if state in ("review", "published"):
            services.submit(writer, case, CHECKLIST_ALL)
        if state == "published":
            reviewer = db.session.scalar(select(User).where(User.role == "moderator"))
            services.publish(reviewer, case)
        db.session.commit()
        return case.id


def signed_in(app, user):
    """A fresh test client (own cookies) logged in as ``user``."""
    other_client = app.test_client()
    login(other_client, user)
    return other_client


def load(app, case_id: int) -> Case:
    """Read a case after requests (detached, columns loaded)."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.expunge(case)
        return case


def test_index_shows_published_to_all_and_drafts_to_the_municipality(app, client, users):
    make_case(app, users["member"], "published", title="Publisert sak om bolig")
    make_case(app, users["member"], "draft", title="Utkast om rus")
    login(client, users["other"])
    page = text(client.get("/saker/"))
    assert "Publisert sak om bolig" in page
    assert "Utkast om rus" not in page
    client = signed_in(app, users["colleague"])
    page = text(client.get("/saker/"))
    assert "Utkast om rus" in page


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/saker/")
    assert response.status_code == 302
    assert "/logg-inn" in response.location


def test_writing_a_case_with_identifiers_leads_to_highlighted_findings(app, client, users):
    login(client, users["member"])
    data = case_data(situation="Kari ringte 912 34 567 om husleia.")
    response = submit(client, "/saker/ny", data)
    assert response.status_code == 302
    assert re.fullmatch(r"/saker/\d+/gjennomgang", response.location)
    page = client.get(response.location)
    body = text(page)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Unntatt offentlighet (offl. § 13)" in body
    assert "2 uavklarte funn" in body
    assert re.search(r'<mark class="finding" data-kind="NAME"><a href="#funn-1">Kari</a>', body)
    assert re.search(r'data-kind="PHONE"><a href="#funn-2">912 34 567</a>', body)
    assert "[Telefonnummer, funn 2]" in body
    assert 'value="[TELEFON]"' in body


def test_case_text_is_escaped_in_highlights(app, client, users):
    case_id = make_case(app, users["member"], situation="<script>alert(1)</script> Kari ringte.")
    login(client, users["member"])
    body = text(client.get(f"/saker/{case_id}/gjennomgang"))
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_clean_case_goes_straight_to_the_case_page(app, client, users):
    login(client, users["member"])
    response = submit(client, "/saker/ny", case_data())
    assert re.fullmatch(r"/saker/\d+", response.location)
    assert "ingen identifikatorer" in text(client.get(response.location))


def test_too_long_text_is_refused_and_kept_in_the_form(app, client, users):
    login(client, users["member"])
    long_text = "Lang tekst. " * (210 * 1024 // 12)
    response = submit(client, "/saker/ny", case_data(situation=long_text, title="Min lange sak"))
    body = text(response)
    assert response.status_code == 200
    assert "Saken er for lang" in body
    assert 'value="Min lange sak"' in body
    assert long_text.strip() in body
    with app.app_context():
        assert db.session.scalar(select(Case.id)) is None


def test_empty_title_is_refused_with_a_norwegian_message(app, client, users):
    login(client, users["member"])
    body = text(submit(client, "/saker/ny", case_data(title="", situation="Beholdt tekst.")))
    assert "Saken må ha en tittel." in body
    assert "Beholdt tekst." in body


def test_member_of_another_municipality_cannot_open_a_draft(app, client, users):
    case_id = make_case(app, users["member"])
    login(client, users["other"])
    for url in (f"/saker/{case_id}", f"/saker/{case_id}/rediger", f"/saker/{case_id}/gjennomgang"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Ingen tilgang" in text(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_replace_and_dismiss_through_the_findings_page(app, client, users):
    case_id = make_case(app, users["member"], situation="Kari gikk tur med Tobias.")
    login(client, users["member"])
    page = f"/saker/{case_id}/gjennomgang"
    response = submit(
        client, page,
        {"number": 1, "field": "situation", "start": 0, "end": 4, "expected": "Kari", "replacement": "[NAVN]"},
        action=f"/saker/{case_id}/erstatt",
    )  # fmt: skip
    assert response.status_code == 302
    assert load(app, case_id).situation == "[NAVN] gikk tur med Tobias."

    response = submit(
        client, page, {"number": 1, "kind": "NAME", "text": "Tobias", "reason": ""},
        action=f"/saker/{case_id}/ikke-identifikator",
    )  # fmt: skip
    assert response.status_code == 400
    assert "Skriv kort hvorfor" in text(response)

    response = submit(
        client, page, {"number": 1, "kind": "NAME", "text": "Tobias", "reason": "Hunden"},
        action=f"/saker/{case_id}/ikke-identifikator",
    )  # fmt: skip
    assert response.status_code == 302
    body = text(client.get(page))
    assert "Ingen uavklarte funn" in body
    assert "Hunden" in body


def test_stale_replacement_keeps_what_was_typed(app, client, users):
    case_id = make_case(app, users["member"], situation="Kari ringte.")
    login(client, users["member"])
    response = submit(
        client, f"/saker/{case_id}/gjennomgang",
        {"number": 1, "field": "situation", "start": 0, "end": 4, "expected": "Ola", "replacement": "[PERSON]"},
        action=f"/saker/{case_id}/erstatt",
    )  # fmt: skip
    assert response.status_code == 409
    body = text(response)
    assert "Teksten er endret" in body
    assert 'value="[PERSON]"' in body
    assert load(app, case_id).situation == "Kari ringte."


def test_submit_is_blocked_while_findings_remain(app, client, users):
    case_id = make_case(app, users["member"], situation="Kari ringte.")
    login(client, users["member"])
    response = submit(client, f"/saker/{case_id}/send-til-vurdering", CHECKLIST_FORM)
    assert response.status_code == 400
    assert "uavklarte funn" in text(response)
    assert load(app, case_id).status == CaseStatus.DRAFT


def test_submit_then_publish_by_legal_adviser(app, client, users):
    case_id = make_case(app, users["member"])
    login(client, users["member"])
    response = submit(client, f"/saker/{case_id}/send-til-vurdering", CHECKLIST_FORM)
    assert response.status_code == 302
    assert load(app, case_id).status == CaseStatus.REVIEW
    own = submit(client, f"/saker/{case_id}", {}, action=f"/saker/{case_id}/publiser")
    assert own.status_code == 403

    client = signed_in(app, users["legal"])
    assert "Til vurdering" in text(client.get("/saker/"))
    response = submit(client, f"/saker/{case_id}", {}, action=f"/saker/{case_id}/publiser")
    assert response.status_code == 302
    case = load(app, case_id)
    assert case.status == CaseStatus.PUBLISHED
    assert case.reviewer_id == users["legal"].id


def test_return_with_comment(app, client, users):
    case_id = make_case(app, users["member"], "review")
    login(client, users["moderator"])
    response = submit(
        client, f"/saker/{case_id}", {"comment": ""}, action=f"/saker/{case_id}/returner"
    )
    assert response.status_code == 400
    assert "Skriv hva som må endres" in text(response)
    submit(
        client,
        f"/saker/{case_id}",
        {"comment": "Yrket er for spesielt."},
        action=f"/saker/{case_id}/returner",
    )
    client = signed_in(app, users["member"])
    body = text(client.get(f"/saker/{case_id}"))
    assert "Sendt tilbake fra vurdering" in body
    assert "Yrket er for spesielt." in body


def test_editing_a_published_case_sends_it_back_to_review(app, client, users):
    case_id = make_case(app, users["member"], "published")
    login(client, users["colleague"])
    edit = f"/saker/{case_id}/rediger"
    assert "går den tilbake til utkast" in text(client.get(edit))
    response = submit(client, edit, case_data(version="1", situation="Oppdatert tekst."))
    assert response.status_code == 302
    assert load(app, case_id).status == CaseStatus.DRAFT
    assert "må sendes til vurdering på nytt" in text(client.get(response.location))


def test_concurrent_edit_is_refused_and_the_text_kept(app, client, users):
    case_id = make_case(app, users["member"])
    login(client, users["member"])
    response = submit(
        client, f"/saker/{case_id}/rediger", case_data(version="0", situation="Min nye tekst.")
    )
    body = text(response)
    assert "Noen andre har endret saken" in body
    assert "Min nye tekst." in body
    assert load(app, case_id).situation != "Min nye tekst."


def test_discussion_marks_the_legal_assessment(app, client, users):
    case_id = make_case(app, users["member"], "published")
    login(client, users["legal"])
    submit(client, f"/saker/{case_id}", {"body": "Taushetsplikten gjelder også muntlig."},
           action=f"/saker/{case_id}/kommentarer")  # fmt: skip
    body = text(client.get(f"/saker/{case_id}"))
    assert "Taushetsplikten gjelder også muntlig." in body
    assert "Juridisk vurdering" in body


def test_comment_with_a_phone_number_asks_for_confirmation_and_keeps_the_text(app, client, users):
    case_id = make_case(app, users["member"], "published")
    login(client, users["other"])
    response = submit(client, f"/saker/{case_id}", {"body": "Ring 912 34 567."},
                      action=f"/saker/{case_id}/kommentarer")  # fmt: skip
    assert response.status_code == 400
    body = text(response)
    assert "identifikatorer (telefonnummer)" in body
    assert "Ring 912 34 567." in body
    assert "Jeg har sjekket" in body


def test_reflection_question_is_stored(app, client, users):
    case_id = make_case(app, users["member"], "published")
    login(client, users["moderator"])
    submit(client, f"/saker/{case_id}", {"question": "Hva gjør vi ved utkastelse?"},
           action=f"/saker/{case_id}/refleksjon")  # fmt: skip
    assert "Hva gjør vi ved utkastelse?" in text(client.get(f"/saker/{case_id}"))


def test_views_are_logged_and_only_the_municipality_reads_the_log(app, client, users):
    case_id = make_case(app, users["member"], "published")
    login(client, users["other"])
    client.get(f"/saker/{case_id}")
    assert client.get(f"/saker/{case_id}/visninger").status_code == 403
    client = signed_in(app, users["colleague"])
    body = text(client.get(f"/saker/{case_id}/visninger"))
    assert "Hilde Fauske" in body
    with app.app_context():
        viewers = db.session.scalars(select(CaseView.user_id).where(CaseView.case_id == case_id))
        assert users["other"].id in set(viewers)


def test_reading_a_case_writes_only_its_view_log_not_the_search_index(app, client, users):
    from sqlalchemy import event

    case_id = make_case(app, users["member"], "published")
    login(client, users["other"])
    writes = []

    def note_write(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SELECT", "PRAGMA")):
            writes.append(statement.split("(")[0].strip())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note_write)
    try:
        assert client.get(f"/saker/{case_id}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note_write)
    assert [w for w in writes if "case_view" in w] == ["INSERT INTO case_view"]
    assert not [w for w in writes if "search" in w]


def test_withdraw_hides_the_case_from_the_network(app, client, users):
    case_id = make_case(app, users["member"], "published", title="Sak som trekkes")
    login(client, users["member"])
    response = submit(client, f"/saker/{case_id}/trekk-tilbake", {"reason": ""})
    assert "Skriv hvorfor saken trekkes tilbake." in text(response)
    submit(client, f"/saker/{case_id}/trekk-tilbake", {"reason": "Kan kjennes igjen."})
    assert load(app, case_id).withdrawn_at is not None
    client = signed_in(app, users["other"])
    assert "Sak som trekkes" not in text(client.get("/saker/"))
    assert client.get(f"/saker/{case_id}").status_code == 403


def test_urls_carry_only_ids(app, client, users):
    login(client, users["member"])
    response = submit(client, "/saker/ny", case_data(title="Hemmelig tittel", situation="Kari"))
    assert "Hemmelig" not in response.location
    assert "Kari" not in response.location


def test_every_case_page_is_marked_and_never_cached(app, client, users):
    case_id = make_case(app, users["member"], "published")
    login(client, users["member"])
    pages = ["/saker/", "/saker/ny", f"/saker/{case_id}", f"/saker/{case_id}/rediger",
             f"/saker/{case_id}/gjennomgang", f"/saker/{case_id}/visninger",
             f"/saker/{case_id}/trekk-tilbake"]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "Unntatt offentlighet (offl. § 13)" in text(response), url


def test_published_list_is_paginated(app, client, users):
    with app.app_context():
        for number in range(listing.PER_PAGE + 2):
            db.session.add(
                Case(municipality_id=users["member"].municipality_id, author_id=users["member"].id,
                     title=f"Publisert sak {number:02d}", status=CaseStatus.PUBLISHED,
                     published_at=utcnow())
            )  # fmt: skip
        db.session.commit()
    login(client, users["other"])
    first = text(client.get("/saker/"))
    assert first.count("Publisert sak") == listing.PER_PAGE
    assert 'href="/saker/?side=2"' in first
    second = text(client.get("/saker/?side=2"))
    assert second.count("Publisert sak") == 2


def test_own_cases_are_paginated_apart_from_the_published_list(app, client, users):
    with app.app_context():
        for number in range(listing.PER_PAGE + 3):
            db.session.add(
                Case(municipality_id=users["member"].municipality_id, author_id=users["member"].id,
                     title=f"Egen sak {number:02d}", updated_at=utcnow())
            )  # fmt: skip
        db.session.commit()
    login(client, users["member"])
    first = client.get("/saker/").get_data(as_text=True)
    assert first.count("Egen sak") == listing.PER_PAGE
    assert 'href="/saker/?egne=2"' in first
    second = client.get("/saker/?egne=2").get_data(as_text=True)
    assert second.count("Egen sak") == 3
    assert 'aria-label="Sider med egne saker"' in second


def test_published_list_counts_each_cases_comments(app, client, users):
    make_case(app, users["member"], "published", title="Stille sak")
    discussed = make_case(app, users["member"], "published", title="Diskutert sak")
    with app.app_context():
        from portal.network.models import User

        commenter = db.session.get(User, users["other"].id)
        for body in ("Første innspill.", "Andre innspill."):
            services.add_comment(commenter, db.session.get(Case, discussed), body)
        db.session.commit()
    login(client, users["other"])
    rows = {
        title: count
        for title, count in re.findall(
            r">([^<]+ sak)</a></td><td>[^<]*</td><td>[^<]*</td><td>(\d+)</td>",
            client.get("/saker/").get_data(as_text=True),
        )
    }
    assert rows == {"Stille sak": "0", "Diskutert sak": "2"}
