"""Every routine page, for the people allowed to see it, and the bad input the issue lists."""

from portal.audit import AuditEvent
from portal.core import pagination
from portal.extensions import db
from portal.rutiner import approval, services
from portal.rutiner.models import ReadConfirmation, Routine, RoutineComment, RoutineVersion
from tests.helpers import csrf_token, login, submit, text

NEW = {
    "title": "Oppfølging etter utskriving",
    "body": "## Formål\nTrygg overgang hjem.\n",
    "change_note": "Første utkast",
    "category": "admission",
    "tags": "DPS, Utskriving, dps",
    "review_interval": "12",
}


def new_routine(client, user, **fields):
    """Create a routine through the form as ``user`` (logged in by the caller)."""
    data = {**NEW, "owner": str(user.municipality_id), "responsible": str(user.id), **fields}
    return submit(client, "/rutiner/ny", data)


def client_for(app, user):
    """A new test client logged in as ``user``."""
    client = app.test_client()
    login(client, user)
    return client


def only_routine(app) -> Routine:
    """The single routine in the database, detached with its columns loaded."""
    with app.app_context():
        routine = db.session.scalars(db.select(Routine)).one()
        db.session.expunge(routine)
        return routine


def test_write_submit_approve_confirm(app, users):
    author, approver = app.test_client(), app.test_client()
    login(author, users["member"])
    login(approver, users["colleague"])

    response = new_routine(author, users["member"])
    assert response.status_code == 302
    routine = only_routine(app)
    assert routine.tags == "dps, utskriving"
    page = text(author.get(f"/rutiner/{routine.id}"))
    assert "Dette er et utkast" in page and "Trygg overgang hjem." in page

    response = submit(author, f"/rutiner/{routine.id}", {"approver": users["colleague"].id},
                      action=f"/rutiner/{routine.id}/send")  # fmt: skip
    assert response.status_code == 302
    assert "Venter på din godkjenning" in text(approver.get("/"))
    review = approver.get(f"/rutiner/{routine.id}/godkjenning")
    assert review.status_code == 200 and "Godkjenn versjon 1" in text(review)

    response = submit(approver, f"/rutiner/{routine.id}/godkjenning", {},
                      action=f"/rutiner/{routine.id}/godkjenn")  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(Routine, routine.id)
        assert stored.status == "approved"
        assert stored.released_version.approved_by_id == users["colleague"].id

    assert "Rutiner du må lese" in text(author.get("/"))
    assert "Oppfølging etter utskriving" in text(author.get("/"))
    submit(author, f"/rutiner/{routine.id}", {}, action=f"/rutiner/{routine.id}/lest")
    body = text(author.get(f"/rutiner/{routine.id}"))
    assert "Du har bekreftet at du har lest og forstått rutinen." in body
    readers = text(author.get(f"/rutiner/{routine.id}/lesebekreftelser"))
    assert "Har bekreftet (1)" in readers and "Har ikke bekreftet (1)" in readers
    assert "Kari Bodø" in readers and "Ola Bodø" in readers


def test_new_routine_bad_input_keeps_the_text(client, users):
    login(client, users["member"])
    response = new_routine(client, users["member"], title="", review_interval="7")
    page = text(response)
    assert response.status_code == 200
    assert "Rutinen må ha en tittel." in page
    assert "Velg et revisjonsintervall på 6, 12, 24 eller 36 måneder." in page
    assert "Trygg overgang hjem." in page


def test_huge_body_is_refused_clearly_and_shown_back(app, client, users):
    login(client, users["member"])
    huge = "Dette er en lang rutine. " * 45_000  # about 1.1 MB
    response = new_routine(client, users["member"], body=huge)
    page = text(response)
    assert response.status_code == 200
    assert "Teksten er større enn 1 MB" in page
    assert huge[:2000] in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Routine.id))) == 0


def test_preview_does_not_save(app, client, users):
    login(client, users["member"])
    data = {**NEW, "owner": str(users["member"].municipality_id),
            "responsible": str(users["member"].id), "forhandsvis": "1",
            "body": "**Viktig** <script>alert(1)</script>"}  # fmt: skip
    page = text(submit(client, "/rutiner/ny", data))
    assert "<strong>Viktig</strong>" in page and "<script>alert(1)" not in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Routine.id))) == 0


def test_member_cannot_own_a_routine_for_another_municipality(app, client, users, place):
    login(client, users["member"])
    response = new_routine(client, users["member"], owner=str(place("Fauske")))
    assert "Velg en eier fra listen." in text(response)
    response = new_routine(client, users["member"], owner="felles")
    assert "Velg en eier fra listen." in text(response)


