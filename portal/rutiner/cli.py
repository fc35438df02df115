"""CLI for cron: ``flask --app wsgi rutiner remind`` e-mails reminders about review dates."""

import click

from portal import links
from portal.core.dates import oslo_today
from portal.extensions import db
from portal.rutiner import reminders


def _link(routine) -> str:
    """The routine's address in the portal, for e-mails."""
    return links.public_url("rutiner.detail", routine_id=routine.id)


def remind_command() -> None:
    """E-mail the responsible persons about routines due for review; list the overdue ones."""
    today = oslo_today()
    reminded, overdue = reminders.send_reminders(today, _link)
    db.session.commit()
    click.echo(f"Påminnelser sendt til {reminded} ansvarlige.")
    if not overdue:
        click.echo("Ingen rutiner har passert revisjonsdatoen.")
        return
    click.echo(f"{len(overdue)} rutiner har passert revisjonsdatoen:")
    for routine in overdue:
        click.echo(
            f"  {routine.next_review_date:%d.%m.%Y}  {routine.owner_name:<26} {routine.title}"
            f"  {_link(routine)}"
        )
