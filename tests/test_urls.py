"""Addresses are a promise: bookmarks and e-mailed links keep working across restructurings."""

from pathlib import Path

RULES_FILE = Path(__file__).with_name("url_rules.txt")


def test_url_rules_are_unchanged(app):
    rules = sorted(
        " ".join([*sorted(rule.methods - {"HEAD", "OPTIONS"}), rule.rule])
        for rule in app.url_map.iter_rules()
    )
    assert rules == sorted(RULES_FILE.read_text(encoding="utf-8").splitlines())
