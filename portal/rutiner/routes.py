"""Pages for rutiner (filled in by its issue)."""

from portal.rutiner import bp  # noqa: F401
