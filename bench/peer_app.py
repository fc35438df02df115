"""The peer: a minimal Flask + Flask-SQLAlchemy + Flask-Login page served like the portal.

It reads the portal's own session cookie (same SECRET_KEY), loads the user, runs one 20-row
query with a join (members and their municipality) and renders about 18 KB of HTML through
Jinja. What a portal page costs beyond this is the portal's own overhead.
"""

import os

from flask import Flask, render_template
from flask_login import LoginManager, UserMixin, current_user, login_required
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base for the peer's two models."""


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()


class Municipality(db.Model):
    """The portal's municipality table, two columns of it."""

    __tablename__ = "municipality"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class User(UserMixin, db.Model):
    """The portal's user table, a few columns of it."""

    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    title: Mapped[str] = mapped_column(String(200))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    municipality: Mapped[Municipality | None] = relationship()


PAGE = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Medlemmer – peer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/app.css"></head>
<body><header class="site-header"><a class="skip-link" href="#main">Hopp til innhold</a>
<nav aria-label="Hovedmeny"><ul>
{% for label in menu %}<li><a href="/{{ label|lower }}">{{ label }}</a></li>{% endfor %}
</ul></nav><p>Logget inn som {{ current_user.name }}</p></header>
<main id="main"><h1>Medlemmer</h1>
<table class="ds-table"><thead><tr><th>Navn</th><th>Stilling</th><th>Kommune</th>
<th>E-post</th><th>Om</th></tr></thead><tbody>
{% for user, municipality in rows %}<tr>
<td><a href="/medlemmer/{{ user.id }}">{{ user.name }}</a></td><td>{{ user.title }}</td>
<td>{{ municipality.name }}</td><td><a href="mailto:{{ user.email }}">{{ user.email }}</a></td>
<td>{{ about }}</td></tr>
{% endfor %}</tbody></table></main>
<footer><p>{{ about }}</p></footer></body></html>"""
ABOUT = (
    "Fagnettverket samler ansatte i kommunalt psykisk helse- og rusarbeid om felles rutiner, "
    "anonymiserte saker og samlinger. "
) * 6
MENU = ["Oversikt", "Rutiner", "Saker", "Samlinger", "Debrifing", "Kartlegginger", "Nettverket"]


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user behind the session cookie."""
    return db.session.get(User, int(user_id))


def create_app() -> Flask:
    """The peer app on the portal's database and secret key."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["SESSION_COOKIE_NAME"] = "fagnettverk"  # the portal's cookie
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    # A template file as any app has: compiled once and cached, not compiled per request.
    app.jinja_loader = DictLoader({"members.html": PAGE})
    db.init_app(app)
    login_manager.init_app(app)

    @app.route("/healthz")
    def healthz():
        """Alive."""
        return "ok"

    @app.route("/")
    @login_required
    def members():
        """Twenty members with their municipality."""
        rows = db.session.execute(
            select(User, Municipality).join(Municipality).order_by(User.id).limit(20)
        ).all()
        return render_template("members.html", rows=rows, about=ABOUT, menu=MENU, user=current_user)

    return app


app = create_app()
