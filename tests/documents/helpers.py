"""Upload helpers for route tests."""

import io

from tests.helpers import csrf_token


def upload(client, kind: str, owner_id: int, *named_files: tuple[str, bytes]):
    """Post files to an owner's upload form (with the CSRF token from its page)."""
    page = f"/dokumenter/{kind}/{owner_id}"
    token = csrf_token(client, page)
    return client.post(
        page,
        data={
            "csrf_token": token,
            "files": [(io.BytesIO(data), name) for name, data in named_files],
        },
        content_type="multipart/form-data",
    )


def post_file(client, page: str, action: str, field: str, name: str, data: bytes, **extra):
    """Post one file to ``action`` with the CSRF token from ``page``."""
    token = csrf_token(client, page)
    return client.post(
        action,
        data={"csrf_token": token, field: (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data",
    )
