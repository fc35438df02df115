"""The storage interface, the same suite over files on disk and the S3-compatible server."""

import pytest

from portal.documents.storage import DiskStorage, S3Storage, digest_of, from_config

DATA = "Presentasjon fra samlingen – æøå".encode()


def test_put_get_exists_delete(storage):
    digest = digest_of(DATA)
    assert not storage.exists(digest)
    storage.put(digest, DATA)
    assert storage.exists(digest)
    assert storage.get(digest) == DATA
    storage.put(digest, DATA)  # the same contents again: kept once, no error
    assert storage.get(digest) == DATA
    storage.delete(digest)
    assert not storage.exists(digest)
    storage.delete(digest)  # deleting what is gone is no error


def test_missing_contents_raise_file_not_found(storage):
    with pytest.raises(FileNotFoundError):
        storage.get(digest_of(b"never stored"))


def test_contents_must_match_their_name(storage):
    with pytest.raises(ValueError, match="does not match"):
        storage.put(digest_of(b"other"), DATA)
    assert not storage.exists(digest_of(b"other"))


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABC", "a" * 63, "g" * 64])
def test_names_other_than_digests_are_refused(storage, bad):
    with pytest.raises(ValueError, match="digest"):
        storage.exists(bad)


def test_disk_layout_is_named_by_hash(tmp_path):
    storage = DiskStorage(tmp_path)
    digest = digest_of(DATA)
    storage.put(digest, DATA)
    assert (tmp_path / digest[:2] / digest[2:4] / digest).read_bytes() == DATA
    assert not list(tmp_path.rglob(".upload-*"))


def test_s3_objects_are_keyed_by_hash(s3_storage):
    digest = digest_of(DATA)
    s3_storage.put(digest, DATA)
    listed = s3_storage.client.list_objects_v2(Bucket=s3_storage.bucket)["Contents"]
    assert [item["Key"] for item in listed] == [f"files/{digest[:2]}/{digest[2:4]}/{digest}"]


def test_backend_is_chosen_by_configuration(tmp_path, s3_endpoint):
    disk = from_config({"STORAGE_BACKEND": "disk", "FILES_DIR": str(tmp_path)})
    assert isinstance(disk, DiskStorage) and disk.root == tmp_path
    s3 = from_config({
        "STORAGE_BACKEND": "s3", "S3_BUCKET": "portal", "S3_ENDPOINT_URL": s3_endpoint,
        "S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing",
    })  # fmt: skip
    assert isinstance(s3, S3Storage) and s3.bucket == "portal"
    with pytest.raises(ValueError, match="unknown STORAGE_BACKEND"):
        from_config({"STORAGE_BACKEND": "ftp"})
