"""The plan summary for circulation: one Markdown document from one plan snapshot.

Pure: a `PlanSnapshot` and the plan's `BodyView`s in, text out; no database, no UI, no clock
(the date printed is `ExportOptions.generated_on`). The same data always gives byte-identical
output: everything is in plan order (objective, commitment and activity positions), counts are
computed, and the only date is the one passed in.

Layout of the document (sections in this order):

1. `# title`, then a list: plan (name, edition), period, previous period, scope, generated on.
2. `## Summary`: a table with one row per objective in scope and a total row: activities,
   counts by status, flagged (open flags) and updated this period.
3. `## Stalled and at risk`: every activity with open flags and each flag's reason, then the
   acknowledged ones with who acknowledged them and their note. (Not with `only="changed"`.)
4. `## Changed since <previous period>`: each changed update as a word diff (deleted words
   `~~struck~~`, inserted words `**bold**`), then new updates and updates not repeated. Only
   when there is a previous period, and not with `only="stalled"`.
5. `## Progress by objective`: objective › commitment › activity with ref, text, oversight,
   status, flags and this period's update as a block quote. With `oversight=BODY` it is
   `## Activities overseen by BODY` instead: the body's details, then its activities, flagged
   ones first. Not with `only="changed"` (the changes section is the document then).

All officers' text goes through `plandesk.exports.markdown_text`, so no entry can change the
document's structure or put raw HTML in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import lru_cache

from plandesk.core.counts import has_update, is_flagged
from plandesk.core.plan import ActivityView, BodyView, PlanSnapshot, activity_label
from plandesk.exports.markdown_text import block, join_hard_breaks, one_line, quote, table
from plandesk.exports.scope import (
    STATUS_COLUMNS,
    Document,
    Entry,
    ExportOptions,
    Scope,
    change_of,
    select_scope,
    status_label,
)
from plandesk.exports.word_diff import diff_lines

__all__ = ["build_document", "render_markdown"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Most inline text repeats (statuses, period labels, flag rules, oversight): a big plan asks
# for ~20k distinct strings in ~140k calls.
@lru_cache(maxsize=4096)
def _t(text: str) -> str:
    """Officer text for an inline place in the middle of a line."""
    return one_line(text, at_line_start=False)


def _status(activity: ActivityView) -> str:
    """The status as the document shows it: one the stall rules inferred says so."""
    label = status_label(activity)
    return _t(f"{label} (suggested)" if activity.status and activity.status_suggested else label)


def _day(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _moment(value: datetime) -> str:
    """A timestamp as a UTC date (naive values are taken to be UTC already)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value:%Y-%m-%d}"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# ------------------------------------------------------------------------------ rendering


class _Writer:
    """Markdown blocks, separated by exactly one blank line."""

    def __init__(self) -> None:
        # Each block kept as one string, not a list of lines: a big plan has ~100k blocks, and
        # that many live lists would set off a full garbage collection of the whole snapshot.
        self.blocks: list[str] = []

    def add(self, *lines: str) -> None:
        if lines:
            self.blocks.append("\n".join(lines))

    def heading(self, level: int, text: str) -> None:
        self.add(f"{'#' * level} {text}")

    def paragraph_lines(self, lines: list[str]) -> None:
        if lines:
            self.add(*join_hard_breaks(lines))

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def _title(scope: Scope) -> str:
    snapshot = scope.snapshot
    period = snapshot.period.label if snapshot.period else "no period"
    plan = snapshot.plan.title
    if scope.body is not None:
        return f"{scope.body.name}: oversight pack, {plan}, {period}"
    return f"{plan}: progress report, {period}"


def _scope_text(scope: Scope) -> str:
    options, snapshot = scope.options, scope.snapshot
    if scope.body is not None:
        what = f"activities overseen by {scope.body.name}"
    elif options.objective is not None and scope.objectives:
        objective = scope.objectives[0]
        what = f"objective {objective.position}, {objective.title}"
    elif options.view is not None:
        what = options.view
    else:
        what = "the whole plan"
    what += f" ({_plural(len(scope.entries), 'activity', 'activities')})"
    if options.only == "stalled" and options.view is None:
        # (A narrowed view says itself which activities it holds.)
        what += "; flagged activities only"
    elif options.only == "changed" and snapshot.previous_period is not None:
        what += f"; only what changed since {snapshot.previous_period.label}"
    return _t(what)


def _header(out: _Writer, scope: Scope) -> None:
    snapshot = scope.snapshot
    plan = snapshot.plan
    out.heading(1, _t(_title(scope)))
    lines = [f"- **Plan:** {_t(plan.name)}, edition {_t(plan.edition or '(none)')}"]
    if snapshot.period is not None:
        period = snapshot.period
        lines.append(
            f"- **Period:** {_t(period.label)}, {_day(period.start)} to {_day(period.end)}"
        )
    else:
        lines.append("- **Period:** none (the plan has no reporting periods)")
    if snapshot.previous_period is not None:
        lines.append(f"- **Previous period:** {_t(snapshot.previous_period.label)}")
    lines.append(f"- **Scope:** {_scope_text(scope)}")
    lines.append(f"- **Generated on:** {scope.options.generated_on.isoformat()}")
    out.add(*lines)