def test_two_editors_second_save_is_refused_and_text_shown_back(app, users):
    kari, ola = app.test_client(), app.test_client()
    login(kari, users["member"])
    login(ola, users["colleague"])
    new_routine(kari, users["member"])
    routine = only_routine(app)
    edit = f"/rutiner/{routine.id}/rediger"
    kari_token, ola_token = csrf_token(kari, edit), csrf_token(ola, edit)
    base = {**NEW, "responsible": str(users["member"].id), "base_number": "1"}

    first = ola.post(
        edit, data={**base, "body": "Olas versjon av teksten.\n", "csrf_token": ola_token}
    )
    assert first.status_code == 302
    second = kari.post(
        edit, data={**base, "body": "Karis versjon av teksten.\n", "csrf_token": kari_token}
    )
    page = text(second)
    assert second.status_code == 409
    assert "Rutinen ble lagret av Ola Bodø (versjon 2) mens du skrev." in page
    assert "Karis versjon av teksten." in page  # her text is in the form
    assert "Olas versjon av teksten." in page  # and the saved text is shown to merge with
    assert 'name="base_number" type="hidden" value="2"' in page
    with app.app_context():
        bodies = db.session.scalars(
            db.select(RoutineVersion.body).order_by(RoutineVersion.number)
        ).all()
        assert bodies == [NEW["body"], "Olas versjon av teksten.\n"]

    merged = kari.post(
        edit, data={**base, "base_number": "2", "body": "Begge.\n", "csrf_token": kari_token}
    )
    assert merged.status_code == 302
    with app.app_context():
        assert db.session.get(Routine, routine.id).version_count == 3


def test_approving_own_routine_is_refused_with_a_clear_message(app, users, client, routine_factory):
    with app.app_context():
        routine = routine_factory(users["member"], "pending", approver=users["colleague"])
        routine_id = routine.id
    login(client, users["member"])
    response = submit(
        client, f"/rutiner/{routine_id}", {}, action=f"/rutiner/{routine_id}/godkjenn"
    )
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "Du kan ikke godkjenne en rutine du selv har skrevet" in page
    assert client.get(f"/rutiner/{routine_id}/godkjenning").status_code == 302
    with app.app_context():
        assert db.session.get(Routine, routine_id).status == "pending"


def test_confirming_a_routine_you_cannot_see_is_refused(app, users, client, routine_factory):
    with app.app_context():
        draft = routine_factory(users["member"]).id
        local = routine_factory(users["member"], "approved", approver=users["colleague"]).id
    login(client, users["other"])
    response = submit(client, "/rutiner/", {}, action=f"/rutiner/{draft}/lest")
    assert response.status_code == 403 and "Ingen tilgang" in text(response)
    response = submit(client, "/rutiner/", {}, action=f"/rutiner/{local}/lest")
    assert "Lesebekreftelse gjelder bare de ansatte i kommunen" in text(
        client.get(response.location)
    )
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ReadConfirmation.id))) == 0


def test_list_page_filters_sort_and_paginate(app, users, client, routine_factory):
    with app.app_context():
        for n in range(27):
            routine_factory(users["member"], "approved", approver=users["colleague"],
                            title=f"Rutine {n:02d}")  # fmt: skip
        routine_factory(users["other"], place_name="Fauske", title="Fauske-utkast")
    login(client, users["member"])
    page = text(client.get("/rutiner/"))
    assert "27 rutiner" in page and "side 1 av 2" in page
    assert "Rutine 00" in page and "Rutine 25" not in page and "Fauske-utkast" not in page
    page2 = text(client.get("/rutiner/?side=2"))
    assert "Rutine 25" in page2 and "Rutine 26" in page2
    newest = text(client.get("/rutiner/?sorter=endret"))
    assert newest.index("Rutine 26") < newest.index("Rutine 25")
    assert "Ingen rutiner passer" in text(client.get("/rutiner/?kategori=oat"))
    assert "1 rutine" in text(client.get("/rutiner/?sok=Rutine%2007"))
    assert client.get("/rutiner/?side=abc&status=tull&sorter=tull").status_code == 200


def test_a_long_list_says_over_how_many_it_counted(
    app, users, client, routine_factory, monkeypatch
):
    with app.app_context():
        for n in range(27):
            routine_factory(users["member"], "approved", approver=users["colleague"],
                            title=f"Rutine {n:02d}")  # fmt: skip
    monkeypatch.setattr(pagination, "COUNT_AHEAD", 20)  # counts stop 20 rows past the page
    login(client, users["member"])
    page = text(client.get("/rutiner/"))
    assert "Over 20 rutiner, side 1." in page and "av 2" not in page
    assert 'aria-label="Side 2"' in client.get("/rutiner/").text  # the next page is linked
    assert "27 rutiner, side 2 av 2" in text(client.get("/rutiner/?side=2"))  # counted to the end


