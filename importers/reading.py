"""Reading a document file safely: the checks every layout needs before parsing.

Bad input ends here with an `ImportProblem` naming the file and line, never a traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from plandesk.core.records import ImportProblem
from plandesk.core.text import clean_text

__all__ = ["MAX_DOCUMENT_BYTES", "read_bounded", "read_text"]

# Bytes that never appear in a text document but always in binary formats.
_BINARY_MARKERS = (b"\x00", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")


# Far above any plan's text export (the samples are ~100 kB): a bigger file is a mistake.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_DOCUMENT_BYTES`, checked before reading.

    Opened non-blocking and checked on the open file, so a FIFO (which would wait for a
    writer) or a device such as /dev/zero (which never ends) is refused, not read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            kind = "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
            raise ImportProblem(str(path), 0, f"this is {kind}, not a document file")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise ImportProblem(str(path), 0, _too_big(info.st_size))
        data = stream.read(MAX_DOCUMENT_BYTES + 1)  # the file may grow while it is read
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ImportProblem(str(path), 0, _too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.0f} MB; a delivery plan's text is far smaller "
        f"(at most {MAX_DOCUMENT_BYTES // 1024 // 1024} MB is read)"
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8, with line endings normalised to `\\n` and other
    control characters but tab removed (`core.text.clean_text`).

    Raises `ImportProblem` for a missing, unreadable, empty, binary or non-UTF-8 file, and for
    anything that is not a regular file of at most 50 MB (a FIFO, /dev/zero), before reading.
    """
    name = str(path)
    try:
        data = read_bounded(path)
    except FileNotFoundError:
        raise ImportProblem(name, 0, "no such file") from None
    except IsADirectoryError:
        raise ImportProblem(name, 0, "is a directory, not a document") from None
    except OSError as exc:
        raise ImportProblem(name, 0, f"cannot read the file: {exc.strerror}") from None
    if not data.strip():
        raise ImportProblem(name, 1, "the file is empty")
    for marker in _BINARY_MARKERS:
        at = data.find(marker, 0, 4096) if marker != b"\x00" else data.find(marker)
        if at != -1:
            kind = {
                b"PK\x03\x04": "a zip archive or Office document (.docx/.xlsx)",
                b"%PDF": "a PDF",
                b"\xd0\xcf\x11\xe0": "an old Office binary document (.doc/.xls)",
            }.get(marker, "binary data")
            raise ImportProblem(
                name,
                _line_of(data, at),
                f"this is {kind}, not a text export of a delivery plan",
            )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise ImportProblem(
            name,
            line,
            f"byte 0x{data[exc.start]:02x} is not UTF-8 (the file looks like Windows-1252 text); "
            "save it as UTF-8 and import again",
        ) from None
    # Control characters (a terminal escape pasted into the document) never reach the store.
    return clean_text(text)
