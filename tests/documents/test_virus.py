"""The optional virus scan: clamd's INSTREAM protocol against a tiny fake clamd on a unix socket."""

import socket
import struct
import threading

import pytest
from sqlalchemy import func, select

from portal.documents.models import Attachment
from portal.documents.virus import ScanUnavailable, scan
from portal.extensions import db
from tests.documents import files
from tests.documents.helpers import upload
from tests.helpers import login, text

EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd:
    """Answers INSTREAM like clamd: FOUND for the EICAR marker, OK otherwise."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.received: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection, connection.makefile("rb") as stream:
                assert stream.readline() == b"nINSTREAM\n"
                data = b""
                while size := struct.unpack("!L", stream.read(4))[0]:
                    data += stream.read(size)
                self.received.append(data)
                found = EICAR_MARK in data
                connection.sendall(b"stream: Eicar-Signature FOUND\n" if found else b"stream: OK\n")

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(tmp_path):
    """A fake clamd listening on a unix socket in a temporary folder."""
    fake = FakeClamd(str(tmp_path / "clamd.sock"))
    yield fake
    fake.close()


def test_clean_and_infected_streams(clamd):
    assert scan(b"hei" * 1000, clamd.path) is None
    assert clamd.received[-1] == b"hei" * 1000
    assert scan(b"X5O!P%@AP " + EICAR_MARK, clamd.path) == "Eicar-Signature"


def test_no_scanner_configured_means_no_scan():
    assert scan(b"anything", None) is None


def test_unreachable_scanner_is_reported(tmp_path):
    with pytest.raises(ScanUnavailable):
        scan(b"data", str(tmp_path / "missing.sock"))


def test_uploads_go_through_the_scanner_when_configured(app, client, users, world, clamd, tmp_path):
    login(client, users["moderator"])
    app.config["CLAMD_SOCKET"] = clamd.path
    try:
        infected = upload(client, "samling", world["samling"], ("virus.txt", EICAR_MARK))
        assert infected.status_code == 400
        assert "Virussjekken fant skadelig innhold i «virus.txt»" in text(infected)
        assert (
            upload(client, "samling", world["samling"], ("ren.pdf", files.pdf())).status_code == 303
        )
        app.config["CLAMD_SOCKET"] = str(tmp_path / "gone.sock")
        down = upload(client, "samling", world["samling"], ("notat.txt", b"hei"))
        assert "Virussjekken svarer ikke" in text(down)
    finally:
        app.config["CLAMD_SOCKET"] = None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1
