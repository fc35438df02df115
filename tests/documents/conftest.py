"""Fixtures for documents: both storage backends, a world of owner objects, upload helpers."""

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from portal.documents.storage import DiskStorage, S3Storage
from tests.documents.world import build_world

S3_KEYS = {"access_key": "testing", "secret_key": "testing", "region": "eu-north-1"}


def _free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's standalone S3 server on loopback: the real S3 wire protocol over HTTP."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_endpoint, request):
    """An S3Storage on a fresh bucket of the moto server."""
    bucket = f"test-{abs(hash(request.node.nodeid)) % 10**10}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    return S3Storage(bucket=bucket, endpoint_url=s3_endpoint, **S3_KEYS)


@pytest.fixture(params=["disk", "s3"])
def storage(request, tmp_path):
    """Each storage backend in turn: files on disk, and objects in the S3-compatible server."""
    if request.param == "disk":
        return DiskStorage(tmp_path / "files")
    return request.getfixturevalue("s3_storage")


@pytest.fixture
def world(app, users, network, place):
    """One of every owner object, ids by name (the Bodø member wrote the drafts)."""
    return build_world(app, users, network, place)
