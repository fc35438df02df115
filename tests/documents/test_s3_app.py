"""The portal with STORAGE_BACKEND=s3: uploads land in the S3-compatible server (moto's, over
HTTP), downloads come back from it; and `flask documents purge` clears files whose owner is gone."""

import boto3
from sqlalchemy import func, select

from portal import create_app
from portal.documents.models import Attachment, Blob
from portal.documents.storage import S3Storage, digest_of
from portal.extensions import db
from portal.meetings.models import AgendaItem
from tests.conftest import SuiteConfig
from tests.documents import files
from tests.documents.helpers import upload
from tests.helpers import login


def test_uploads_and_downloads_through_the_object_store(app, users, world, s3_endpoint):
    boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id="k", aws_secret_access_key="s",
        region_name="us-east-1",
    ).create_bucket(Bucket="fagnettverk-app")  # fmt: skip

    class S3Config(SuiteConfig):
        STORAGE_BACKEND = "s3"
        S3_ENDPOINT_URL = s3_endpoint
        S3_BUCKET = "fagnettverk-app"
        S3_ACCESS_KEY_ID = "k"
        S3_SECRET_ACCESS_KEY = "s"

    s3_app = create_app(S3Config)
    storage = s3_app.extensions["documents.storage"]
    assert isinstance(storage, S3Storage)
    client = s3_app.test_client()
    login(client, users["moderator"])
    slides = files.pptx()
    assert upload(client, "samling", world["samling"], ("Innlegg.pptx", slides)).status_code == 303
    assert storage.get(digest_of(slides)) == slides
    with s3_app.app_context():
        file_id = db.session.scalar(select(Attachment.id))
    assert client.get(f"/dokumenter/fil/{file_id}/last-ned").data == slides


def test_purge_removes_files_of_deleted_owners(app, client, users, world):
    login(client, users["moderator"])
    kept, orphan = files.pdf(title="Beholdes"), files.pdf(title="Slettes")
    upload(client, "samling", world["samling"], ("Program.pdf", kept))
    upload(client, "agenda_item", world["agenda_item"], ("Innlegg.pdf", orphan))
    with app.app_context():
        db.session.delete(db.session.get(AgendaItem, world["agenda_item"]))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["documents", "purge"])
    assert "Slettet 1 vedlegg uten eier og 1 ubrukte filer." in result.output
    storage = app.extensions["documents.storage"]
    assert storage.exists(digest_of(kept)) and not storage.exists(digest_of(orphan))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1
        assert db.session.scalar(select(func.count()).select_from(Blob)) == 1
