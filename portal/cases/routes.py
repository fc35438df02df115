"""Pages for cases (filled in by its issue)."""

from portal.cases import bp  # noqa: F401