def _summary(out: _Writer, scope: Scope) -> None:
    out.heading(2, "Summary")
    extra = sorted(
        {status_label(e.activity) for e in scope.entries} - set(STATUS_COLUMNS), key=str.casefold
    )
    columns = [*STATUS_COLUMNS, *extra]
    header = [
        "Objective",
        "Activities",
        *(_t(c) for c in columns),
        "Flagged",
        "Updated this period",
    ]
    align = ["l"] + ["r"] * (len(header) - 1)

    def counts(entries: list[Entry]) -> list[str]:
        statuses = Counter(status_label(e.activity) for e in entries)
        return [
            str(len(entries)),
            *(str(statuses[c]) for c in columns),
            str(sum(1 for e in entries if is_flagged(e.activity))),
            str(sum(1 for e in entries if has_update(e.activity))),
        ]

    rows = [
        [_t(f"{o.position}. {o.title}"), *counts(scope.entries_of(o))] for o in scope.objectives
    ]
    rows.append(["**Total**", *(f"**{n}**" for n in counts(list(scope.entries)))])
    out.add(*table(header, rows, align))
    period = scope.snapshot.period
    notes = (
        "Status counts include statuses the stall rules suggest where no officer set one "
        "(marked *(suggested)* below). Flagged counts open flags (not yet acknowledged), an "
        "officer-set At risk or Stalled among them."
    )
    if period is not None:
        notes += f" Updated this period: activities with an update for {_t(period.label)}."
    if scope.options.only is not None:
        notes += " The counts cover the whole scope; the sections below list only part of it."
    out.add(notes)


def _where(entry: Entry) -> str:
    """Commitment and objective of an entry, for lists outside the plan tree (escaped)."""
    return f"commitment {_t(entry.commitment.ref)}, objective {entry.objective.position}"


def _flag_lines(activity: ActivityView, indent: str) -> list[str]:
    return [f"{indent}- **{_t(flag.rule)}:** {_t(flag.detail)}" for flag in activity.flags]


def _stalled(out: _Writer, scope: Scope) -> None:
    out.heading(2, "Stalled and at risk")
    flagged = [e for e in scope.entries if e.activity.flags]
    open_ = [e for e in flagged if e.activity.open_flags]
    acknowledged = [e for e in flagged if not e.activity.open_flags]
    if not flagged:
        out.add("Nothing is flagged.")
        return
    out.add(
        f"{_plural(len(open_), 'activity has', 'activities have')} open flags; "
        f"{len(acknowledged)} acknowledged."
    )
    if open_:
        out.heading(3, "Open flags")
        lines: list[str] = []
        for e in open_:
            label = _t(activity_label(e.commitment, e.activity))
            lines.append(f"- **{label}** · {_status(e.activity)} · {_where(e)}")
            lines += _flag_lines(e.activity, "  ")
        out.add(*lines)
    if acknowledged:
        out.heading(3, "Acknowledged")
        lines = []
        for e in acknowledged:
            ack = e.activity.acknowledged
            assert ack is not None
            label = _t(activity_label(e.commitment, e.activity))
            lines.append(
                f"- **{label}** · {_status(e.activity)} · {_where(e)} · *acknowledged* "
                f"by {_t(ack.author)} on {_moment(ack.at)}: "
                f"{_t(ack.note)}"
            )
            lines += _flag_lines(e.activity, "  ")
        out.add(*lines)


def _changed(out: _Writer, scope: Scope) -> None:
    snapshot = scope.snapshot
    previous = snapshot.previous_period
    assert previous is not None
    out.heading(2, f"Changed since {_t(previous.label)}")
    kinds: dict[str, list[Entry]] = {"changed": [], "new": [], "dropped": []}
    for e in scope.entries:
        change = change_of(snapshot, e.activity)
        if change is not None:
            kinds[change].append(e)
    if not any(kinds.values()):
        out.add(f"No update changed since {_t(previous.label)}.")
        return
    summary = (
        f"Updates since {_t(previous.label)}: {len(kinds['changed'])} changed, "
        f"{len(kinds['new'])} new, {len(kinds['dropped'])} not repeated (an update last period, "
        "none this period)."
    )
    if kinds["changed"]:
        summary += " Deleted words are ~~struck through~~, new words **in bold**."
    out.add(summary)
    if kinds["changed"]:
        out.heading(3, "Changed updates")
        for e in kinds["changed"]:
            activity = e.activity
            label = _t(activity_label(e.commitment, activity))
            out.heading(4, f"{label} · {_where(e)}")
            text = _t(activity.text)
            old = activity.previous.status if activity.previous else ""
            new = activity.update.status if activity.update else ""
            facts = [f"**Activity:** {text}" if text else "**Activity:** the commitment itself"]
            facts.append(f"**Status:** {_status(activity)}")
            if old.casefold() != new.casefold():
                facts.append(
                    f"**Status set by officer:** {_t(new or 'none')} (was {_t(old or 'none')})"
                )
            if activity.open_flags:
                facts.append(f"**Flagged:** {_flag_summary(activity)}")
            out.paragraph_lines(facts)
            out.add(*quote(diff_lines(activity.previous.text, activity.update.text)))
    for kind, heading in (
        ("new", "New updates this period"),
        ("dropped", f"No update this period (had one in {_t(previous.label)})"),
    ):
        if kinds[kind]:
            out.heading(3, heading)
            out.add(
                *(
                    f"- **{_t(activity_label(e.commitment, e.activity))}"
                    f"** · {_status(e.activity)} · {_where(e)}"
                    for e in kinds[kind]
                )
            )


