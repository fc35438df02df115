"""The ceiling: a bare Flask endpoint served by the same gunicorn setup as the portal."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    """A tiny HTML page."""
    return "<!doctype html><title>bare</title><p>ok</p>"
