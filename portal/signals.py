"""Signals between packages that must not import each other."""

from blinker import Namespace

_signals = Namespace()

# Sent with the user id when one or all of a user's login sessions end (logout, deactivation,
# role change). Receivers such as the chat disconnect that user's live connections.
sessions_ended = _signals.signal("sessions-ended")
