"""Pages for meetings (filled in by its issue)."""

from portal.meetings import bp  # noqa: F401