def test_history_diff_inline_and_side_by_side(app, users, client, routine_factory):
    with app.app_context():
        routine = routine_factory(users["member"], "approved", approver=users["colleague"])
        services.save_draft(db.session.get(type(users["member"]), users["member"].id), routine,
                            base_number=1, title="Innleggelse", change_note="Legevakt",
                            body=routine.released_version.body.replace("fastlegen", "legevakten"))  # fmt: skip
        db.session.commit()
        routine_id = routine.id
    login(client, users["member"])
    inline = text(client.get(f"/rutiner/{routine_id}/historikk?fra=1&til=2"))
    assert "<del>fastlegen</del>" in inline and "<ins>legevakten</ins>" in inline
    side = text(client.get(f"/rutiner/{routine_id}/historikk?fra=1&til=2&visning=side"))
    assert "diff--side" in side and "<ins>legevakten</ins>" in side
    assert client.get(f"/rutiner/{routine_id}/historikk?fra=1&til=9").status_code == 404
    reader = client_for(app, users["other"])  # readers see approved versions only
    assert "Versjon 2" not in text(reader.get(f"/rutiner/{routine_id}/historikk"))
    assert reader.get(f"/rutiner/{routine_id}/versjoner/2").status_code == 404
    assert reader.get(f"/rutiner/{routine_id}/versjoner/1").status_code == 200


def test_restore_version(app, users, client, routine_factory):
    with app.app_context():
        routine = routine_factory(users["member"])
        services.save_draft(db.session.get(type(users["member"]), users["member"].id), routine,
                            base_number=1, title="T", body="to", change_note="")  # fmt: skip
        db.session.commit()
        routine_id = routine.id
    login(client, users["member"])
    page = f"/rutiner/{routine_id}/versjoner/1"
    assert "Gjenopprett som nytt utkast" in text(client.get(page))
    response = submit(client, page, {"base_number": "2"}, action=f"{page}/gjenopprett")
    assert response.status_code == 302
    with app.app_context():
        assert services.latest_version(db.session.get(Routine, routine_id)).number == 3


def test_return_with_comment_and_empty_comment(app, users, client, routine_factory):
    with app.app_context():
        routine_id = routine_factory(users["member"], "pending", approver=users["colleague"]).id
    login(client, users["colleague"])
    page = f"/rutiner/{routine_id}/godkjenning"
    response = submit(client, page, {"comment": ""}, action=f"/rutiner/{routine_id}/returner")
    assert response.status_code == 400 and "Skriv hva som må endres." in text(response)
    submit(
        client, page, {"comment": "Mangler DPS-nummer"}, action=f"/rutiner/{routine_id}/returner"
    )
    login(client, users["member"])
    assert "Mangler DPS-nummer" in text(client.get(f"/rutiner/{routine_id}"))


def test_comments_are_sanitised_and_deletable(app, users, client, routine_factory):
    with app.app_context():
        routine_id = routine_factory(users["member"], "approved", approver=users["colleague"]).id
    login(client, users["other"])
    detail = f"/rutiner/{routine_id}"
    response = submit(client, detail, {"body": "Bra! <img src=x onerror=alert(1)> **Fauske**"},
                      action=f"{detail}/kommentarer")  # fmt: skip
    assert response.status_code == 302
    page = text(client.get(detail))
    assert "<strong>Fauske</strong>" in page and "onerror" not in page
    empty = submit(client, detail, {"body": ""}, action=f"{detail}/kommentarer")
    assert empty.status_code == 400 and "Skriv en kommentar før du sender." in text(empty)
    with app.app_context():
        comment_id = db.session.scalar(db.select(RoutineComment.id))
    colleague = client_for(app, users["colleague"])
    refused = submit(colleague, detail, {}, action=f"/rutiner/kommentarer/{comment_id}/slett")
    assert refused.status_code == 403
    submit(client, detail, {}, action=f"/rutiner/kommentarer/{comment_id}/slett")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(RoutineComment.id))) == 0
        assert db.session.scalar(db.select(AuditEvent).filter_by(action="routine.comment_deleted"))


