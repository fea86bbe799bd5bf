"""What the Word appendix and the Excel tracker share: text they may hold, statuses as words,
the summary counts, and a zip package that is the same bytes for the same data.

Office files are XML in a zip. XML 1.0 cannot hold most control characters (python-docx and
openpyxl refuse them), so every text goes through `office_text` first; and a zip stamps each
member with the time it was written, so `stable_package` rewrites the members stamped with the
export's date, which makes two exports of the same data byte-identical.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from plandesk.core.counts import has_update, is_flagged
from plandesk.core.plan import ActivityView, PlanSnapshot
from plandesk.core.statuses import AT_RISK, COMPLETE, NO_UPDATE, ON_TRACK, STALLED
from plandesk.core.text import for_document
from plandesk.exports.scope import STATUS_COLUMNS, Entry, Scope, status_label

__all__ = [
    "KIND_HEADINGS",
    "SummaryRow",
    "document_title",
    "has_due",
    "has_lead",
    "office_text",
    "period_line",
    "stable_package",
    "status_fill",
    "status_word",
    "summary_columns",
    "summary_rows",
]

# Characters XML 1.0 forbids that `for_document` keeps (it already drops C0/C1 controls).
_NOT_XML = re.compile("[\ufffe\uffff]")

# The two parts of a plan the 2018 Panel report keeps apart (`CommitmentView.kind`).
KIND_HEADINGS = {
    "policing": "Policing element",
    "commissioner": "Police and Crime Commissioner's commitments",
}

# Light fills, dark text stays readable on each; the word is always written too.
_FILLS = {
    COMPLETE: "C6E7C6",
    ON_TRACK: "DDEFD9",
    AT_RISK: "FCE4B6",
    STALLED: "F4C7C3",
    NO_UPDATE: "E3E3E3",
}


def office_text(text: str | None) -> str:
    """Text an office file may hold: no control characters, bidi overrides or non-characters."""
    if not text:
        return ""
    return _NOT_XML.sub("", for_document(text))


def status_word(activity: ActivityView) -> str:
    """The status in words; one the stall rules suggested says "(suggested)"."""
    label = status_label(activity)
    return f"{label} (suggested)" if activity.status and activity.status_suggested else label


def status_fill(activity: ActivityView) -> str | None:
    """The cell shading of a status (hex RGB), None for an officer's own word."""
    return _FILLS.get(status_label(activity))


def has_lead(entries: Sequence[Entry]) -> bool:
    """Whether any activity names a lead (the Lead column is shown only then)."""
    return any(e.activity.lead.strip() for e in entries)


def has_due(entries: Sequence[Entry]) -> bool:
    """Whether any activity has a due date (the Due column is shown only then)."""
    return any(e.activity.due is not None for e in entries)


def document_title(scope: Scope, what: str) -> str:
    """`<plan>: <what>, <period>` (or the oversight body's pack)."""
    snapshot = scope.snapshot
    period = snapshot.period.label if snapshot.period else "no period"
    if scope.body is not None:
        return office_text(f"{scope.body.name}: {what}, {snapshot.plan.title}, {period}")
    return office_text(f"{snapshot.plan.title}: {what}, {period}")


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One row of the summary table: a label and its counts, in `summary_columns` order."""

    label: str
    counts: tuple[int, ...]


def summary_columns(scope: Scope) -> list[str]:
    """The summary table's header, as the Markdown summary has it."""
    extra = sorted(
        {status_label(e.activity) for e in scope.entries} - set(STATUS_COLUMNS), key=str.casefold
    )
    return ["Objective", "Activities", *STATUS_COLUMNS, *extra, "Flagged", "Updated this period"]


def summary_rows(scope: Scope) -> list[SummaryRow]:
    """Counts per objective in scope and a total row (`core.counts` definitions)."""
    statuses = summary_columns(scope)[2:-2]

    def counts(entries: Sequence[Entry]) -> tuple[int, ...]:
        found = Counter(status_label(e.activity) for e in entries)
        return (
            len(entries),
            *(found[s] for s in statuses),
            sum(1 for e in entries if is_flagged(e.activity)),
            sum(1 for e in entries if has_update(e.activity)),
        )

    rows = [
        SummaryRow(office_text(f"{o.position}. {o.title}"), counts(scope.entries_of(o)))
        for o in scope.objectives
    ]
    rows.append(SummaryRow("Total", counts(scope.entries)))
    return rows


def period_line(snapshot: PlanSnapshot) -> str:
    """The period in words, with its dates."""
    period = snapshot.period
    if period is None:
        return "Period: none (the plan has no reporting periods)"
    return office_text(
        f"Period: {period.label}, {period.start:%-d %B %Y} to {period.end:%-d %B %Y}"
    )


def stable_package(data: bytes, on: date) -> bytes:
    """The same zip with every member stamped `on` at midnight, in the same order.

    Zip stamps are local times with a two-second step and no year before 1980.
    """
    stamp = (max(on.year, 1980), on.month, on.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            member = zipfile.ZipInfo(item.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(item.filename))
    return out.getvalue()
