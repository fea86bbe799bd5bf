"""Turn delivery-plan documents into plain `PlanDocument` objects.

One module per source layout, each with `detect(text) -> bool` and
`parse(text, source) -> PlanDocument`. `read_document` picks the layout.
"""

from __future__ import annotations

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
]


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
            "not a delivery plan this version can read: expected a Panel report with a "
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
