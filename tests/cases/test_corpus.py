"""The identifier scan meets the recall and precision goals on the labelled corpus."""

import pytest

from bench.identifiers import PRECISION_GOAL, RECALL_GOALS, load, measure, parse, shortfalls
from portal.cases.identifiers import KINDS


def test_corpus_markup_is_parsed_into_text_and_spans():
    text, spans = parse(r"Ring [[PHONE:912\u200934]] eller [[NAME:Kari]].")
    assert text == "Ring 912\u200934 eller Kari."
    assert [(text[s.start : s.end], s.kind) for s in spans] == [
        ("912\u200934", "PHONE"),
        ("Kari", "NAME"),
    ]


def test_development_corpus_has_at_least_300_labelled_spans_of_every_kind():
    paragraphs = load("dev.txt")
    spans = [span for _text, labelled in paragraphs for span in labelled]
    assert len(spans) >= 300
    assert {span.kind for span in spans} == set(KINDS)
    assert sum(1 for _text, labelled in paragraphs if not labelled) >= 50  # negatives


@pytest.mark.parametrize("corpus", ["dev.txt", "heldout.txt"])
def test_recall_and_precision_goals_are_met(corpus):
    scores = measure(load(corpus))
    assert shortfalls(scores) == []
    assert all(scores[kind].recall >= goal for kind, goal in RECALL_GOALS.items())
    assert all(score.precision >= PRECISION_GOAL for score in scores.values())
