"""Where file contents live: one interface, named by SHA-256, over disk or an S3-compatible store.

The embedded default keeps files under ``instance/files/ab/cd/<sha256>``. Production may use any
S3-compatible object store (MinIO, Ceph RGW, a cloud bucket) through boto3, chosen with
``STORAGE_BACKEND=s3``. Names are content hashes, never the user's file name, so the same file
is kept once however often it is attached.
"""

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

DIGEST = re.compile(r"^[0-9a-f]{64}$")


class StorageError(RuntimeError):
    """The store could not be reached or refused an operation."""


class Storage(Protocol):
    """Put, get, delete and test file contents by their SHA-256 hex digest."""

    def put(self, digest: str, data: bytes) -> None:
        """Store ``data`` under ``digest`` (a no-op when it is there already)."""

    def get(self, digest: str) -> bytes:
        """The stored bytes; FileNotFoundError when missing."""

    def delete(self, digest: str) -> None:
        """Remove the stored bytes (no error when missing)."""

    def exists(self, digest: str) -> bool:
        """True when the bytes are stored."""


def digest_of(data: bytes) -> str:
    """The SHA-256 hex digest that names ``data``."""
    return hashlib.sha256(data).hexdigest()


def _checked(digest: str) -> str:
    """Refuse anything that is not a lower-case SHA-256 hex digest (no path tricks)."""
    if not DIGEST.match(digest):
        raise ValueError("not a SHA-256 hex digest")
    return digest


class DiskStorage:
    """Files on local disk, two levels of fan-out: ``root/ab/cd/abcd…``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        """Where a digest's bytes live."""
        _checked(digest)
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, digest: str, data: bytes) -> None:
        """Write atomically (temporary file, fsync, rename), after checking the digest."""
        if digest_of(data) != _checked(digest):
            raise ValueError("data does not match its digest")
        target = self.path(digest)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, digest: str) -> bytes:
        """Read the bytes."""
        return self.path(digest).read_bytes()

    def delete(self, digest: str) -> None:
        """Remove the file if it is there."""
        self.path(digest).unlink(missing_ok=True)

    def exists(self, digest: str) -> bool:
        """True when the file is there."""
        return self.path(digest).is_file()


class S3Storage:
    """Objects in an S3-compatible bucket under ``<prefix>ab/cd/<digest>``."""

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str | None = None,
        prefix: str = "files/",
    ) -> None:
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.prefix = prefix
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name=region or "us-east-1",
            config=BotoConfig(
                retries={"max_attempts": 3, "mode": "standard"},
                s3={"addressing_style": "path"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    def key(self, digest: str) -> str:
        """The object key for a digest."""
        _checked(digest)
        return f"{self.prefix}{digest[:2]}/{digest[2:4]}/{digest}"

    def put(self, digest: str, data: bytes) -> None:
        """Upload the bytes with their SHA-256 checksum (the store verifies it)."""
        if digest_of(data) != _checked(digest):
            raise ValueError("data does not match its digest")
        self._call(
            self.client.put_object,
            Bucket=self.bucket,
            Key=self.key(digest),
            Body=data,
            ContentType="application/octet-stream",
        )

    def get(self, digest: str) -> bytes:
        """Download the bytes; FileNotFoundError when the object is missing."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key(digest))
            return response["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(digest) from None
            raise StorageError(str(error)) from error
        except BotoCoreError as error:
            raise StorageError(str(error)) from error

    def delete(self, digest: str) -> None:
        """Delete the object (S3 answers success for a missing key too)."""
        self._call(self.client.delete_object, Bucket=self.bucket, Key=self.key(digest))

    def exists(self, digest: str) -> bool:
        """True when the object is there."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(digest))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise StorageError(str(error)) from error
        except BotoCoreError as error:
            raise StorageError(str(error)) from error
        return True

    def _call(self, method, **kwargs):
        """Call boto3 and turn its errors into StorageError."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(**kwargs)
        except (BotoCoreError, ClientError) as error:
            raise StorageError(str(error)) from error


def from_config(config) -> Storage:
    """The storage the configuration names: ``disk`` (default) or ``s3``."""
    backend = config.get("STORAGE_BACKEND", "disk")
    if backend == "s3":
        return S3Storage(
            bucket=config["S3_BUCKET"],
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            access_key=config.get("S3_ACCESS_KEY_ID"),
            secret_key=config.get("S3_SECRET_ACCESS_KEY"),
            region=config.get("S3_REGION"),
        )
    if backend != "disk":
        raise ValueError(f"unknown STORAGE_BACKEND {backend!r} (disk or s3)")
    return DiskStorage(Path(config["FILES_DIR"]))
