"""What `plandesk chase` prints, as pure functions: the chase groups in; text, Markdown or
JSON-ready data out.

Text goes to `output.echo` (control characters shown as escapes, never sent); the Markdown
is built from `exports.markdown_text`, so an officer's words never become structure in the
email it is pasted into, and holds no control characters at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from plandesk.cli.render import wrap
from plandesk.core.chase import ChaseGroup, ChaseItem
from plandesk.core.plan import PeriodInfo, PlanInfo
from plandesk.core.text import shorten

__all__ = ["chase_json", "chase_markdown", "chase_text"]

NO_LEAD = "No lead"
# How much of an activity's text (one line of text output) and of its last update to show.
TEXT_WIDTH = 85
UPDATE_WIDTH = 200


def chase_json(groups: Sequence[ChaseGroup]) -> list[dict[str, Any]]:
    """The `chase --format json` document (no lead: `"lead": null`; dates as ISO strings)."""
    return [
        {
            "lead": g.lead,
            "activities": [
                {
                    "ref": i.ref,
                    "commitment_ref": i.commitment_ref,
                    "text": i.text,
                    "due": i.due.isoformat() if i.due else None,
                    "last_update": (
                        {"period": i.last_update.period, "text": i.last_update.text}
                        if i.last_update
                        else None
                    ),
                }
                for i in g.items
            ],
        }
        for g in groups
    ]


def _due(day: date | None) -> str:
    return f"due {day:%d %b %Y}" if day else "no due date"


def _why(item: ChaseItem) -> str:
    if item.missing:
        return "no update yet"
    return "update flagged: " + ", ".join(item.flags)


def chase_text(plan: PlanInfo, period: PeriodInfo, groups: Sequence[ChaseGroup]) -> str:
    """Per lead, with a count: each activity owed, why, its due date and last update."""
    owed = sum(len(g.items) for g in groups)
    activities = "activity owes" if owed == 1 else "activities owe"
    lines = [f"Plan: {plan.title} · period {period.label} · {owed} {activities} an update"]
    if not groups:
        lines.append("\nNothing to chase: every activity has its update for this period.")
    for g in groups:
        lines.append(f"\n{g.lead or NO_LEAD} ({len(g.items)})")
        for i in g.items:
            lines.append(f"  {shorten(i.ref, 24):<8} {_due(i.due)} · {_why(i)}")
            lines.append(wrap(shorten(i.text, TEXT_WIDTH), "           "))
            if i.last_update:
                said = shorten(i.last_update.text, UPDATE_WIDTH)
                lines.append(wrap(f"last update ({i.last_update.period}): {said}", "           "))
            else:
                lines.append("           no earlier update")
    return "\n".join(lines)


def chase_markdown(plan: PlanInfo, period: PeriodInfo, groups: Sequence[ChaseGroup]) -> str:
    """Ready to paste into an email: a heading per lead, a bullet per activity (ref, text, due
    date, why), the last update quoted under it."""
    # Imported here: the exports package is too heavy for every other command's start-up.
    from plandesk.exports.markdown_text import one_line

    lines = [f"# Updates owed for {one_line(period.label)}: {one_line(plan.title)}"]
    if not groups:
        lines += ["", "Nothing to chase: every activity has its update for this period."]
    for g in groups:
        lines += ["", f"## {one_line(g.lead) if g.lead else NO_LEAD} ({len(g.items)})", ""]
        for i in g.items:
            text = one_line(shorten(i.text, TEXT_WIDTH), at_line_start=False)
            lines.append(f"- **{one_line(i.ref)}** {text} ({_due(i.due)}; {one_line(_why(i))})")
            if i.last_update:
                said = one_line(shorten(i.last_update.text, UPDATE_WIDTH))
                period_label = one_line(i.last_update.period)
                lines.append(f"  > last update ({period_label}): {said}")
            else:
                lines.append("  > no earlier update")
    return "\n".join(lines)
