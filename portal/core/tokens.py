"""Secret tokens (invitations, password resets, calendar feeds) are stored only as digests."""

import hashlib


def token_digest(token: str) -> str:
    """Return the SHA-256 hex digest under which a secret token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()
