"""The Norwegian identifier scan: every kind, valid and invalid look-alikes, negatives, offsets."""

import pytest

from portal.cases.identifiers import Finding, scan, valid_fnr

K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def with_check_digits(nine: str, remainder: int = 0) -> str | None:
    """Compute the check digits for nine digits the way Skatteetaten describes (None if invalid)."""
    digits = [int(d) for d in nine]
    k1 = (remainder - sum(w * d for w, d in zip(K1, digits, strict=True))) % 11
    if k1 == 10:
        return None
    k2 = (-sum(w * d for w, d in zip(K2, [*digits, k1], strict=True))) % 11
    if k2 == 10:
        return None
    return f"{nine}{k1}{k2}"


def kinds(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every finding, checking that offsets match the text exactly."""
    found = scan(text)
    for finding in found:
        assert text[finding.start : finding.end] == finding.text
    return [(f.kind, f.text) for f in found]


# --- Fødselsnummer and D-nummer ---------------------------------------------------------------


def test_skatteetatens_examples_are_valid_including_the_2032_rule():
    assert valid_fnr("02013299997")
    assert valid_fnr("30108299920")
    assert valid_fnr("30108299939")  # first check digit with remainder 1: only valid from 2032


def test_check_digits_computed_here_agree():
    assert with_check_digits("020132999") == "02013299997"
    assert with_check_digits("301082999", remainder=1) == "30108299939"


@pytest.mark.parametrize("remainder", [0, 1, 2, 3])
def test_2032_rule_accepts_remainders_zero_to_three(remainder):
    number = next(
        n for i in range(100, 999) if (n := with_check_digits(f"150385{i}", remainder)) is not None
    )
    assert scan(f"Fnr {number} i journalen") == [Finding(4, 15, "FNR", number)]


def test_remainder_four_is_not_a_valid_first_check_digit_but_a_possible_fnr():
    numbers = [with_check_digits(f"150385{i}", 4) for i in range(100, 200)]
    numbers = [n for n in numbers if n is not None]
    assert numbers
    for number in numbers:
        assert not valid_fnr(number)
        assert scan(number) == [Finding(0, 11, "FNR", number, possible=True)]


def test_wrong_check_digits_with_a_birth_date_are_a_possible_fnr():
    for typo in ("02013299998", "02013299987"):  # k2 and k1 off by one
        [finding] = scan(typo)
        assert finding.possible
        assert finding.label == "Mulig fødselsnummer (kontrollsifrene stemmer ikke)"
    assert scan("12345678901") == []  # no birth date: 12.34 is no month


def test_fnr_with_a_space_and_exact_offsets():
    text = "Fødselsnummer: 020132 99997."
    assert scan(text) == [Finding(15, 27, "FNR", "020132 99997")]


def test_d_number_is_flagged():
    number = with_check_digits("410185123") or with_check_digits("410185124")
    assert int(number[0]) >= 4
    assert kinds(f"D-nummer {number}") == [("FNR", number)]


def test_impossible_birth_date_is_not_a_fnr():
    number = next(n for i in range(100, 999) if (n := with_check_digits(f"321385{i}")) is not None)
    assert scan(number) == []


def test_longer_digit_runs_are_not_fnr():
    assert scan("020132999971") == []
    assert scan("1020132999971") == []


# --- Phone numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["91234567", "912 34 567", "91 23 45 67", "7550 1234", "+47 91234567", "+4791234567",
     "0047 91234567", "+47 912 34 567", "0047 75 50 12 34"],
)  # fmt: skip
def test_phone_formats(phone):
    text = f"Ring {phone} i dag."
    assert scan(text) == [Finding(5, 5 + len(phone), "PHONE", phone)]


def test_phone_at_end_of_sentence():
    assert kinds("Mobilen er 48012345.") == [("PHONE", "48012345")]


@pytest.mark.parametrize(
    "text",
    [
        "Han skylder kr 12345678 i husleie.",
        "Gjelden er 12 500 000 kroner.",
        "Beløpet var 45000000 kr.",
        "Nummeret 12345678 begynner på 1.",
        "Organisasjonsnummer 974123456.",
        "Kontonummer 1234 56 78903.",
        "Det kostet 1 250 kr.",
    ],
)
def test_phone_look_alikes_are_not_flagged(text):
    assert [k for k, _t in kinds(text) if k == "PHONE"] == []


# --- E-mail -----------------------------------------------------------------------------------


def test_email_with_exact_offsets():
    text = "Send til kari.nordby@bodo.kommune.no, takk."
    start = text.index("kari")
    assert scan(text) == [
        Finding(
            start,
            start + len("kari.nordby@bodo.kommune.no"),
            "EMAIL",
            "kari.nordby@bodo.kommune.no",
        )
    ]


def test_not_an_email():
    assert scan("Skriv @kommunen eller bruk e-post.") == []


# --- Street addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["Storgata 12", "Fjellveien 4", "Kongens gate 5 B", "Sjøgata 3, 8006 Bodø", "Solbakken 7A",
     "Olav Vs gate 3", "Prinsens vei 14 8200 Fauske"],
)  # fmt: skip
def test_street_addresses(address):
    text = f"Han bor i {address} nå."
    assert kinds(text) == [("ADDRESS", address)]


def test_street_without_number_is_not_an_address():
    assert scan("Han gikk ned Storgata og videre mot torget.") == []


# --- Names ------------------------------------------------------------------------------------


def test_first_and_surname_together_with_offsets():
    text = "Samtale med Kari Nordmann om bolig."
    assert scan(text) == [Finding(12, 25, "NAME", "Kari Nordmann")]


def test_unknown_surname_after_known_first_name_is_included():
    assert kinds("Hun møtte Ingrid Fjellstrøm i går.") == [("NAME", "Ingrid Fjellstrøm")]


def test_first_name_at_sentence_start():
    assert kinds("Kari har vært innlagt.") == [("NAME", "Kari")]


def test_patronymic_surname_by_its_ending():
    assert kinds("Han snakket med fru Olsdatter og Brennesen.") == [
        ("NAME", "Olsdatter"),
        ("NAME", "Brennesen"),
    ]


def test_unknown_name_after_a_cue_word():
    assert kinds("Datteren hans heter Zyra og bor hjemme.") == [("NAME", "Zyra")]


def test_sentence_opening_word_is_not_part_of_the_name():
    assert kinds("Pasienten Kari ville ikke.") == [("NAME", "Kari")]


def test_genitive_name():
    assert kinds("Det var Karis ønske.") == [("NAME", "Karis")]


def test_hyphenated_first_name():
    assert kinds("Samtale med Anne-Lise om økonomi.") == [("NAME", "Anne-Lise")]


@pytest.mark.parametrize(
    "text",
    [
        "Per dag får han tre måltider.",
        "Hans mor kommer på besøk.",
        "Vold og trusler er tema på samlingen.",
        "Dag 2 av samlingen handlet om ROP.",
    ],
)
def test_everyday_words_at_sentence_start_are_not_names(text):
    assert scan(text) == []


def test_ambiguous_name_mid_sentence_is_a_name():
    assert kinds("Samtalen med Per gikk bra.") == [("NAME", "Per")]


def test_municipality_names_are_not_flagged():
    text = (
        "Bodø, Fauske, Saltdal, Sørfold, Steigen, Beiarn, Hamarøy, Meløy, Gildeskål og Rødøy "
        "samarbeider i Salten. Han flyttet fra Narvik til Tromsø og har familie i Oslo."
    )
    assert scan(text) == []


def test_capitalised_institutions_are_not_names():
    assert scan("Han har kontakt med NAV, DPS og Nordlandssykehuset i Bodø.") == []


# --- Dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date", ["12.03.2023", "12.03.23", "3.3.2023", "12/3-2023", "12/03/2023", "2023-03-12",
             "3. mars 2023", "3. mars", "14. des. 2022", "1. Mai 2020"],
)  # fmt: skip
def test_exact_dates(date):
    text = f"Hun ble innlagt {date} etter en krise."
    assert scan(text) == [Finding(16, 16 + len(date), "DATE", date)]


@pytest.mark.parametrize(
    "text",
    [
        "Det skjedde i mars 2023.",
        "Møtet er kl. 14.30.",
        "Møtet er 14:30 hver uke.",
        "Vi startet i 2023.",
        "Se 32.13.2023 i notatet.",
    ],
)
def test_dates_that_are_not_exact_or_not_real(text):
    assert scan(text) == []


# --- Ages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Hun er 42 år gammel.", "42 år gammel"),
        ("Mannen er 42 år.", "42 år"),
        ("Mann, 42 år, bor alene.", "42 år"),
        ("En 17-åring ble innlagt.", "17-åring"),
        ("Den 42-årige mannen ringte.", "42-årige"),
        ("Han fylte 50 år i fjor.", "50 år"),
        ("En kvinne på 67 år.", "67 år"),
    ],
)
def test_exact_ages(text, age):
    start = text.index(age)
    assert scan(text) == [Finding(start, start + len(age), "AGE", age)]


@pytest.mark.parametrize(
    "text",
    [
        "Mann i 40-årene.",
        "Han har bodd i kommunen i 3 år.",
        "Det er 3 år siden innleggelsen.",
        "Behandlingen varte 2 år og ga resultater for 10 år siden.",
    ],
)
def test_age_bands_and_durations_are_not_ages(text):
    assert scan(text) == []


# --- Things that must never be flagged ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Vedtak etter helse- og omsorgstjenesteloven § 10-2 og kap. 10.",
        "Vurdert etter psykisk helsevernloven § 3-3, jf. § 4-4 annet ledd.",
        "Diagnosene F20.0, F10.2 og Z63.8 er satt i spesialisthelsetjenesten.",
        "Saksnummer 2023/14562 i arkivet.",
        "Møtet startet kl. 09.15 og sluttet kl 11:45.",
        "Husleien er kr 8 500 i måneden, og gjelden 125 000 kroner.",
        "Han fikk 12 500 kr i sosialhjelp.",
    ],
)
def test_legal_references_codes_case_numbers_times_money(text):
    assert scan(text) == []


# --- All together ----------------------------------------------------------------------------


def test_findings_are_sorted_and_do_not_overlap():
    text = (
        "Kari Nordmann (020132 99997) bor i Storgata 12, 8006 Bodø, tlf. 912 34 567, "
        "e-post kari@example.no. Hun er 42 år gammel og ble innlagt 12.03.2023."
    )
    found = scan(text)
    assert [f.kind for f in found] == ["NAME", "FNR", "ADDRESS", "PHONE", "EMAIL", "AGE", "DATE"]
    for earlier, later in zip(found, found[1:], strict=False):
        assert earlier.end <= later.start
    for finding in found:
        assert text[finding.start : finding.end] == finding.text


def test_placeholders_and_labels():
    finding = scan("Ring 91234567")[0]
    assert finding.placeholder == "[TELEFON]"
    assert finding.label == "Telefonnummer"


def test_empty_text():
    assert scan("") == []
