"""Which document an export writes: Markdown, HTML, Word or Excel, by name or file suffix.

The one dispatch the CLI (`plandesk export --format`) and the app (`x`, by the suffix of the
file name typed) share. Word and Excel are imported only when asked for: python-docx and
openpyxl are not needed to start the app or the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from plandesk.core.plan import BodyView, PlanSnapshot
from plandesk.exports.scope import ExportOptions

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "ExportFormatName",
    "format_for",
    "render_export",
    "write_export",
]

ExportFormatName = Literal["md", "html", "docx", "xlsx"]
FORMATS: tuple[ExportFormatName, ...] = ("md", "html", "docx", "xlsx")
# Formats that are not text: never written to a terminal or standard output.
BINARY_FORMATS = frozenset({"docx", "xlsx"})
_SUFFIXES: dict[str, ExportFormatName] = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
}


def format_for(path: Path | str) -> ExportFormatName | None:
    """The format a file name asks for by its suffix (any case); None for another suffix."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render_export(
    fmt: ExportFormatName,
    snapshot: PlanSnapshot,
    bodies: Sequence[BodyView],
    options: ExportOptions,
    template: Path | bytes | None = None,
) -> bytes:
    """The document in `fmt` as bytes (text formats in UTF-8). `template` is for Word only."""
    if fmt == "docx":
        from plandesk.exports.word_paper import render_docx

        return render_docx(snapshot, bodies, options, template)
    if fmt == "xlsx":
        from plandesk.exports.excel_tracker import render_xlsx

        return render_xlsx(snapshot, bodies, options)
    if fmt == "html":
        from plandesk.exports.html import render_html

        return render_html(snapshot, bodies, options).encode("utf-8")
    from plandesk.exports.summary import render_markdown

    return render_markdown(snapshot, bodies, options).encode("utf-8")


# How much text is gathered before it is encoded and written: few writes, little held.
_CHUNK = 1 << 20


class _Encoded:
    """A sink of text pieces written to a binary stream in UTF-8, a chunk at a time."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.pieces: list[str] = []
        self.held = 0
        self.written = 0

    def __call__(self, piece: str) -> None:
        self.pieces.append(piece)
        self.held += len(piece)
        if self.held >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        data = "".join(self.pieces).encode("utf-8")
        self.pieces.clear()
        self.held = 0
        self.stream.write(data)
        self.written += len(data)


def write_export(
    fmt: ExportFormatName,
    snapshot: PlanSnapshot,
    bodies: Sequence[BodyView],
    options: ExportOptions,
    stream: BinaryIO,
    template: Path | bytes | None = None,
) -> int:
    """`render_export`'s bytes written to `stream`; how many. Markdown and HTML are written
    as they are made, so a big plan's document is never held whole in memory."""
    if fmt in BINARY_FORMATS:
        data = render_export(fmt, snapshot, bodies, options, template)
        stream.write(data)
        return len(data)
    sink = _Encoded(stream)
    if fmt == "html":
        from plandesk.exports.html import write_html

        write_html(snapshot, bodies, options, sink)
    else:
        from plandesk.exports.summary import write_markdown

        write_markdown(snapshot, bodies, options, sink)
    sink.flush()
    return sink.written
