"""What the commands print, as pure functions: the store's views in, text or JSON-ready data out.

Text is returned as one string of lines for `output.echo`, which makes it safe for a terminal;
JSON-ready data goes to `output.emit_json`. Nothing here reads the database or prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plandesk.cli.render_links import link_lines, links_json, reported_line
from plandesk.cli.words import counted
from plandesk.cli.wrapping import wrap_text
from plandesk.core.statuses import COMPLETE, NO_UPDATE

if TYPE_CHECKING:
    from plandesk.core.plan import (
        ActivityView,
        BodyView,
        CommitmentView,
        ImportReport,
        ObjectiveView,
        PeriodInfo,
        PlanInfo,
        PlanSnapshot,
        RevisionView,
    )

__all__ = [
    "Flagged",
    "flagged",
    "history_json",
    "history_text",
    "import_report_text",
    "oversight_json",
    "oversight_text",
    "periods_json",
    "periods_text",
    "places_text",
    "plans_json",
    "plans_text",
    "rules_text",
    "shown_status",
    "snapshot_json",
    "snapshot_text",
    "stalled_json",
    "stalled_text",
    "wrap",
]

WIDTH = 96

# (objective, commitment, activity) of one flagged activity.
Flagged = tuple["ObjectiveView", "CommitmentView", "ActivityView"]


def wrap(text: str, indent: str) -> str:
    """`text` wrapped to the terminal width under `indent`, its blank lines kept."""
    return wrap_text(text, WIDTH, indent)


# ------------------------------------------------------------------------------ import


def import_report_text(report: ImportReport) -> str:
    """What one document's import created, changed, kept and replaced."""
    verb = "would import" if report.dry_run else "imported"
    lines = [f"{report.source}: {verb} into {report.plan!r}, period {report.period!r}"]
    if report.is_noop:
        lines.append(
            "  nothing created or changed" + ("" if report.kept else " (already up to date)")
        )
    for bucket in ("created", "changed"):
        counts = getattr(report, bucket)
        parts = [counted(n, kind) for kind, n in counts.items() if n]
        if parts:
            lines.append(f"  {bucket}: " + ", ".join(parts))
    if report.kept:
        lines.append(
            f"  kept your edit; the document says something else ({len(report.kept)}): "
            + ", ".join(report.kept)
        )
        plan_edits = [k for k in report.kept if "(plan edit: " in k or k.endswith("(retired)")]
        if len(plan_edits) < len(report.kept):
            lines.append("    (import again with --overwrite to take the document's text)")
        if plan_edits:
            lines.append(
                "    (edits of the plan itself and retirements stay as officers made them)"
            )
    if report.unresolved:
        lines.append(
            f"  cross-references to refs the plan does not have ({len(report.unresolved)}): "
            + "; ".join(report.unresolved)
        )
    if report.overwritten:
        verb = "would replace" if report.dry_run else "replaced"
        lines.append(
            f"  {verb} an edit with the document's text, status cleared "
            f"({len(report.overwritten)}): " + ", ".join(report.overwritten)
        )
    return "\n".join(lines)


# ------------------------------------------------------------------------------ plans, periods


def plans_json(plans: Iterable[PlanInfo]) -> list[dict[str, Any]]:
    """The `plans --format json` document."""
    return [
        {
            "name": p.name,
            "edition": p.edition,
            "imported_at": p.imported_at.isoformat(),
            "activities": p.activity_count,
            "periods": list(p.period_labels),
        }
        for p in plans
    ]


def plans_text(plans: Sequence[PlanInfo]) -> str:
    """One line per plan, or how to import the first."""
    if not plans:
        return "No plans yet: import one with 'plandesk import FILE'."
    return "\n".join(
        f"{p.title}  ({counted(p.activity_count, 'activities')}; "
        f"{', '.join(p.period_labels) or 'no periods'}; imported {p.imported_at:%Y-%m-%d %H:%M})"
        for p in plans
    )


def periods_json(periods: Iterable[PeriodInfo]) -> list[dict[str, Any]]:
    """The `periods --format json` document."""
    return [
        {
            "label": p.label,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "updates": p.update_count,
            "closed": p.is_closed,
            "closed_at": p.closed_at.isoformat() if p.closed_at else None,
            "closed_by": p.closed_by,
        }
        for p in periods
    ]


def periods_text(plan: PlanInfo, periods: Iterable[PeriodInfo]) -> str:
    """A plan's periods, one a line, with their dates, update counts and state."""
    lines = [f"Plan: {plan.title}"]
    lines += [
        f"  {p.label:<14} {p.start} to {p.end}  {counted(p.update_count, 'updates')}  {_state(p)}"
        for p in periods
    ]
    return "\n".join(lines)


def _state(period: PeriodInfo) -> str:
    if period.closed_at is None:
        return "open"
    return f"closed by {period.closed_by or 'someone'} {period.closed_at:%Y-%m-%d %H:%M}"


