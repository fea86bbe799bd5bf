"""A plain Markdown list of a plan snapshot (the first export; the full summary comes later).

Pure: domain objects in, text out. Officers' text is escaped so it cannot break the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plandesk.store.views import ActivityView, PlanSnapshot

__all__ = ["snapshot_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _indent(text: str, prefix: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(f"{prefix}{_escape(line)}" if line else "" for line in lines)


def snapshot_markdown(
    snapshot: PlanSnapshot, visible: Callable[[ActivityView], bool] | None = None
) -> str:
    """Objectives › commitments › activities with this period's update, as Markdown."""
    period = snapshot.period.label if snapshot.period else "no period"
    out = [f"# {_escape(snapshot.plan.title)}: {_escape(period)}", ""]
    for objective in snapshot.objectives:
        commitments = [
            (c, [a for a in c.activities if visible is None or visible(a)])
            for c in objective.commitments
        ]
        commitments = [(c, acts) for c, acts in commitments if acts]
        if not commitments:
            continue
        out += [f"## {_escape(objective.title)}", ""]
        for commitment, activities in commitments:
            title = " ".join(commitment.title.split())
            out += [f"### {_escape(commitment.ref)} {_escape(title)}", ""]
            for activity in activities:
                name = activity.ref or "—"
                text = " ".join(activity.text.split()) or "(the commitment itself)"
                out.append(f"- **{_escape(name)}** {_escape(text)}")
                if activity.update:
                    status = f" ({activity.update.status})" if activity.update.status else ""
                    out.append(f"  - Update{_escape(status)}:")
                    out.append("")
                    out.append(_indent(activity.update.text, "    "))
                    out.append("")
                else:
                    out.append("  - No update this period")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
