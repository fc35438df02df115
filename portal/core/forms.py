"""Forms every feature uses."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button-only form (deactivate, revoke, logout): carries the CSRF token."""