def oversight_json(bodies: Iterable[BodyView]) -> list[dict[str, Any]]:
    """The `oversight --format json` document."""
    return [
        {
            "name": b.name,
            "purpose": b.purpose,
            "meets": b.frequency,
            "notes_published": b.notes_published,
            "public_meeting": b.public_meeting,
            "area": b.area,
            "activities": b.activity_count,
        }
        for b in bodies
    ]


def oversight_text(plan: PlanInfo, bodies: Sequence[BodyView]) -> str:
    """A plan's oversight bodies with how many activities each oversees, and a key."""
    lines = [f"Plan: {plan.title}"]
    if not bodies:
        lines.append("  no oversight bodies recorded for this plan")
    for b in bodies:
        marks = ("*" if b.notes_published else "") + ("#" if b.public_meeting else "")
        meets = b.frequency or "meets: not stated"
        lines.append(f"  {b.activity_count:>3}  {b.name}{marks}  ({meets})")
    lines.append("  * notes published   # public meeting")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ show


def snapshot_json(snapshot: PlanSnapshot) -> dict[str, Any]:
    """The `show --format json` document. An activity's `lead` and `due` are null when unset;
    `previous` is its update in the period before (null: none, or no earlier period)."""

    def update(u):
        if u is None:
            return None
        return {
            "text": u.text,
            "status": u.status,
            "author": u.author,
            "updated_at": u.updated_at.isoformat(),
        }

    def previous(u):
        if u is None or snapshot.previous_period is None:
            return None
        return {"period": snapshot.previous_period.label, "text": u.text, "status": u.status}

    period = snapshot.period
    return {
        "plan": {"name": snapshot.plan.name, "edition": snapshot.plan.edition},
        "period": {
            "label": period.label if period else None,
            "start": period.start.isoformat() if period else None,
            "end": period.end.isoformat() if period else None,
        },
        "objectives": [
            {
                "title": o.title,
                "commitments": [
                    {
                        "ref": c.ref,
                        "kind": c.kind,
                        "title": c.title,
                        "activities": [
                            {
                                "ref": a.ref,
                                "text": a.text,
                                "oversight": a.oversight,
                                "update": update(a.update),
                                "lead": a.lead or None,
                                "due": a.due.isoformat() if a.due else None,
                                "status": _status_of(a),
                                "status_suggested": bool(_status_of(a)) and a.status_suggested,
                                "done": a.done,
                                "done_in": a.done_in,
                                "previous": previous(a.previous),
                            }
                            | links_json(a)
                            for a in c.activities
                        ],
                    }
                    for c in o.commitments
                ],
            }
            for o in snapshot.objectives
        ],
    }


def _status_of(activity: ActivityView) -> str:
    """The activity's status: the rules' verdict once reviewed, else the facts: what the
    officer set (done in an earlier period: the Complete set then), or that there is no update."""
    if activity.status:
        return activity.status
    update = activity.update
    if update is not None and update.status:
        return update.status
    if activity.done:
        return COMPLETE
    return NO_UPDATE if update is None or not update.text.strip() else ""


def shown_status(activity: ActivityView) -> str:
    """The status as printed: one the rules inferred says so ("Stalled (suggested)")."""
    status = _status_of(activity)
    if status and activity.status_suggested:
        return f"{status} (suggested)"
    return status


def snapshot_text(snapshot: PlanSnapshot) -> str:
    """The plan, objective by objective, with each activity's update for the period."""
    period = snapshot.period.label if snapshot.period else "no period"
    lines = [f"Plan: {snapshot.plan.title} · period {period}"]
    for objective in snapshot.objectives:
        lines.append(f"\n{objective.position}. {objective.title}")
        for c in objective.commitments:
            retired = f" [retired: {c.retired_reason}]" if c.retired_at else ""
            lines.append(f"\n  {c.ref} [{c.kind}]{retired} " + wrap(c.title, "    ").lstrip())
            for a in c.activities:
                lines += _activity_lines(c, a)
    return "\n".join(lines)


def _activity_lines(c: CommitmentView, a: ActivityView) -> list[str]:
    """One activity of `show`: its name and text, details, status, flags and update."""
    from plandesk.core.plan import activity_label

    label = activity_label(c, a)
    if a.retired_at:
        label += f" [retired: {a.retired_reason}]"
    lines = [f"    {label}: " + wrap(a.text, "      ").lstrip() if a.text else f"    {label}"]
    if a.oversight:
        lines.append("      oversight: " + " ".join(a.oversight.split()))
    if a.lead or a.due:
        due = f" · due {a.due:%d %b %Y}" if a.due else ""
        lines.append(f"      lead: {' '.join(a.lead.split()) or 'none'}{due}")
    if a.done:
        lines.append(f"      done in {a.done_in}")
    if not a.update and _status_of(a):
        lines.append(f"      status: {shown_status(a)}")
    lines += [wrap(f"⚑ {flag.rule}: {flag.detail}", "      ") for flag in a.flags]
    lines += link_lines(a)
    if a.acknowledged:
        ack = a.acknowledged
        lines.append(
            wrap(f"acknowledged by {ack.author} {ack.at:%Y-%m-%d}: {ack.note}", "        ")
        )
    if a.update:
        status = f" [{shown_status(a)}]" if _status_of(a) else ""
        lines.append(f"      update{status}:")
        lines.append(wrap(a.update.text, "        "))
    else:
        expected = " (done: none expected)" if a.done else ""
        lines.append(f"      update: none this period{expected}")
    return lines


