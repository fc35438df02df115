"""What joining a chat room established for one socket, so a message needs no login or
registration query (Flask-free).

A grant lives in the process that holds the socket. It is dropped when the socket leaves or is
disconnected, and every way of losing access disconnects it: logout, an expired or ended login
session, deactivation or a role change (the sessions-ended signal), removal or withdrawal from
the session, the room closing. The login and the right to join are also verified against the
database again once a grant is RECHECK old, so whatever else changes takes effect within that.
"""

import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

RECHECK = timedelta(seconds=60)


@dataclass(frozen=True)
class Author:
    """How a user writes in one room: a moderator (no participant) or a participant."""

    user_id: int
    participant_id: int | None
    ref: str
    label: str
    name: str

    @property
    def moderator(self) -> bool:
        """True for the room's moderator."""
        return self.participant_id is None


@dataclass(frozen=True)
class Grant:
    """One socket's admission to a room, with the login facts that two-factor rules read."""

    session_id: int
    author: Author
    role: str
    has_two_factor: bool
    network_requires_two_factor: bool
    verified_at: datetime

    def due(self, now: datetime) -> bool:
        """True when the login and the right to join must be verified in the database again."""
        return now - self.verified_at >= RECHECK

    def verified(self, now: datetime) -> "Grant":
        """The same grant, verified again at ``now``."""
        return replace(self, verified_at=now)


class Grants:
    """The grants of this process's sockets, by socket id."""

    def __init__(self) -> None:
        self._by_sid: dict[str, Grant] = {}
        self._lock = threading.Lock()

    def get(self, sid: str, session_id: int) -> Grant | None:
        """The socket's grant for that room, or None if it has none there."""
        grant = self._by_sid.get(sid)
        return grant if grant is not None and grant.session_id == session_id else None

    def put(self, sid: str, grant: Grant) -> None:
        """Admit the socket (replacing any grant for another room)."""
        with self._lock:
            self._by_sid[sid] = grant

    def drop(self, sids) -> None:
        """Forget the grants of these sockets."""
        with self._lock:
            for sid in sids:
                self._by_sid.pop(sid, None)

    def drop_room(self, session_id: int) -> None:
        """Forget every grant for one room (it closed)."""
        with self._lock:
            for sid in [s for s, g in self._by_sid.items() if g.session_id == session_id]:
                del self._by_sid[sid]
