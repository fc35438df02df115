"""CLI for cron: ``flask --app wsgi meetings remind --days N``."""

import click

from portal import mail
from portal.extensions import db
from portal.meetings import calendars


@click.option("--days", type=click.IntRange(min=0), default=2, show_default=True,
              help="Hvor mange dager før samlingsdagen påminnelsen sendes.")  # fmt: skip
def remind_command(days: int) -> None:
    """E-mail a reminder to everyone registered for a samling day N days from today."""
    calendars.send_reminders(days)
    db.session.commit()
    outcome = mail.report()
    click.echo(f"Påminnelser sendt: {outcome.sent}. Lagt i utboksen: {outcome.kept}.")
    if outcome.kept_after_failure:
        raise click.ClickException(
            str(mail.MAIL_CONFIG_PROBLEM.format(kept=outcome.kept_after_failure))
        )
