"""Password rules: length, not the e-mail, and hard to guess (zxcvbn, offline)."""

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" for online attacks with throttling
NETWORK_WORDS = ["fagnettverk", "fagnettverket", "salten", "passord", "psykisk", "helse", "rus"]


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Return a Norwegian reason why ``password`` is not acceptable, or None if it is."""
    if len(password) < MIN_LENGTH:
        return _("Passordet må ha minst %(count)d tegn.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Passordet kan ha høyst %(count)d tegn.", count=MAX_LENGTH)
    lowered = password.lower()
    local_part = email.lower().split("@")[0]
    if email and (lowered == email.lower() or (len(local_part) >= 4 and local_part in lowered)):
        return _("Passordet kan ikke være eller inneholde e-postadressen din.")
    inputs = [email, local_part, *name.lower().split(), *NETWORK_WORDS]
    if zxcvbn(password, user_inputs=[i for i in inputs if i])["score"] < MIN_SCORE:
        return (
            "Passordet er for lett å gjette. Bruk gjerne en setning med flere ord som ikke "
            "henger sammen, for eksempel «tre blå hester leser avis»."
        )
    return None
