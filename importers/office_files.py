"""Word and Excel files checked before any library opens them.

A .docx or .xlsx is a zip archive of XML parts. What an office may send by mistake (an old
.doc/.xls, a password-protected file, a macro-enabled workbook, a text file renamed, a file cut
off in an email) and what a hostile sender may craft (a zip bomb: a few kB that unpack to
gigabytes) are all refused here, from the archive's directory alone, with a message that says
what to do. The file is read once: the libraries get the same checked bytes, never the path
again, so what was checked is what is read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from plandesk.core.records import ImportProblem
from plandesk.importers.reading import read_bounded

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "OfficeFile",
    "read_office_file",
]

OfficeKind = Literal["word", "excel"]

# A plan's workbook or document unpacks to a few MB; these leave room for a 100k-row tracker.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
# XML packs 5–30:1, a sheet of repeated empty styled cells up to ~100:1; a run of zeros
# packs ~1000:1. Small members may have any ratio: they cannot unpack to much.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .docx/.xlsx is an OLE2 file holding a stream of this name (UTF-16 in the
# directory), whatever the extension says.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_MACRO_EXTENSIONS = {".docm", ".dotm", ".xlsm", ".xltm", ".xlam"}
# The main part each kind must have; a VBA project part means macros, whatever the name says.
_MAIN_PARTS: dict[str, OfficeKind] = {"word/document.xml": "word", "xl/workbook.xml": "excel"}
_NAMES = {"word": "a Word document (.docx)", "excel": "an Excel workbook (.xlsx)"}


@dataclass(frozen=True, slots=True)
class OfficeFile:
    """A checked Office file: its kind and bytes (give `stream()` to python-docx/openpyxl)."""

    path: str
    kind: OfficeKind
    data: bytes

    def stream(self) -> io.BytesIO:
        """A fresh stream over the checked bytes."""
        return io.BytesIO(self.data)


def read_office_file(path: Path | str, *, expect: OfficeKind | None = None) -> OfficeFile:
    """The file's bytes, once they are known to be a .docx or .xlsx safe to open.

    `expect` names the kind the caller reads; a Word document given to the Excel reader (or
    the reverse) is refused with a message naming what the file is. Raises `ImportProblem`
    (`file: what is wrong`) for a missing, empty, legacy, encrypted, macro-enabled, corrupt or
    over-large file, or one that unpacks to far more than it holds.
    """
    name = str(path)
    path = Path(path)
    data = _read(path, name)
    if path.suffix.lower() in _MACRO_EXTENSIONS:
        raise ImportProblem(name, 0, _macro_message(path.suffix.lower()))
    if data.startswith(_OLE2_MAGIC):
        raise ImportProblem(name, 0, _ole2_message(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK"):
            raise ImportProblem(
                name, 0, "the file is damaged (a zip archive cut short or corrupt); save it again"
            ) from None
        raise ImportProblem(name, 0, _not_office(expect)) from None
    with archive:
        members = archive.infolist()
        _check_sizes(name, members)
        names = {member.filename for member in members}
    if any(part.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for part in names):
        raise ImportProblem(name, 0, _macro_message(None))
    kind = next((kind for part, kind in _MAIN_PARTS.items() if part in names), None)
    if kind is None:
        raise ImportProblem(name, 0, "a zip archive, but " + _not_office(expect))
    if expect is not None and kind != expect:
        raise ImportProblem(
            name, 0, f"this is {_NAMES[kind]}, not {_NAMES[expect]}: check the file's extension"
        )
    return OfficeFile(name, kind, data)


def _read(path: Path, name: str) -> bytes:
    try:
        data = read_bounded(path)
    except FileNotFoundError:
        raise ImportProblem(name, 0, "no such file") from None
    except IsADirectoryError:
        raise ImportProblem(name, 0, "is a directory, not a document") from None
    except OSError as exc:
        raise ImportProblem(name, 0, f"cannot read the file: {exc.strerror}") from None
    if not data:
        raise ImportProblem(name, 0, "the file is empty")
    return data


def _check_sizes(name: str, members: list[zipfile.ZipInfo]) -> None:
    # zipfile stops each member at the size its directory entry declares (and fails on a CRC
    # mismatch), so these declared sizes bound what the libraries will unpack.
    if len(members) > MAX_MEMBERS:
        raise ImportProblem(
            name, 0, f"the archive holds {len(members):,} parts (at most {MAX_MEMBERS:,} are read)"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportProblem(
            name,
            0,
            f"the file unpacks to {unpacked / 1024 / 1024:,.0f} MB "
            f"(at most {MAX_UNPACKED_BYTES // 1024 // 1024} MB is read)",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise ImportProblem(
                name,
                0,
                f"part {member.filename!r} unpacks to {ratio:,.0f} times its packed size "
                "(a zip bomb?); the file is not opened",
            )


def _ole2_message(data: bytes) -> str:
    if _ENCRYPTED_STREAM in data:
        return (
            "the file is password-protected (encrypted); remove the password in Word or Excel "
            "(File › Info › Protect) and save it again"
        )
    return (
        "legacy .doc/.xls (Word or Excel 97–2003) is not read: "
        "save it as .docx/.xlsx and import that"
    )


def _macro_message(suffix: str | None) -> str:
    what = f"a macro-enabled file ({suffix})" if suffix else "a file with macros (a VBA project)"
    return f"{what} is not read; save it as .docx/.xlsx without macros and import that"


def _not_office(expect: OfficeKind | None) -> str:
    wanted = f"; expected {_NAMES[expect]}" if expect else ""
    return f"not a Word/Excel file{wanted}"