def _flag_summary(activity: ActivityView) -> str:
    return "; ".join(f"{_t(f.rule)}: {_t(f.detail)}" for f in activity.flags)


def _activity(out: _Writer, scope: Scope, entry: Entry, level: int, context: bool) -> None:
    activity = entry.activity
    label = _t(activity_label(entry.commitment, activity))
    flagged = " · flagged" if is_flagged(activity) else ""
    status = _status(activity)
    out.heading(level, f"{label} · {status}{flagged}")
    text = block(activity.text)
    if text:
        out.add(*text)
    elif activity.stands_for_commitment:
        out.add("*The commitment itself.*")
    facts: list[str] = []
    if context:
        facts.append(f"**Objective:** {_t(f'{entry.objective.position}. {entry.objective.title}')}")
        facts.append(f"**Commitment:** {_t(f'{entry.commitment.ref} {entry.commitment.title}')}")
    facts.append(f"**Oversight:** {_t(activity.oversight) or 'not stated'}")
    facts.append(f"**Status:** {status}")
    for flag in activity.flags:
        facts.append(f"**Flag, {_t(flag.rule)}:** {_t(flag.detail)}")
    if activity.acknowledged is not None:
        ack = activity.acknowledged
        facts.append(f"**Acknowledged** by {_t(ack.author)} on {_moment(ack.at)}: {_t(ack.note)}")
    out.paragraph_lines(facts)
    period = scope.snapshot.period
    if period is None:
        return
    update = activity.update
    lines = block(update.text) if update is not None else []
    if update is None or not lines:
        out.add(f"*No update for {_t(period.label)}.*")
        return
    out.add(f"**Update for {_t(period.label)}** (by {_t(update.author)}):")
    out.add(*quote(lines))


def _by_objective(out: _Writer, scope: Scope) -> None:
    out.heading(2, "Progress by objective")
    shown = scope.shown
    if not shown:
        out.add("No activity matches." if scope.entries else "The plan has no activities.")
        return
    for objective in scope.objectives:
        entries = [e for e in shown if e.objective.id == objective.id]
        if not entries:
            continue
        out.heading(3, _t(f"{objective.position}. {objective.title}"))
        commitment_id = None
        for entry in entries:
            if entry.commitment.id != commitment_id:
                commitment_id = entry.commitment.id
                c = entry.commitment
                out.heading(4, _t(f"{c.ref} {c.title}"))
            _activity(out, scope, entry, 5, context=False)


def _for_body(out: _Writer, scope: Scope) -> None:
    body = scope.body
    assert body is not None
    out.heading(2, f"Activities overseen by {_t(body.name)}")
    facts = []
    if body.purpose.strip():
        facts.append(f"**Purpose:** {_t(body.purpose)}")
    if body.frequency.strip():
        facts.append(f"**Meets:** {_t(body.frequency)}")
    if body.area.strip():
        facts.append(f"**Area:** {_t(body.area)}")
    facts.append(
        f"**Notes published:** {'yes' if body.notes_published else 'no'} · "
        f"**Public meeting:** {'yes' if body.public_meeting else 'no'}"
    )
    out.paragraph_lines(facts)
    shown = scope.shown
    if not shown:
        out.add("No activity matches.")
        return
    flagged = [e for e in shown if is_flagged(e.activity)]
    others = [e for e in shown if not is_flagged(e.activity)]
    for heading, group in (("Flagged", flagged), ("Other activities", others)):
        if group:
            out.heading(3, f"{heading} ({len(group)})")
            for entry in group:
                _activity(out, scope, entry, 4, context=True)


def build_document(
    snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions
) -> Document:
    """The document's plain-text title and its Markdown (see the module docstring)."""
    scope = select_scope(snapshot, bodies, options)
    out = _Writer()
    _header(out, scope)
    _summary(out, scope)
    only = options.only
    if only in (None, "stalled"):
        _stalled(out, scope)
    if only == "changed" or (only is None and snapshot.previous_period is not None):
        _changed(out, scope)
    if only in (None, "stalled"):
        (_for_body if scope.body is not None else _by_objective)(out, scope)
    return Document(" ".join(_title(scope).split()), out.text())


def render_markdown(
    snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions
) -> str:
    """The summary document as CommonMark (with GFM tables and ~~strikethrough~~)."""
    return build_document(snapshot, bodies, options).markdown