# ------------------------------------------------------------------------------ history


def history_json(revisions: Iterable[RevisionView]) -> list[dict[str, Any]]:
    """The `history --format json` document."""
    return [
        {
            "period": r.period_label,
            "version": r.version,
            "author": r.author,
            "at": r.at.isoformat(),
            "source": r.source,
            "before": r.before_text,
            "after": r.after_text,
            "status_before": r.before_status,
            "status_after": r.after_status,
        }
        for r in revisions
    ]


def history_text(qualified_ref: str, plan: PlanInfo, revisions: Sequence[RevisionView]) -> str:
    """Every revision of an activity's updates: when, by whom, the status change, the text."""
    lines = [f"{qualified_ref} in {plan.title}: {counted(len(revisions), 'revisions')}"]
    for r in revisions:
        lines.append(
            f"\n  {r.period_label} v{r.version}  {r.at:%Y-%m-%d %H:%M} UTC"
            f"  {r.author}  ({r.source})"
        )
        if r.before_status != r.after_status and (r.after_status or r.before_status):
            lines.append(f"    status: {r.before_status or '—'} → {r.after_status or '—'}")
        lines.append(wrap(r.after_text, "    "))
    return "\n".join(lines)


# ------------------------------------------------------------------------------ stalled


def flagged(snapshot: PlanSnapshot, *, open_only: bool = False) -> list[Flagged]:
    """Every flagged activity in plan order (with `open_only`, not the acknowledged ones)."""
    return [
        (o, c, a)
        for o in snapshot.objectives
        for c in o.commitments
        for a in c.activities
        if a.flags and not (open_only and a.acknowledged is not None)
    ]


def _name(commitment: CommitmentView, activity: ActivityView) -> str:
    return activity.ref or commitment.ref


def stalled_json(rows: Iterable[Flagged]) -> list[dict[str, Any]]:
    """The `stalled --format json` document."""
    return [
        {
            "ref": _name(c, a),
            "commitment_ref": c.ref,
            "objective": o.title,
            "status": a.status,
            "status_suggested": a.status_suggested,
            "reasons": [{"rule": f.rule, "detail": f.detail} for f in a.flags],
            "reported_under": links_json(a)["reported_under"],
            "acknowledged": (
                {
                    "note": a.acknowledged.note,
                    "author": a.acknowledged.author,
                    "at": a.acknowledged.at.isoformat(),
                }
                if a.acknowledged
                else None
            ),
        }
        for o, c, a in rows
    ]


def _one_line(text: str, width: int = 64) -> str:
    """`text` on one line, cut to `width` with an ellipsis: a table row never breaks."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def stalled_text(snapshot: PlanSnapshot, rows: Sequence[Flagged]) -> str:
    """The flagged activities under their objectives, with reasons and acknowledgements."""
    assert snapshot.period is not None
    open_count = sum(1 for _, _, a in rows if a.acknowledged is None)
    lines = [
        f"Plan: {snapshot.plan.title} · period {snapshot.period.label} · "
        f"{len(rows)} flagged, {open_count} open"
    ]
    current = None
    for o, c, a in rows:
        if o.title != current:
            current = o.title
            lines.append(f"\n{o.title}")
        lines.append(f"  {_name(c, a):<8} {shown_status(a):<19} {_one_line(a.text or c.title)}")
        lines += reported_line(a, "           ")
        lines += [f"           {flag.rule}: {flag.detail}" for flag in a.flags]
        if a.acknowledged:
            ack = a.acknowledged
            lines.append(f"           acknowledged by {ack.author} {ack.at:%Y-%m-%d}: {ack.note}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ settings


def rules_text(path: Path, in_use: bool, config: Any) -> str:
    """Where the rules file is, whether it exists, and every setting's value (a dataclass)."""
    state = "in use" if in_use else "not created yet; the defaults apply"
    lines = [f"rules file: {path} ({state})"]
    for key, value in asdict(config).items():
        shown = ", ".join(value) if isinstance(value, tuple) else value
        lines.append(f"  {key}: {shown}")
    return "\n".join(lines)


def places_text(places: Mapping[str, str]) -> str:
    """`locate`'s table: one place a line."""
    return "\n".join(f"{name:<9} {where}" for name, where in places.items())
