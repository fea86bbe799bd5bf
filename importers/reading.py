"""Reading a document file safely: the checks every layout needs before parsing.

Bad input ends here with an `ImportProblem` naming the file and line, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from plandesk.core.text import clean_text
from plandesk.importers.records import ImportProblem

__all__ = ["read_text"]

# Bytes that never appear in a text document but always in binary formats.
_BINARY_MARKERS = (b"\x00", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8, with line endings normalised to `\\n` and other
    control characters but tab removed (`core.text.clean_text`).

    Raises `ImportProblem` for a missing, unreadable, empty, binary or non-UTF-8 file.
    """
    name = str(path)
    try:
        data = path.read_bytes()
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
