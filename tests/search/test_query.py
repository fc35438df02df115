"""The search language, Norwegian stemming and highlighting: pure functions, no database."""

import re

import pytest

from portal.search.query import (
    MAX_QUERY_CHARS,
    Part,
    Problem,
    fts5_match,
    highlight,
    parse,
    plain_text,
    prefix_query,
    stem,
    stemmed,
    words,
)

# What fts5_match may produce: quoted stems (letters, digits, spaces), AND inside, NOT after.
QUOTED = r'"[^\W_]+(?: [^\W_]+)*"\*?'
FTS5_GRAMMAR = re.compile(rf"\({QUOTED}(?: AND {QUOTED})*\)(?: NOT {QUOTED})*")

# Forms a user may type and forms a text may hold: each group must reduce to one stem.
NORWEGIAN_FORMS = [
    ("rutine", "rutinen", "rutinene", "rutiner"),
    ("hjemmebesøk", "hjemmebesøket", "hjemmebesøkene"),
    ("møte", "møtet", "møter", "møtene"),
    ("vedtak", "vedtaket", "vedtakene"),
    ("samling", "samlingen", "samlinger", "samlingene"),
    ("kommune", "kommunen", "kommuner", "kommunene"),
    ("sak", "saken", "saker", "sakene"),
    ("pårørende", "pårørendes"),
    ("innleggelse", "innleggelsen", "innleggelser"),
]


@pytest.mark.parametrize("forms", NORWEGIAN_FORMS, ids=lambda forms: forms[0])
def test_inflections_share_one_stem(forms):
    assert len({stem(word) for word in forms}) == 1


def test_case_and_composed_letters_are_folded():
    assert words("HJEMMEBESØK Åpen ÆRE") == ["hjemmebesøk", "åpen", "ære"]
    assert words("Ma\u030arbu") == ["mårbu"]  # å typed as a + combining ring
    assert stemmed("Rutinene for HJEMMEBESØKET") == "rutin for hjemmebesøk"


def test_stems_are_prefixes_of_their_words():
    for forms in NORWEGIAN_FORMS:
        for word in forms:
            assert word.startswith(stem(word))


def test_plain_words_phrases_prefixes_and_exclusions():
    query = parse('rutine "hjemmebesøk alene" besøk* -utkast -"gammel versjon"')
    assert query.required == (
        Part(("rutine",)),
        Part(("hjemmebesøk", "alene")),
        Part(("besøk",), prefix=True),
    )
    assert query.excluded == (Part(("utkast",)), Part(("gammel", "versjon")))
    assert query.runnable


def test_fts5_expression_quotes_every_stem():
    query = parse('rutinene "hjemmebesøk alene" besøk* -utkast')
    assert fts5_match(query) == '("rutin" AND "hjemmebesøk alen" AND "besøk"*) NOT "utk"'
    assert fts5_match(prefix_query("hjemme rut"), column="title_terms") == (
        'title_terms : (("hjemm"* AND "rut"*))'
    )


@pytest.mark.parametrize(
    "typed",
    ['" * ( ) : ^ - NEAR OR', "NEAR(a b)", 'title_terms:x OR "', "a^b", "x AND NOT y",
     "'; DROP TABLE search_document; --", '1" OR "1"="1', "{title_terms}: ruti*"],
)  # fmt: skip
def test_syntax_characters_become_plain_words(typed):
    query = parse(typed)
    for part in query.required + query.excluded:
        assert all(word.isalnum() for word in part.words)
    if query.runnable:
        assert FTS5_GRAMMAR.fullmatch(fts5_match(query))


def test_unbalanced_quote_is_a_phrase_to_the_end():
    assert parse('"hjemmebesøk alene').required == (Part(("hjemmebesøk", "alene")),)


def test_empty_and_symbol_only_queries_are_empty():
    assert parse("").problem == Problem.EMPTY
    assert parse("   ").problem == Problem.EMPTY
    assert parse('" * ( ) : ^ -').problem == Problem.EMPTY


def test_only_stop_words_is_reported():
    assert parse("og i på det").problem == Problem.STOP_WORDS
    assert parse("rutine og").required == (Part(("rutine",)),)
    assert parse('"og så"').problem == Problem.STOP_WORDS


def test_a_phrase_keeps_its_stop_words():
    assert parse('"alene i hjemmet"').required == (Part(("alene", "i", "hjemmet")),)


def test_only_exclusions_is_reported():
    assert parse("-utkast -gammel").problem == Problem.ONLY_EXCLUDED


def test_long_query_is_cut_and_says_so():
    query = parse("rutine " * 150 + "hjemmebesøk " * 10)
    assert query.shortened
    assert query.runnable
    assert parse("x" * 1000).shortened
    assert len(parse("x" * (MAX_QUERY_CHARS - 1)).required[0].words[0]) == MAX_QUERY_CHARS - 1


def test_repeated_words_count_once_and_parts_are_capped():
    assert parse("rutine rutine rutine").required == (Part(("rutine",)),)
    query = parse(" ".join(f"ord{n}" for n in range(40)))
    assert len(query.required) == 12 and query.shortened


def test_one_letter_prefix_is_a_plain_word():
    assert parse("x*").required == (Part(("x",)),)


def test_display_repeats_the_query_as_understood():
    assert parse('rutinen "alene hjemme" bes* -utkast').display() == (
        'rutinen "alene hjemme" bes* -utkast'
    )


def test_highlight_marks_inflected_forms():
    snippet = highlight(
        "Rutinene gjelder hjemmebesøket og alle rutiner.", parse("rutine hjemmebesøk")
    )
    assert str(snippet) == (
        "<mark>Rutinene</mark> gjelder <mark>hjemmebesøket</mark> og alle <mark>rutiner</mark>."
    )


def test_highlight_marks_prefix_matches():
    snippet = highlight("Ved besøket og besøksrutinen", parse("besøk*"))
    assert str(snippet) == "Ved <mark>besøket</mark> og <mark>besøksrutinen</mark>"


def test_highlight_escapes_the_text_and_never_the_marks():
    text = '<script>alert("x")</script> rutine <b onmouseover=1>fet</b> & <mark>'
    snippet = str(highlight(text, parse("script rutine")))
    assert "<script>" not in snippet and "<b " not in snippet
    assert "&lt;<mark>script</mark>&gt;" in snippet
    assert "<mark>rutine</mark>" in snippet
    assert (
        snippet.count("<mark>") == 3
    )  # script twice, rutine once; the text's own <mark> is escaped
    assert "&amp; &lt;mark&gt;" in snippet


def test_highlight_ignores_a_query_made_of_markup():
    snippet = str(highlight("vanlig tekst", parse("<mark> </mark>")))
    assert snippet == "vanlig tekst"


def test_long_text_is_cut_around_the_first_match():
    text = "innledning " * 60 + "her står hjemmebesøk alene " + "avslutning " * 60
    snippet = str(highlight(text, parse("hjemmebesøk")))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>hjemmebesøk</mark>" in snippet
    assert len(snippet) < 300


def test_plain_text_drops_markdown_syntax():
    markdown = "## Formål\n\n* Ring **fastlegen** [her](https://x.example) <br>\n1. `kode`"
    assert plain_text(markdown) == "Formål Ring fastlegen her kode"
