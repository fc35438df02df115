"""CLI: ``flask --app wsgi seed-demo`` and ``flask --app wsgi create-admin``."""

import click
from sqlalchemy import select

from portal.extensions import db
from portal.network import demo, services
from portal.network.forms import PASSWORD_MAX, PASSWORD_MIN
from portal.network.models import Role, User


def _print_logins(logins: list[demo.DemoLogin]) -> None:
    """Print the demo logins for the newcomer."""
    click.echo(f"\nDemo-innlogginger (passord for alle: {demo.DEMO_PASSWORD}):")
    for login in logins:
        click.echo(f"  {login.email:<40} {login.name:<20} {login.role_label}")
    click.echo(
        "  Alle medlemmer: fornavn.etternavn@kommune.example, f.eks. ola.nilsen@bodo.example\n"
    )


@click.option("--if-empty", is_flag=True, help="Gjør ingenting hvis databasen har brukere.")
def seed_demo_command(if_empty: bool) -> None:
    """Load demo data for the Salten network."""
    has_users = db.session.scalar(select(User.id).limit(1)) is not None
    if has_users and if_empty:
        click.echo("Databasen har allerede data; demodata ble ikke lagt inn på nytt.")
        _print_logins(demo.demo_logins())
        return
    if has_users:
        raise click.ClickException("Databasen har allerede brukere. Bruk en tom database.")
    logins = demo.seed_demo()
    db.session.commit()
    click.echo("Demodata for Salten-nettverket er lagt inn.")
    _print_logins(logins)


@click.option("--email", prompt="E-postadresse")
@click.option("--name", prompt="Navn")
@click.password_option("--password", prompt="Passord", confirmation_prompt="Gjenta passordet")
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.ClickException(f"Passordet må ha mellom {PASSWORD_MIN} og {PASSWORD_MAX} tegn.")
    if services.find_user_by_email(email):
        raise click.ClickException("Det finnes allerede en bruker med denne e-postadressen.")
    network = demo.ensure_network()
    user = User(
        network=network,
        email=services.normalise_email(email),
        name=name.strip(),
        role=Role.ADMIN,
        password_hash=services.hash_password(password),
    )
    db.session.add(user)
    db.session.commit()
    click.echo(f"Administrator {user.email} er opprettet.")
