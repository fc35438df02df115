"""Demo data: the presenter's slides on the newest agenda item."""

from flask import current_app
from markupsafe import escape
from sqlalchemy import select

from portal.documents import archive, owners, services
from portal.extensions import db
from portal.network.models import Network, User

SLIDES = """<!doctype html><html lang="nb"><head><title>{title}</title>
<style>@page {{ size: A4 landscape; margin: 2cm; }} body {{ font-family: "DejaVu Sans"; }}
h1 {{ font-size: 28pt; }} li {{ font-size: 16pt; margin: 0.4em 0; }}</style></head><body>
<h1>{title}</h1>
<ul><li>Bakgrunn og hva vi vet</li><li>Erfaringer fra kommunene</li>
<li>Hva kan vi gjøre likt i nettverket?</li><li>Spørsmål til drøfting i gruppene</li></ul>
</body></html>"""


def add_documents(network: Network) -> None:
    """Slides on the newest agenda item, uploaded by the coordinator."""
    model = owners.KINDS["agenda_item"].model
    item = db.session.scalars(select(model).order_by(model.id.desc())).first()
    coordinator = db.session.scalar(select(User).where(User.role == "moderator"))
    if item is None or coordinator is None:
        return
    slides = archive.write_pdfa(SLIDES.format(title=escape(item.title)), identifier="demo-slides")
    services.attach(
        coordinator,
        owners.resolve("agenda_item", item.id),
        [services.Upload(f"{item.title} – lysark.pdf", slides)],
        current_app.extensions["documents.storage"],
        services.Limits(max_bytes=current_app.config["UPLOAD_MAX_BYTES"]),
    )
