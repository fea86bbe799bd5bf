"""Turn delivery-plan documents into plain `PlanDocument` objects.

One module per source layout, each with `detect(text) -> bool` and
`parse(text, source) -> PlanDocument`. `read_document` picks the layout.

Tables (CSV, Excel, Word) are read into `tables.grid.Grid`s by one module per format and the
plan found in them by `tables.plans`; `read_file`/`read_documents` take any of these files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plandesk.core.periods import PeriodError, parse_period
from plandesk.core.records import (
    ActivityRecord,
    CommitmentRecord,
    ImportProblem,
    ObjectiveRecord,
    OversightBodyRecord,
    PlanDocument,
)
from plandesk.importers.reading import read_text
from plandesk.importers.suspect_text import suspect_text

__all__ = [
    "ActivityRecord",
    "CommitmentRecord",
    "ImportProblem",
    "layouts",
    "ObjectiveRecord",
    "OversightBodyRecord",
    "PlanDocument",
    "read_document",
    "read_documents",
    "read_file",
    "ReadFile",
]

_EXCEL = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
_WORD = (".docx", ".docm", ".doc", ".dotx")
_CSV = (".csv", ".tsv", ".tab")
_NOT_A_LAYOUT = "not a delivery plan this version can read"


def layouts() -> tuple:
    """The layout modules, imported on first use so reading records stays cheap."""
    from plandesk.importers import panel_report, quarterly_extract

    return (panel_report, quarterly_extract)


def read_document(path: Path | str, *, period: str | None = None) -> PlanDocument:
    """Read one document of any known layout; `period` overrides the period it names.

    Raises `ImportProblem` (`file:line: what is wrong`) for anything that is not a readable
    delivery plan. Text that looks cut off or repeated is kept and listed in the document's
    `warnings`.
    """
    path = Path(path)
    text = read_text(path)
    for layout in layouts():
        if layout.detect(text):
            document = layout.parse(text, str(path))
            break
    else:
        raise ImportProblem(
            str(path),
            1,
            f"{_NOT_A_LAYOUT}: expected a Panel report with a "
            "'Delivery Plan Extract' appendix, or a quarterly extract table "
            "('No / SWP Commitment / Supporting activity / Quarter N Update')",
        )
    if period is not None:
        try:
            document.period = parse_period(period)
        except PeriodError as exc:
            raise ImportProblem(str(path), 0, f"--period: {exc}") from None
    document.warnings = suspect_text(document.source, document.objectives)
    return document


@dataclass(slots=True)
class ReadFile:
    """The documents read from one file and, for a table format, what was detected in it."""

    documents: list[PlanDocument] = field(default_factory=list)
    detected: str | None = None


def read_documents(
    path: Path | str,
    *,
    period: str | None = None,
    mapping: str | None = None,
    sheet: str | None = None,
) -> list[PlanDocument]:
    """Every document in the file at `path` (one per period a tracker's columns name)."""
    return read_file(path, period=period, mapping=mapping, sheet=sheet).documents


def read_file(
    path: Path | str,
    *,
    period: str | None = None,
    mapping: str | None = None,
    sheet: str | None = None,
) -> ReadFile:
    """Read a text layout, a CSV, an Excel workbook or a Word document.

    `mapping` (`--map "Actions=commitment,…"`) says what columns hold where the headers do
    not; `sheet` picks a workbook's sheet. Raises `ImportProblem` for anything unreadable.
    """
    from plandesk.importers import csv_file
    from plandesk.importers.tables.layout import NoPlanFound

    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix in _EXCEL or suffix in _WORD:
        grids = _office_grids(path, suffix, sheet)
        return _tables(grids, path, period, mapping, first_only=suffix in _EXCEL)
    if suffix in _CSV:
        return _tables([csv_file.read_grid(path)], path, period, mapping)
    try:
        return ReadFile([read_document(path, period=period)])
    except ImportProblem as problem:
        # Not a text layout: a table saved as text ("Unicode text", a CSV named .txt)? Text
        # that is not UTF-8 keeps its own message (save it as UTF-8) unless it is UTF-16.
        if not problem.message.startswith((_NOT_A_LAYOUT, "this is binary data")):
            raise
        try:
            grid = csv_file.read_grid(path)
        except ImportProblem:
            raise problem from None
        try:
            return _tables([grid], path, period, mapping)
        except NoPlanFound:
            raise problem from None


def _office_grids(path: Path, suffix: str, sheet: str | None) -> list:
    import importlib

    kind = "Excel" if suffix in _EXCEL else "Word"
    try:
        reader = importlib.import_module(f"plandesk.importers.{kind.lower()}")
    except ModuleNotFoundError:
        raise ImportProblem(
            str(path), 0, f"{kind} files ({suffix}) are not supported yet by this version"
        ) from None
    if kind == "Excel":
        return reader.read_grids(path, sheet=sheet)
    return reader.read_grids(path)


def _tables(grids, path: Path, period, mapping, *, first_only: bool = False) -> ReadFile:
    from plandesk.importers.tables.plans import plans_in

    found = plans_in(grids, str(path), period=period, mapping=mapping, first_only=first_only)
    for document in found.documents:
        document.warnings = [
            *document.warnings,
            *suspect_text(document.source, document.objectives),
        ]
    return ReadFile(found.documents, found.describe())