def test_adopt_compare_and_upstream_pages(app, users, client, routine_factory, make_user):
    with app.app_context():
        origin = routine_factory(users["member"], "approved", approver=users["colleague"])
        origin_id = origin.id
    login(client, users["other"])
    response = submit(client, f"/rutiner/{origin_id}", {}, action=f"/rutiner/{origin_id}/ta-i-bruk")
    assert response.status_code == 302
    adopted_id = int(response.location.rsplit("/", 1)[1])
    assert "Tatt i bruk fra" in text(client.get(f"/rutiner/{adopted_id}"))
    assert client.get(f"/rutiner/{adopted_id}/original").status_code == 404

    with app.app_context():
        origin = db.session.get(Routine, origin_id)
        member = db.session.get(type(users["member"]), users["member"].id)
        colleague = db.session.get(type(users["member"]), users["colleague"].id)
        services.save_draft(member, origin, base_number=1, title="Innleggelse",
                            body=origin.released_version.body + "3. Ring DPS.\n", change_note="DPS")  # fmt: skip
        approval.submit(member, origin, colleague)
        approval.approve(colleague, origin, significant=False)
        db.session.commit()
    page = text(client.get(f"/rutiner/{adopted_id}"))
    assert "Originalen er endret." in page
    upstream = text(client.get(f"/rutiner/{adopted_id}/original"))
    assert "Lagt til: </span><ins>3. Ring DPS.</ins>" in upstream
    submit(
        client,
        f"/rutiner/{adopted_id}/original",
        {},
        action=f"/rutiner/{adopted_id}/original/gjennomgatt",
    )
    assert "Originalen er endret." not in text(client.get(f"/rutiner/{adopted_id}"))

    compare = text(
        client.get(f"/rutiner/sammenlign?kategori=admission&a={origin_id}&b={adopted_id}")
    )
    assert "Velg to godkjente rutiner" in compare  # the adopted copy is only a draft
    with app.app_context():
        fauske = routine_factory(users["other"], "approved", approver=make_user(municipality="Fauske"),
                                 place_name="Fauske", title="Fauske innleggelse",
                                 body="## Formål\nSikre trygg innleggelse i Fauske.\n")  # fmt: skip
        fauske_id = fauske.id
    compare = text(
        client.get(f"/rutiner/sammenlign?kategori=admission&a={origin_id}&b={fauske_id}")
    )
    assert "Bodø og Fauske" in compare and "<ins>i Fauske</ins>" in compare
    assert "Velg kategori" in text(client.get("/rutiner/sammenlign"))


def test_compare_shows_rendered_sections_aligned_and_keeps_the_source_diff(
    app, users, client, routine_factory, make_user
):
    with app.app_context():
        bodo = routine_factory(
            users["member"],
            "approved",
            approver=users["colleague"],
            body="## Formål\nRing **fastlegen** samme dag.\n\n"
            "## Ansvar\nLeder har ansvaret.\n\n## Bare i Bodø\nEgen del.\n",
        )
        fauske = routine_factory(
            users["other"],
            "approved",
            approver=make_user(municipality="Fauske"),
            place_name="Fauske",
            title="Fauske innleggelse",
            body="## 1. Formål\nRing **legevakten** samme dag.\n\n<script>alert(1)</script>\n\n"
            "## Ansvar\nLeder har ansvaret.\n",
        )
        url = f"/rutiner/sammenlign?kategori=innleggelse&a={bodo.id}&b={fauske.id}"  # fmt: skip
    login(client, users["member"])
    page = text(client.get(url))
    compared = page[page.index('class="compare"') :]
    assert "##" not in compared and "**" not in compared and "<script>" not in compared
    assert "<strong><del>fastlegen</del></strong>" in compared
    assert "<strong><ins>legevakten</ins></strong>" in compared
    assert compared.count("<h2>Ansvar</h2>") == 2 and "Lik tekst" in compared
    assert "Bare hos Bodø" in compared and "Ingen tilsvarende del." in compared
    source = text(client.get(url + "&visning=kilde"))
    assert "Markdown-kilden (for redaktører)" in source and "## Bare i Bodø" in source
    assert 'class="compare"' not in source


def test_print_view_and_withdraw_and_delete(app, users, client, routine_factory):
    with app.app_context():
        approved = routine_factory(users["member"], "approved", approver=users["colleague"]).id
        draft = routine_factory(users["member"], title="Kladd").id
    login(client, users["other"])
    page = text(client.get(f"/rutiner/{approved}/utskrift"))
    assert "Utskrift av godkjent versjon 1" in page and "Ola Bodø" in page
    assert client.get(f"/rutiner/{draft}/utskrift").status_code == 403
    client = client_for(app, users["member"])
    assert client.get(f"/rutiner/{draft}/utskrift").status_code == 404
    submit(client, f"/rutiner/{approved}", {}, action=f"/rutiner/{approved}/utgatt")
    assert "Rutinen er utgått" in text(client.get(f"/rutiner/{approved}"))
    assert client.get(f"/rutiner/{approved}/rediger").status_code == 403
    response = submit(client, f"/rutiner/{draft}", {}, action=f"/rutiner/{draft}/slett")
    assert response.status_code == 302
    assert client.get(f"/rutiner/{draft}").status_code == 404


def test_dashboard_traffic_lights_for_the_responsible(app, users, client, routine_factory):
    from datetime import datetime

    with app.app_context():
        routine_factory(users["member"], "approved", approver=users["colleague"], title="Gammel",
                        at=datetime(2020, 1, 1, 12, 0))  # fmt: skip
    login(client, users["member"])
    page = text(client.get("/"))
    assert "Du er ansvarlig for" in page and "Revisjon forfalt" in page
