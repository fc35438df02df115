"""The pure diff module: line rows, word marks, inline order, hunks."""

from portal.rutiner.diff import (
    Segment,
    align_sections,
    compare_rendered,
    diff_texts,
    mark_html_changes,
    split_sections,
    tokens,
    word_diff,
)
from portal.text import render as render_markup
from portal.text import sanitise


def test_identical_texts_have_no_changes():
    diff = diff_texts("a\nb\n", "a\nb\n")
    assert not diff.changed
    assert (diff.added, diff.removed) == (0, 0)
    assert [row.kind for row in diff.rows] == ["equal", "equal"]
    assert diff.hunks() == []


def test_word_level_marks_inside_an_edited_line():
    diff = diff_texts("Ring fastlegen samme dag.\n", "Ring legevakten samme dag.\n")
    (row,) = diff.rows
    assert row.kind == "change"
    assert row.old.segments == (
        Segment("Ring ", "equal"),
        Segment("fastlegen", "delete"),
        Segment(" samme dag.", "equal"),
    )
    assert row.new.segments == (
        Segment("Ring ", "equal"),
        Segment("legevakten", "insert"),
        Segment(" samme dag.", "equal"),
    )


def test_added_and_removed_lines_have_one_side_only():
    diff = diff_texts("en\nto\ntre\n", "en\ntre\nfire\n")
    kinds = [
        (row.kind, row.old and row.old.number, row.new and row.new.number) for row in diff.rows
    ]
    assert kinds == [("equal", 1, 1), ("delete", 2, None), ("equal", 3, 2), ("insert", None, 3)]
    assert (diff.added, diff.removed) == (1, 1)


def test_unlike_lines_are_not_word_marked():
    diff = diff_texts("helt annen tekst her\n", "1. Ring 113 ved fare\n")
    (row,) = diff.rows
    assert row.old.segments == (Segment("helt annen tekst her", "delete"),)
    assert row.new.segments == (Segment("1. Ring 113 ved fare", "insert"),)


def test_inline_puts_removed_lines_before_added_lines_of_a_block():
    diff = diff_texts("x\nalpha beta\ngamma delta\ny\n", "x\nalpha BETA\ngamma DELTA\ny\n")
    kinds = [(line.kind, line.old_number, line.new_number) for line in diff.inline()]
    assert kinds == [
        ("equal", 1, 1),
        ("delete", 2, None),
        ("delete", 3, None),
        ("insert", None, 2),
        ("insert", None, 3),
        ("equal", 4, 4),
    ]


def test_hunks_keep_context_and_split_distant_changes():
    old = "\n".join(f"linje {n}" for n in range(1, 41))
    new = old.replace("linje 5\n", "linje fem\n").replace("linje 35\n", "linje trettifem\n")
    hunks = diff_texts(old, new).hunks(context=2)
    assert len(hunks) == 2
    assert [row.old.number for row in hunks[0]] == [3, 4, 5, 6, 7]
    assert [row.old.number for row in hunks[1]] == [33, 34, 35, 36, 37]


def test_text_is_kept_as_data_never_html():
    diff = diff_texts("<b>trygt</b>\n", "<script>alert(1)</script>\n")
    texts = [s.text for row in diff.rows for cell in (row.old, row.new) for s in cell.segments]
    assert "".join(texts).count("<script>") == 1


def test_tokens_and_word_diff_cover_the_whole_line():
    assert tokens("Hei, på deg!") == ["Hei", ",", " ", "på", " ", "deg", "!"]
    old, new = word_diff("a b c", "a x c")
    assert "".join(s.text for s in old) == "a b c"
    assert "".join(s.text for s in new) == "a x c"


def test_empty_lines_and_empty_texts():
    assert not diff_texts("", "").changed
    diff = diff_texts("", "ny linje\n")
    assert [row.kind for row in diff.rows] == ["insert"]
    diff = diff_texts("a\n\nb\n", "a\n\nc\n")
    assert diff.rows[1].old.segments == ()


# --- Rendered comparison -------------------------------------------------------------------


def test_split_sections_cuts_at_headings_but_not_inside_fenced_code():
    sections = split_sections("Innledning.\n\n## Formål\nTekst.\n```\n# ikke en overskrift\n```\n")
    assert [s.heading for s in sections] == ["", "Formål"]
    assert "# ikke en overskrift" in sections[1].source


def test_align_sections_matches_headings_ignoring_numbering_and_case():
    left = split_sections("## Formål\na\n## Ansvar\nb\n## Bare venstre\nc\n")
    right = split_sections("## 1. formål\na\n## Ny del helt annet\nd\n## Ansvar\nb\n")
    pairs = [(a and a.heading, b and b.heading) for a, b in align_sections(left, right)]
    assert pairs == [
        ("Formål", "1. formål"),
        (None, "Ny del helt annet"),
        ("Ansvar", "Ansvar"),
        ("Bare venstre", None),
    ]


def test_mark_html_changes_marks_words_inside_tags_and_escapes_text():
    left, right, differs = mark_html_changes(
        "<p>Ring <strong>fastlegen</strong> &amp; NAV.</p>",
        "<p>Ring <strong>DPS</strong> &amp; NAV.</p>",
    )
    assert differs
    assert left == "<p>Ring <strong><del>fastlegen</del></strong> &amp; NAV.</p>"
    assert right == "<p>Ring <strong><ins>DPS</ins></strong> &amp; NAV.</p>"


def test_mark_html_changes_keeps_a_changed_phrase_in_one_mark_without_stray_spaces():
    left, right, _ = mark_html_changes("<p>Ring samme dag.</p>", "<p>Ring innen to døgn.</p>")
    assert left == "<p>Ring <del>samme dag</del>.</p>"
    assert right == "<p>Ring <ins>innen to døgn</ins>.</p>"


def test_formatting_alone_is_not_marked_but_reported():
    rows = compare_rendered("## A\nRing **nå**.\n", "## A\nRing nå.\n", render)
    assert [row.kind for row in rows] == ["formatting"]
    assert "<del>" not in rows[0].left and "<ins>" not in rows[0].right


def test_compare_rendered_gives_rendered_sections_with_kinds():
    rows = compare_rendered(
        "## Formål\nRing **fastlegen**.\n\n## Ansvar\nLeder.\n\n## Bare her\nx\n",
        "## Formål\nRing **legevakten**.\n\n## Ansvar\nLeder.\n",
        render,
    )
    assert [(row.kind, row.heading) for row in rows] == [
        ("changed", "Formål"), ("equal", "Ansvar"), ("left", "Bare her"),
    ]  # fmt: skip
    assert rows[0].left == "<h2>Formål</h2>\n<p>Ring <strong><del>fastlegen</del></strong>.</p>"
    assert rows[2].right is None and "##" not in rows[2].left


def test_compare_rendered_output_stays_sanitised():
    attack = '## Formål\n<img src=x onerror=alert(1)> <a href="javascript:alert(2)">lenke</a>\n'
    rows = compare_rendered(attack, "## Formål\nTrygg tekst.\n", render)
    html = rows[0].left
    assert "onerror" not in html and "javascript:" not in html and "<img" not in html
    assert sanitise(html) == html


def render(source: str) -> str:
    """Markdown to sanitised HTML, as the service renders each side."""
    return str(render_markup(source))
