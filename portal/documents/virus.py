"""Optional virus scan through ClamAV's clamd (INSTREAM), when CLAMD_SOCKET is configured."""

import io

from clamav_client.clamd import ClamdError, ClamdUnixSocket


class ScanUnavailable(RuntimeError):
    """clamd did not answer: the upload is refused rather than stored unscanned."""


def scan(data: bytes, socket_path: str | None, timeout: float = 30) -> str | None:
    """The virus name clamd found in ``data``, or None (also when no scanner is configured)."""
    if not socket_path:
        return None
    try:
        result = ClamdUnixSocket(path=socket_path, timeout=timeout).instream(io.BytesIO(data))
    except (ClamdError, OSError) as error:
        raise ScanUnavailable(str(error)) from error
    for status, reason in result.values():
        if status == "FOUND":
            return reason or "ukjent"
        if status == "ERROR":
            raise ScanUnavailable(reason or "clamd error")
    return None
