"""The plan summary for circulation: one Markdown document from one plan snapshot.

Pure: a `PlanSnapshot` and the plan's `BodyView`s in, text out; no database, no UI, no clock
(the date printed is `ExportOptions.generated_on`). The same data always gives byte-identical
output: everything is in plan order (objective, commitment and activity positions), counts are
computed, and the only date is the one passed in.

Layout of the document (sections in this order):

1. `# title`, then a list: plan (name, edition), period, previous period, scope, generated on.
   Then `## Contents`: links to the sections below and to each objective.
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
   Commitments are grouped under "Policing element" / "Commissioner's commitments" when the
   plan has both kinds (`exports.progress`).
6. `## Oversight glossary`: the plan's oversight bodies, when it lists any (not in a body's
   pack, nor with `only="changed"`).

Sections, objectives and activities carry explicit anchors (`{#a3-1}`, `exports.anchors`);
the contents, the summary table and the lists of flags and changes link to them. Statuses are
a symbol and a word (`exports.parts.status`). `ExportOptions.public` leaves out every
officer's name and acknowledgements' notes; `ExportOptions.authors` names officers as the
office wants them shown.

All officers' text goes through `plandesk.exports.markdown_text`, so no entry can change the
document's structure or put raw HTML in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from plandesk.core.counts import has_update, is_flagged
from plandesk.core.plan import BodyView, PlanSnapshot
from plandesk.exports.anchors import SECTIONS, Anchors, link
from plandesk.exports.markdown_text import table
from plandesk.exports.parts import Writer, day, plural, t
from plandesk.exports.progress import by_body, by_objective, glossary
from plandesk.exports.scope import (
    STATUS_COLUMNS,
    Document,
    Entry,
    ExportOptions,
    Scope,
    select_scope,
    status_label,
)
from plandesk.exports.sections import changed_section, stalled_section

__all__ = ["build_document", "render_markdown", "write_markdown"]


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
    what += f" ({plural(len(scope.entries), 'activity', 'activities')})"
    if options.only == "stalled" and options.view is None:
        # (A narrowed view says itself which activities it holds.)
        what += "; flagged activities only"
    elif options.only == "changed" and snapshot.previous_period is not None:
        what += f"; only what changed since {snapshot.previous_period.label}"
    return t(what)


def _header(out: Writer, scope: Scope) -> None:
    snapshot = scope.snapshot
    plan = snapshot.plan
    out.heading(1, t(_title(scope)))
    lines = [f"- **Plan:** {t(plan.name)}, edition {t(plan.edition or '(none)')}"]
    if snapshot.period is not None:
        period = snapshot.period
        lines.append(f"- **Period:** {t(period.label)}, {day(period.start)} to {day(period.end)}")
    else:
        lines.append("- **Period:** none (the plan has no reporting periods)")
    if snapshot.previous_period is not None:
        lines.append(f"- **Previous period:** {t(snapshot.previous_period.label)}")
    lines.append(f"- **Scope:** {_scope_text(scope)}")
    lines.append(f"- **Generated on:** {scope.options.generated_on.isoformat()}")
    out.add(*lines)


def _contents(out: Writer, scope: Scope, anchors: Anchors, sections: list[tuple[str, str]]) -> None:
    out.heading(2, f"Contents{anchors.heading(SECTIONS['contents'])}")
    lines = []
    for key, name in sections:
        lines.append(f"- {link(name, SECTIONS[key])}")
        if key == "progress" and scope.body is None:
            for objective in scope.objectives:
                anchor = anchors.objective(objective)
                if anchor:
                    lines.append(
                        f"  - {link(t(f'{objective.position}. {objective.title}'), anchor)}"
                    )
    out.add(*lines)


def _summary(out: Writer, scope: Scope, anchors: Anchors) -> None:
    out.heading(2, f"Summary{anchors.heading(SECTIONS['summary'])}")
    extra = sorted(
        {status_label(e.activity) for e in scope.entries} - set(STATUS_COLUMNS), key=str.casefold
    )
    columns = [*STATUS_COLUMNS, *extra]
    header = [
        "Objective",
        "Activities",
        *(t(c) for c in columns),
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
        [link(t(f"{o.position}. {o.title}"), anchors.objective(o)), *counts(scope.entries_of(o))]
        for o in scope.objectives
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
        notes += f" Updated this period: activities with an update for {t(period.label)}."
    if scope.options.only is not None:
        notes += " The counts cover the whole scope; the sections below list only part of it."
    out.add(notes)


def _sections(scope: Scope, bodies: Sequence[BodyView]) -> list[tuple[str, str]]:
    """The document's sections after the summary, as (key, contents line)."""
    only, previous = scope.options.only, scope.snapshot.previous_period
    found: list[tuple[str, str]] = [("summary", "Summary")]
    if only in (None, "stalled"):
        found.append(("stalled", "Stalled and at risk"))
    if previous is not None and only in (None, "changed"):
        found.append(("changed", f"Changed since {t(previous.label)}"))
    if only in (None, "stalled"):
        if scope.body is not None:
            found.append(("progress", f"Activities overseen by {t(scope.body.name)}"))
        else:
            found.append(("progress", "Progress by objective"))
            if bodies:
                found.append(("glossary", "Oversight glossary"))
    return found


def _write(
    out: Writer,
    snapshot: PlanSnapshot,
    bodies: Sequence[BodyView],
    options: ExportOptions,
    on_title: Callable[[str], None] | None = None,
) -> str:
    """Write the document's blocks to `out` (`on_title` hears the title first); the title."""
    scope = select_scope(snapshot, bodies, options)
    title = " ".join(_title(scope).split())
    if on_title is not None:
        on_title(title)
    sections = _sections(scope, bodies)
    keys = [key for key, _ in sections]
    anchors = Anchors.of(snapshot)
    if "progress" in keys:
        # Headings the document will have, known before the lists that link to them.
        shown = scope.shown
        anchors.shown.update(anchors.activities[e.activity.id] for e in shown)
        if scope.body is None:
            anchors.shown.update(anchors.objectives[e.objective.id] for e in shown)
    _header(out, scope)
    _contents(out, scope, anchors, sections)
    _summary(out, scope, anchors)
    if "stalled" in keys:
        stalled_section(out, scope, anchors)
    if "changed" in keys:
        changed_section(out, scope, anchors)
    if "progress" in keys:
        (by_body if scope.body is not None else by_objective)(out, scope, anchors)
    if "glossary" in keys:
        glossary(out, bodies, anchors)
    return title


def build_document(
    snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions
) -> Document:
    """The document's plain-text title and its Markdown (see the module docstring)."""
    out = Writer()
    title = _write(out, snapshot, bodies, options)
    return Document(title, out.text())


def write_markdown(
    snapshot: PlanSnapshot,
    bodies: Sequence[BodyView],
    options: ExportOptions,
    sink: Callable[[str], None],
    on_title: Callable[[str], None] | None = None,
) -> str:
    """`render_markdown`'s text handed to `sink` piece by piece as it is made (joined, the
    same text), so it is never held whole; returns the document's plain-text title, also
    given to `on_title` before the first piece."""
    title = _write(Writer(sink), snapshot, bodies, options, on_title)
    sink("\n")
    return title


def render_markdown(
    snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions
) -> str:
    """The summary document as CommonMark (with GFM tables and ~~strikethrough~~)."""
    return build_document(snapshot, bodies, options).markdown
