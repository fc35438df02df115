"""Benchmark: recall and precision of the identifier scan per kind, and its throughput.

Run: .venv/bin/python bench/identifiers.py

Reads the labelled corpus in tests/cases/corpus (see its README), scans every paragraph and
counts, per kind, labelled spans found with the right kind (recall) and findings that match a
labelled span (precision; a finding on unlabelled text is a false positive). A finding matches a
span when the two overlap. Prints OK or «short» against the goals for the development corpus and
the held-out corpus separately, then the scan speed on 1 MB of text in CPU time (goal: at least 2 MB/s).
"""

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.cases.identifiers import KINDS, scan  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "cases" / "corpus"
RECALL_GOALS = {"FNR": 0.99, "PHONE": 0.99, "EMAIL": 0.99, "NAME": 0.95, "ADDRESS": 0.95, "DATE": 0.95}  # fmt: skip
PRECISION_GOAL = 0.9
GOAL_MB_PER_S = 2.0
_LABEL = re.compile(r"\[\[(?P<kind>[A-Z]+):(?P<text>.*?)\]\]")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|t|n)")


@dataclass(frozen=True)
class Span:
    """A labelled identifier in a corpus paragraph."""

    start: int
    end: int
    kind: str


@dataclass
class Score:
    """Counts for one kind."""

    labelled: int = 0
    recalled: int = 0
    found: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of labelled spans found with the right kind."""
        return self.recalled / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        """Share of findings that hit a labelled span of the same kind."""
        return self.correct / self.found if self.found else 1.0


def _unescape(text: str) -> str:
    """Turn the corpus escapes \\uXXXX, \\t and \\n into the characters."""
    return _ESCAPE.sub(
        lambda m: {"t": "\t", "n": "\n"}.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text
    )


def parse(line: str) -> tuple[str, list[Span]]:
    """A corpus line as (plain text, labelled spans)."""
    text, spans, position = [], [], 0
    length = 0
    for match in _LABEL.finditer(line):
        before = _unescape(line[position : match.start()])
        text.append(before)
        length += len(before)
        inner = _unescape(match.group("text"))
        if match.group("kind") not in KINDS:
            raise ValueError(f"unknown kind in corpus: {match.group('kind')}")
        spans.append(Span(length, length + len(inner), match.group("kind")))
        text.append(inner)
        length += len(inner)
        position = match.end()
    text.append(_unescape(line[position:]))
    return "".join(text), spans


def load(name: str) -> list[tuple[str, list[Span]]]:
    """The paragraphs of one corpus file."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [parse(line) for line in lines if line.strip() and not line.startswith("#")]


def measure(paragraphs: list[tuple[str, list[Span]]]) -> dict[str, Score]:
    """Recall and precision per kind over labelled paragraphs."""
    scores = {kind: Score() for kind in KINDS}
    for text, spans in paragraphs:
        findings = scan(text)
        for span in spans:
            score = scores[span.kind]
            score.labelled += 1
            if any(
                f.kind == span.kind and f.start < span.end and span.start < f.end for f in findings
            ):
                score.recalled += 1
            else:
                score.misses.append(text[span.start : span.end])
        for finding in findings:
            score = scores[finding.kind]
            score.found += 1
            if any(
                s.kind == finding.kind and s.start < finding.end and finding.start < s.end
                for s in spans
            ):
                score.correct += 1
            else:
                score.false_alarms.append(finding.text)
    return scores


def shortfalls(scores: dict[str, Score]) -> list[str]:
    """The kinds that miss a goal, described."""
    problems = []
    for kind, score in scores.items():
        if score.recall < RECALL_GOALS.get(kind, 0.0):
            problems.append(f"{kind} recall {score.recall:.3f}: missed {score.misses}")
        if score.precision < PRECISION_GOAL:
            problems.append(f"{kind} precision {score.precision:.3f}: {score.false_alarms}")
    return problems


def report(title: str, scores: dict[str, Score]) -> None:
    """Print one table of recall and precision per kind."""
    print(f"\n{title}")
    print(
        f"{'kind':8} {'spans':>5} {'recall':>7} {'goal':>5} {'found':>5} {'precision':>9}  verdict"
    )
    for kind, score in scores.items():
        goal = RECALL_GOALS.get(kind)
        ok = (goal is None or score.recall >= goal) and score.precision >= PRECISION_GOAL
        print(
            f"{kind:8} {score.labelled:5d} {score.recall:7.3f} {goal or 0:5.2f} {score.found:5d} "
            f"{score.precision:9.3f}  {'OK' if ok else 'short'}"
        )
        for miss in score.misses:
            print(f"         missed: {miss!r}")
        for alarm in score.false_alarms:
            print(f"         false alarm: {alarm!r}")


def throughput() -> None:
    """Scan about 1 MB made of the corpus paragraphs; print the best of three in MB/s."""
    paragraphs = [text for text, _spans in load("dev.txt")]
    text = ""
    while len(text.encode()) < 1_000_000:
        text += "\n\n".join(paragraphs) + "\n\n"
    megabytes = len(text.encode()) / 1_000_000
    best = min(_timed(text) for _ in range(3))
    verdict = "OK" if megabytes / best >= GOAL_MB_PER_S else "short"
    print(f"\nscan throughput: {megabytes / best:.2f} MB/s on {megabytes:.2f} MB "
          f"(goal >= {GOAL_MB_PER_S:.0f} MB/s: {verdict})")  # fmt: skip


def _timed(text: str) -> float:
    """CPU seconds to scan ``text`` once (CPU time: the machine may be busy with other work)."""
    started = time.process_time()
    scan(text)
    return time.process_time() - started


def main() -> None:
    """Report both corpora and the throughput."""
    report("Development corpus (tests/cases/corpus/dev.txt)", measure(load("dev.txt")))
    report("Held-out corpus (tests/cases/corpus/heldout.txt)", measure(load("heldout.txt")))
    throughput()


if __name__ == "__main__":
    main()
