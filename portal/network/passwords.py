"""Password rules: length, not the e-mail, and hard to guess (zxcvbn, offline)."""

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" for online attacks with throttling
NETWORK_WORDS = ["fagnettverk", "fagnettverket", "salten", "passord", "psykisk", "helse", "rus"]


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Return a Norwegian reason why ``password`` is not acceptable, or None if it is."""
    if len(password) < MIN_LENGTH:
        return f"Passordet må ha minst {MIN_LENGTH} tegn."
    if len(password) > MAX_LENGTH:
        return f"Passordet kan ha høyst {MAX_LENGTH} tegn."
    lowered = password.lower()
    local_part = email.lower().split("@")[0]
    if email and (lowered == email.lower() or (len(local_part) >= 4 and local_part in lowered)):
        return "Passordet kan ikke være eller inneholde e-postadressen din."
    inputs = [email, local_part, *name.lower().split(), *NETWORK_WORDS]
    if zxcvbn(password, user_inputs=[i for i in inputs if i])["score"] < MIN_SCORE:
        return (
            "Passordet er for lett å gjette. Bruk gjerne en setning med flere ord som ikke "
            "henger sammen, for eksempel «tre blå hester leser avis»."
        )
    return None
