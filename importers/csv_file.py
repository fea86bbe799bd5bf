"""CSV (and tab-separated "Unicode text") files as a `Grid`.

Excel saves CSV in the machine's code page (cp1252 in the UK), as UTF-8 with a BOM ("CSV
UTF-8"), or as UTF-16 with a BOM and tabs ("Unicode text"); other tools write plain UTF-8.
Lists in Europe use semicolons. Quoted cells may hold newlines.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from plandesk.core.records import ImportProblem
from plandesk.core.text import clean_text
from plandesk.importers.reading import read_bounded
from plandesk.importers.tables.grid import Cell, Grid

__all__ = ["decode", "read_grid", "sniff_delimiter"]

_DELIMITERS = ",;\t"
_SAMPLE = 64 * 1024


def decode(data: bytes, source: str) -> str:
    """The file's text, whichever of the encodings above wrote it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(source, 0, "not readable UTF-16 text") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise ImportProblem(source, 0, "this is binary data, not a CSV or text table")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Not UTF-8: Excel's Windows code page, where every byte but five means something.
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str | None:
    """The separator of a delimited table, or None when the text does not look like one."""
    sample = text[:_SAMPLE]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    # Count-based: the separator every one of the first lines holds the same number of.
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    best, best_count = None, 0
    for delimiter in _DELIMITERS:
        counts = {line.count(delimiter) for line in lines}
        top = max(counts, default=0)
        if top > best_count and len(counts) <= 3:
            best, best_count = delimiter, top
    return best


def read_grid(path: Path | str) -> Grid:
    """The CSV file at `path` as one grid named after the file."""
    path = Path(path)
    source = str(path)
    try:
        data = read_bounded(path)
    except FileNotFoundError:
        raise ImportProblem(source, 0, "no such file") from None
    except IsADirectoryError:
        raise ImportProblem(source, 0, "is a directory, not a document") from None
    except OSError as exc:
        raise ImportProblem(source, 0, f"cannot read the file: {exc.strerror}") from None
    if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise ImportProblem(source, 0, "this is an Office document, archive or PDF, not a CSV")
    return grid_of_text(decode(data, source), source, path.stem)


def grid_of_text(text: str, source: str, name: str) -> Grid:
    """Delimited `text` as a grid; `ImportProblem` when it is empty or not a table."""
    if not text.strip():
        raise ImportProblem(source, 0, "the file is empty")
    delimiter = sniff_delimiter(text)
    if delimiter is None:
        raise ImportProblem(source, 0, "not a table: no comma, semicolon or tab separates columns")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportProblem(source, 0, f"not a readable CSV table ({exc})") from None
    grid = Grid(source=source, name=name)
    for number, row in enumerate(rows, start=1):
        grid.rows.append(
            [Cell(clean_text(value), number, column) for column, value in enumerate(row, 1)]
        )
    if max((len(row) for row in grid.rows), default=0) < 2:
        raise ImportProblem(source, 0, "not a table: every row has a single column")
    return grid
