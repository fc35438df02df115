"""Issue 13: identifiers written so that a scan of the raw text missed them are found now."""

import pytest

from portal.cases.identifiers import scan
from portal.cases.visible import visible_text
from portal.text import render

FNR = "02013299997"  # Skatteetaten's example: valid check digits


def found(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each finding; every span must be the author's text exactly."""
    findings = scan(text)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    return [(f.kind, f.text) for f in findings]


def only_kind(text: str, kind: str) -> str:
    """The one finding in ``text``, which must be of ``kind``; returns its text."""
    [(found_kind, found_text)] = found(text)
    assert found_kind == kind
    return found_text


# --- Fødselsnummer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "150585-10170",  # the strings (a fødselsnummer shape; valid or a typo)
        "150585.10170",
        "150585\u200b10170",
        "**150585**10170",
        "&#49;50585 10170",
        f"{FNR[:6]}-{FNR[6:]}",
        f"{FNR[:6]}.{FNR[6:]}",
        f"{FNR[:6]}/{FNR[6:]}",
        f"{FNR[:6]}\t{FNR[6:]}",
        f"{FNR[:6]}\n{FNR[6:]}",
        f"{FNR[:2]}.{FNR[2:4]}.{FNR[4:6]} {FNR[6:]}",
        f"{FNR[:6]} {FNR[6:9]} {FNR[9:]}",
        f"{FNR[:3]}\u200b{FNR[3:7]}\u200c{FNR[7:]}",
        f"{FNR[:5]}\u00ad{FNR[5:]}",
        f"{FNR[:4]}\u2060{FNR[4:]}",
        f"{FNR[:6]}\u200e{FNR[6:]}",
        f"__{FNR[:6]}__{FNR[6:]}",
        f"*{FNR[:3]}*{FNR[3:]}",
        f"<b>{FNR[:6]}</b>{FNR[6:]}",
        f"&#48;{FNR[1:]}",
        f"&#x30;{FNR[1:]}",
        "".join(chr(0xFF10 + int(d)) for d in FNR),  # full-width digits
    ],
)
def test_fnr_in_disguise_is_found(written):
    text = f"Fnr {written} står i notatet."
    assert written in only_kind(text, "FNR") or only_kind(text, "FNR") in written


def test_fnr_typo_is_a_possible_fnr_that_can_be_dismissed_with_a_reason():
    [finding] = scan("Fødselsnummer 020132 99998 (en tastefeil).")
    assert finding.kind == "FNR"
    assert finding.possible
    assert finding.text == "020132 99998"


# --- Phone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "912-34-567",
        "912.34.567",
        "912\t34\t567",
        "912\u200934\u2009567",  # thin space
        "912\u202f34\u202f567",  # narrow no-break space
        "912\n34\n567",
        "912/34/567",
        "912 – 34 – 567",
        "91-23-45-67",
        "9123\u200b4567",
        "**912**34567",
        "9&#49;234567",
        "+47 912-34-567",
        "0047 912.34.567",
        "9 1 2 3 4 5 6 7",
        "７５５０１２３４",
    ],
)
def test_phone_in_disguise_is_found(written):
    assert only_kind(f"Ring {written} i kveld.", "PHONE").endswith(written[-3:])


@pytest.mark.parametrize(
    "text",
    [
        "Sak 2023/1456 og 2023/14562.",
        "Vakt 20.00-22.00 og 08.00-15.30.",
        "Tallene for 2019 2020 er med.",
        "Husleie kr 12 500 000 i alt.",
        "Han ble innlagt 23.03.2023.",
        "Kommunenummer 1804, postnummer 8006.",
    ],
)
def test_number_look_alikes_are_not_phones(text):
    assert all(kind != "PHONE" for kind, _text in found(text))


# --- E-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "kari\u200b.hansen@example.no",
        "kari.hansen@\u200bexample.no",
        "kari.hansen@example\u200b.no",
        "ka\u2060ri@example.no",
        "&#107;ari@example.no",
        "kari_hansen@example.no",
        "ｋａｒｉ@example.no",
    ],
)
def test_email_in_disguise_is_found(written):
    assert only_kind(f"Skriv til {written} i dag.", "EMAIL") == written


