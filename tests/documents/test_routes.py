"""Routes: upload several files, list, download and view with safe headers, replace, delete,
bad input refused in Norwegian with nothing stored, case files scanned and logged."""

import re
from pathlib import Path

from sqlalchemy import func, select

from portal.cases.models import CaseView
from portal.documents.models import Attachment, Blob
from portal.documents.storage import digest_of
from portal.extensions import db
from tests.documents import files
from tests.documents.helpers import post_file, upload
from tests.helpers import login, submit, text


def count(model) -> int:
    """Rows of a model."""
    return db.session.scalar(select(func.count()).select_from(model))


def attachment_ids(app) -> list[int]:
    """Every attachment id, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(Attachment.id).order_by(Attachment.id)))


def test_moderator_uploads_several_files_and_member_sees_and_downloads(app, client, users, world):
    login(client, users["moderator"])
    slides = files.pptx()
    response = upload(
        client,
        "agenda_item",
        world["agenda_item"],
        ("Innlegg Bodø.pptx", slides),
        ("Program.pdf", files.pdf()),
    )
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "2 filer er lagt ved." in page
    assert "Innlegg Bodø.pptx" in page and "PowerPoint" in page and "Marte Koordinator" in page

    with app.app_context():
        stored = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
        assert [(a.filename, a.kind, a.owner_kind) for a in stored] == [
            ("Innlegg Bodø.pptx", "pptx", "agenda_item"),
            ("Program.pdf", "pdf", "agenda_item"),
        ]
        assert stored[0].sha256 == digest_of(slides)
        assert app.extensions["documents.storage"].get(stored[0].sha256) == slides
        slides_id, pdf_id = stored[0].id, stored[1].id

    member = app.test_client()
    login(member, users["other"])
    samling_page = text(member.get(f"/samlinger/{world['samling']}"))
    assert "Innlegg Bodø.pptx" in samling_page
    assert "Legg ved filer" not in samling_page

    download = member.get(f"/dokumenter/fil/{slides_id}/last-ned")
    assert download.status_code == 200
    assert download.data == slides
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Innlegg%20Bod%C3%B8.pptx" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "no-store"
    assert download.mimetype.endswith("presentationml.presentation")

    assert member.get(f"/dokumenter/fil/{slides_id}/vis").status_code == 302  # not inline-safe
    inline = member.get(f"/dokumenter/fil/{pdf_id}/vis")
    assert inline.status_code == 200
    assert inline.headers["Content-Disposition"].startswith("inline;")
    assert inline.headers["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert inline.mimetype == "application/pdf"

    assert member.post(f"/dokumenter/fil/{slides_id}/slett").status_code in (400, 403)
    assert upload(member, "agenda_item", world["agenda_item"], ("x.txt", b"hei")).status_code == 403


def test_a_refused_file_refuses_the_whole_upload(app, client, users, world):
    login(client, users["moderator"])
    response = upload(
        client, "samling", world["samling"],
        ("God.pdf", files.pdf()), ("Tom.txt", b""), ("Makro.pptm", files.pptm()),
    )  # fmt: skip
    assert response.status_code == 400
    page = text(response)
    assert "Ingenting ble lagret" in page
    assert "Filen «Tom.txt» er tom (0 byte)." in page
    assert "Makro.pptm" in page and "makroer" in page
    with app.app_context():
        assert count(Attachment) == 0 and count(Blob) == 0


def test_bad_input_messages(app, client, users, world):
    login(client, users["moderator"])
    target = ("samling", world["samling"])
    cases = [
        (("bilde.pdf", files.png()), "heter .pdf, men innholdet er PNG-bilde"),
        (("bombe.docx", files.zip_bomb()), "zip-bombe"),
        (("ikke-zip.docx", b"bare tekst"), "heter .docx, men innholdet er Tekst"),
        (("skript.pdf", files.pdf(javascript=True)), "JavaScript"),
        (("side.html", b"<html></html>"), "SVG, HTML"),
        (("tegning.svg", b"<svg/>"), "SVG, HTML"),
        (("../hemmelig.pdf", files.pdf()), "mappe-deler"),
        (("rutine\x07.pdf", files.pdf()), "kontrolltegn"),
    ]
    for named_file, message in cases:
        response = upload(client, *target, named_file)
        assert response.status_code == 400, named_file[0]
        assert message in text(response).replace("&#34;", '"'), named_file[0]
    assert "Velg minst én fil" in text(upload(client, *target))
    with app.app_context():
        assert count(Attachment) == 0 and count(Blob) == 0


def test_duplicates_are_refused_but_contents_are_shared_between_owners(app, client, users, world):
    login(client, users["moderator"])
    data = files.pdf(title="Program")
    assert upload(client, "samling", world["samling"], ("Program.pdf", data)).status_code == 303
    again = upload(client, "samling", world["samling"], ("Program kopi.pdf", data))
    assert again.status_code == 400
    assert "allerede lagt ved her (som «Program.pdf»)" in text(again)
    twice = upload(client, "agenda_item", world["agenda_item"], ("a.pdf", data), ("b.pdf", data))
    assert "allerede lagt ved her (som «a.pdf»)" in text(twice)
    assert upload(client, "agenda_item", world["agenda_item"], ("a.pdf", data)).status_code == 303
    with app.app_context():
        assert count(Attachment) == 2 and count(Blob) == 1


def test_size_limit_per_file_and_per_request(app, client, users, world):
    login(client, users["moderator"])
    app.config["UPLOAD_MAX_BYTES"] = 2048
    try:
        too_big = upload(client, "samling", world["samling"], ("stor.txt", b"x" * 4096))
        assert too_big.status_code == 400
        assert "Grensen er 2 kB per fil" in text(too_big)
        request_too_big = upload(
            client,
            "samling",
            world["samling"],
            *[(f"{n}.txt", b"y" * 2048 * 60) for n in range(10)],
        )
        assert request_too_big.status_code == 413
        assert "større enn grensen" in text(request_too_big)
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 25 * 1024 * 1024
    with app.app_context():
        assert count(Attachment) == 0


def test_replace_keeps_the_old_version_and_delete_removes_all(app, client, users, world):
    login(client, users["moderator"])
    first, second = files.pdf(title="v1"), files.pdf(title="v2")
    upload(client, "samling", world["samling"], ("Program.pdf", first))
    (old_id,) = attachment_ids(app)
    page = f"/dokumenter/fil/{old_id}"
    same = post_file(client, page, f"{page}/erstatt", "file", "Program.pdf", first)
    assert "allerede lagt ved" in text(same)
    replaced = post_file(client, page, f"{page}/erstatt", "file", "Program v2.pdf", second)
    assert replaced.status_code == 303
    old_id, new_id = attachment_ids(app)
    detail = text(client.get(f"/dokumenter/fil/{new_id}"))
    assert "Ny versjon (2) er lagret." in detail
    assert "Program.pdf" in detail and "Program v2.pdf" in detail
    listing = text(client.get(f"/dokumenter/samling/{world['samling']}"))
    assert "Program v2.pdf" in listing and "Program.pdf<" not in listing
    assert client.get(f"/dokumenter/fil/{old_id}/last-ned").data == first

    deleted = submit(
        client, f"/dokumenter/fil/{new_id}", {}, action=f"/dokumenter/fil/{new_id}/slett"
    )
    assert deleted.status_code == 302
    with app.app_context():
        assert count(Attachment) == 0 and count(Blob) == 0
        storage = app.extensions["documents.storage"]
        assert not storage.exists(digest_of(first)) and not storage.exists(digest_of(second))


def test_shared_contents_survive_deleting_one_attachment(app, client, users, world):
    login(client, users["moderator"])
    data = files.pdf(title="Felles")
    upload(client, "samling", world["samling"], ("a.pdf", data))
    upload(client, "agenda_item", world["agenda_item"], ("b.pdf", data))
    first, _second = attachment_ids(app)
    submit(client, f"/dokumenter/fil/{first}", {}, action=f"/dokumenter/fil/{first}/slett")
    with app.app_context():
        assert count(Attachment) == 1
        assert app.extensions["documents.storage"].exists(digest_of(data))


def test_case_files_are_scanned_block_submission_and_downloads_are_logged(
    app, client, users, world
):
    login(client, users["member"])
    assessment = files.word(["Vurdering av saken.", "Ring Kari på 912 34 567 ved spørsmål."])
    response = upload(client, "case", world["case"], ("Juridisk vurdering.docx", assessment))
    assert response.status_code == 303
    listing = text(client.get(response.headers["Location"]))
    assert "Mulige identifikatorer: 2 (Navn, Telefonnummer)" in listing
    pptx = upload(client, "case", world["case"], ("Lysark.pptx", files.pptx()))
    assert "Her tas bare imot" in text(pptx)

    refused = submit(
        client, f"/saker/{world['case']}/send-til-vurdering",
        {"check_names": "y", "check_addresses": "y", "check_dates": "y", "check_rare_facts": "y"},
    )  # fmt: skip
    assert "Vedlegget «Juridisk vurdering.docx» har" in text(refused)

    (file_id,) = attachment_ids(app)
    client.get(f"/dokumenter/fil/{file_id}/last-ned")
    with app.app_context():
        pages = db.session.scalars(select(CaseView.page).where(CaseView.case_id == world["case"]))
        assert "vedlegg" in list(pages)

    submit(client, f"/dokumenter/fil/{file_id}", {}, action=f"/dokumenter/fil/{file_id}/slett")
    clean = files.word(["Vurdering av saken uten personopplysninger."])
    upload(client, "case", world["case"], ("Vurdering.docx", clean))
    sent = submit(
        client, f"/saker/{world['case']}/send-til-vurdering",
        {"check_names": "y", "check_addresses": "y", "check_dates": "y", "check_rare_facts": "y"},
    )  # fmt: skip
    assert sent.status_code == 302


def test_owner_pages_show_the_attachment_section(app, client, users, world):
    login(client, users["member"])
    upload(client, "routine_version", world["draft_version"], ("Skjema.docx", files.word()))
    upload(client, "homework_answer", world["homework_answer"], ("Tall.xlsx", files.xlsx()))
    upload(client, "case", world["case"], ("Notat.txt", b"Notat om samarbeidet."))
    assert "Skjema.docx" in text(client.get(f"/rutiner/{world['draft_routine']}"))
    assert "Tall.xlsx" in text(client.get(f"/samlinger/hjemmelekser/{world['homework_item']}"))
    assert "Notat.txt" in text(client.get(f"/saker/{world['case']}"))
    moderator = app.test_client()
    login(moderator, users["moderator"])
    upload(moderator, "minutes", world["minutes_draft"], ("Lysark.pdf", files.pdf()))
    minutes_page = moderator.get(f"/samlinger/{world['hidden_samling']}/referat")
    assert "Lysark.pdf" in text(minutes_page)


def test_the_owner_page_lists_each_files_newest_version_with_its_facts(app, client, users, world):
    login(client, users["moderator"])
    samling_page = f"/samlinger/{world['samling']}"
    assert "Ingen vedlegg." in text(client.get(samling_page))
    upload(client, "samling", world["samling"], ("Program.pdf", files.pdf(title="v1")))
    first = text(client.get(samling_page))
    assert re.search(r">Program\.pdf</a>.*PDF, [^<]+, Marte Koordinator, ", first, re.S)
    assert "Ingen vedlegg." not in first and "versjon 2" not in first
    assert "Last opp eller endre vedlegg" in first
    (old_id,) = attachment_ids(app)
    page = f"/dokumenter/fil/{old_id}"
    post_file(client, page, f"{page}/erstatt", "file", "Program v2.pdf", files.pdf(title="v2"))
    replaced = text(client.get(samling_page))
    assert "Program v2.pdf" in replaced and "versjon 2" in replaced
    assert ">Program.pdf<" not in replaced
    member = app.test_client()
    login(member, users["other"])
    seen = text(member.get(samling_page))
    assert "Program v2.pdf" in seen and "Alle vedlegg med detaljer" in seen
    assert "Last opp eller endre vedlegg" not in seen


def test_unknown_owner_and_file_are_404(client, users, world):
    login(client, users["moderator"])
    assert client.get("/dokumenter/ukjent/1").status_code == 404
    assert client.get("/dokumenter/samling/999999").status_code == 404
    assert client.get("/dokumenter/fil/999999/last-ned").status_code == 404


def test_file_names_never_reach_urls_or_disk(app, client, users, world):
    login(client, users["moderator"])
    upload(client, "samling", world["samling"], ("Hemmelig navn.pdf", files.pdf()))
    page = text(client.get(f"/dokumenter/samling/{world['samling']}"))
    assert not re.search(r'href="[^"]*Hemmelig', page)
    assert not list(Path(app.config["FILES_DIR"]).rglob("*Hemmelig*"))


def test_legal_adviser_attaches_an_assessment_to_a_published_case(app, client, users, world):
    login(client, users["legal"])
    case = world["case_published"]
    risky = files.word(["Vurdering.", "Ring Kari på 912 34 567."])
    refused = upload(client, "case", case, ("Vurdering.docx", risky))
    assert refused.status_code == 400
    assert "Saken er publisert, så filen må være fri for slike" in text(refused)
    clean = files.word(["Juridisk vurdering: kommunen kan dele opplysningene med samtykke."])
    assert upload(client, "case", case, ("Juridisk vurdering.docx", clean)).status_code == 303
    assert "Juridisk vurdering.docx" in text(client.get(f"/saker/{case}"))


def test_personal_data_export_lists_uploaded_files(client, users, world):
    login(client, users["moderator"])
    upload(client, "samling", world["samling"], ("Mitt innlegg.pdf", files.pdf()))
    export = client.get("/konto/mine-data.json").get_json()
    assert [f["filnavn"] for f in export["vedlegg"]] == ["Mitt innlegg.pdf"]


def test_case_files_without_text_are_refused(app, client, users, world):
    login(client, users["member"])
    scanned = upload(client, "case", world["case"], ("Skannet.pdf", files.pdf()))
    assert scanned.status_code == 400
    assert "Fant ingen tekst å sjekke i «Skannet.pdf»" in text(scanned)


def test_the_next_draft_keeps_the_versions_files_and_changing_them_leaves_the_old_version(
    app, client, users, world
):
    login(client, users["member"])
    form = files.pdf()
    assert (
        upload(client, "routine_version", world["draft_version"], ("Skjema.pdf", form)).status_code
        == 303
    )
    edit = f"/rutiner/{world['draft_routine']}/rediger"
    saved = submit(
        client,
        edit,
        {
            "title": "Innleggelse",
            "body": "## Formål\nTrygg innleggelse, nå med skjema.\n",
            "change_note": "Skjema lagt til",
            "category": "admission",
            "tags": "",
            "review_interval": "12",
            "responsible": str(users["member"].id),
            "base_number": "1",
        },
    )
    assert saved.status_code == 302
    assert "Skjema.pdf" in text(client.get(f"/rutiner/{world['draft_routine']}/versjoner/2"))

    with app.app_context():
        old, new = db.session.scalars(
            select(Attachment)
            .where(Attachment.owner_kind == "routine_version")
            .order_by(Attachment.id)
        ).all()
        assert old.owner_id == world["draft_version"] and new.owner_id != old.owner_id
        assert new.sha256 == old.sha256 == digest_of(form)
        assert count(Blob) == 1  # the contents are stored once
        new_id = new.id
    assert (
        submit(
            client,
            f"/rutiner/{world['draft_routine']}/versjoner/2",
            {},
            f"/dokumenter/fil/{new_id}/slett",
        ).status_code
        == 302
    )
    assert "Skjema.pdf" in text(client.get(f"/rutiner/{world['draft_routine']}/versjoner/1"))
    assert "Skjema.pdf" not in text(client.get(f"/rutiner/{world['draft_routine']}/versjoner/2"))
    assert app.extensions["documents.storage"].get(digest_of(form)) == form  # still used by v1