# --- Names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Henvist av P. Svendsen ved legekontoret.", "P. Svendsen"),
        ("Vi snakket med K. M. Hansen i går.", "K. M. Hansen"),
        ("Signert P.Svendsen.", "P.Svendsen"),
        ("Hun møtte KARI HANSEN på kontoret.", "KARI HANSEN"),
        ("Navnet SVENDSEN sto på døra.", "SVENDSEN"),
        ("Moren Randi ringte.", "Randi"),
        ("Han heter Zyxwar og er ny i kommunen.", "Zyxwar"),
        ("Fastlege Qwertz ville ikke delta.", "Qwertz"),
        ("Datteren, Ylvoria, bor hjemme.", "Ylvoria"),
        ("Samtale med Máret om skolen.", "Máret"),
        ("Samtale med Niillas om skolen.", "Niillas"),
        ("Samtale med Agnieszka om jobben.", "Agnieszka"),
        ("Samtale med Abdirahman om jobben.", "Abdirahman"),
        ("Samtale med Tesfay om jobben.", "Tesfay"),
        ("Samtale med Oleksandr om jobben.", "Oleksandr"),
        ("Samtale med Siriporn om jobben.", "Siriporn"),
        ("Han kjenner Ahmad al-Hassan fra før.", "Ahmad al-Hassan"),
        ("Hun het Ka\u200bri før.", "Ka\u200bri"),
    ],
)
def test_names_in_disguise_are_found(text, name):
    assert only_kind(text, "NAME") == name


@pytest.mark.parametrize(
    "text",
    [
        "Møtet i Bodø i mars, mandag etter påske.",
        "Han har kontakt med DPS, NAV og fastlegen, og journalen ligger i Gerica.",
        "Kurs i KID, PMTO og MI gis i Salten.",
        "Hva er viktig for deg? Spørsmålet ble stilt i januar.",
        "Han bruker Subutex og Sobril fra LAR.",
        "Pasienten, en kvinne i 40-årene, bor i Indre Salten.",
        "Per dag får han tre måltider. Liv og helse er tema.",
        "MANDAG OG TIRSDAG er det møte i FAUSKE.",
    ],
)
def test_place_names_months_institutions_are_not_names(text):
    assert found(text) == []


# --- The visible text and the way back --------------------------------------------------------


def test_visible_text_matches_what_the_renderer_shows():
    source = "**Kari** &amp; _Ola_ ring 9&#49;2 34\u200b567 ﬁn"
    view = visible_text(source)
    assert view.text == "Kari & Ola ring 912 34567 fin"
    rendered = str(render(source)).replace("<p>", "").replace("</p>", "")
    for tag in ("<strong>", "</strong>", "<em>", "</em>"):
        rendered = rendered.replace(tag, "")
    assert view.text.replace("ﬁ", "fi") == rendered.replace("&amp;", "&").replace(
        "\u200b", ""
    ).replace("ﬁ", "fi")


def test_findings_map_back_to_the_authors_text_for_replacement():
    source = "Tlf **912**&#51;4\u200b567, skriv til ka\u200bri@example.no."
    findings = scan(source)
    assert [f.kind for f in findings] == ["PHONE", "EMAIL"]
    replaced = source
    for finding in reversed(findings):
        replaced = replaced[: finding.start] + finding.placeholder + replaced[finding.end :]
    assert scan(replaced) == []
    assert "[TELEFON]" in replaced and "[E-POST]" in replaced


def test_plain_text_offsets_are_unchanged():
    assert scan("Ring 91234567")[0].start == 5


# --- How clinicians write -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Per ringte i går.", [("NAME", "Per")]),
        ("Per dag får han tre måltider.", []),
        ("Kontaktperson: Tove.", [("NAME", "Tove")]),
        ("Skriv til kari(at)example.no.", [("EMAIL", "kari(at)example.no")]),
        ("Skriv til ola [at] example (dot) no.", [("EMAIL", "ola [at] example (dot) no")]),
        ("Han sa at nav.no hjelper.", []),
        ("Hun bor i Storgata nå.", [("ADDRESS", "Storgata")]),
        ("Hun bor på Rognan nå.", []),
        ("Adresse: Storgt. 12.", [("ADDRESS", "Storgt. 12")]),
        ("Samtale 12.3. med fastlegen.", [("DATE", "12.3.")]),
        ("Møtet var kl. 12.05. Se punkt 3.2. Versjon 2.3.1.", []),
        ("Kvinne (34) med angst.", [("AGE", "34")]),
        ("Etter § 3-2 (1) kan han få hjelp.", []),
        ("Seksten år gammel flyttet han ut.", [("AGE", "Seksten år gammel")]),
        ("En tjueåring kom inn.", [("AGE", "tjueåring")]),
        ("Tre år senere flyttet han.", []),
        ("Ring tlf.91234567 i dag.", [("PHONE", "91234567")]),
        ("Fnr. 15.05.85 10170 sto der.", [("FNR", "15.05.85 10170")]),
    ],
)
def test_how_clinicians_write(text, expected):
    assert found(text) == expected


def test_placeholders_are_not_findings():
    assert found("[NAVN] ringte [TELEFON] fra [ADRESSE], [E-POST], [FNR], [DATO], [ALDER].") == []


def test_a_title_joined_to_an_institution_is_not_part_of_the_name():
    assert found("Møtet med NAV-veileder Trude gikk bra.") == [("NAME", "Trude")]
