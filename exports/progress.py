"""The summary document's plan tree: progress by objective (or one body's pack), and the
oversight glossary.

Objective › commitment › activity, each with its anchor. A plan with both policing and
Commissioner's commitments (the 2018 report's "Policing element" / "Police and Crime
Commissioner's Commitments") groups each objective's commitments under those two headings.
A commitment title of several lines keeps them: its heading is the ref alone and the title
follows as text, bullets as a list.
"""

from __future__ import annotations

from collections.abc import Sequence

from plandesk.core.counts import is_flagged
from plandesk.core.plan import BodyView, CommitmentView, activity_label
from plandesk.exports.anchors import SECTIONS, Anchors
from plandesk.exports.links import link_facts
from plandesk.exports.markdown_text import block, normalise, one_line, quote, table
from plandesk.exports.parts import Writer, author_of, status, t
from plandesk.exports.scope import Entry, Scope
from plandesk.exports.sections import acknowledged_by

__all__ = ["GROUPS", "by_body", "by_objective", "glossary", "grouped"]

GROUPS = {"policing": "Policing element", "commissioner": "Commissioner's commitments"}


def grouped(scope: Scope) -> bool:
    """Whether the plan has both kinds of commitment (then they are grouped by kind)."""
    kinds = {c.kind for o in scope.snapshot.objectives for c in o.commitments}
    return len(kinds & set(GROUPS)) > 1


def _activity(
    out: Writer,
    scope: Scope,
    anchors: Anchors,
    entry: Entry,
    level: int,
    context: bool,
    groups: bool = False,
) -> None:
    activity = entry.activity
    label = t(activity_label(entry.commitment, activity))
    flagged = " · flagged" if is_flagged(activity) else ""
    shown = status(activity)
    anchor = anchors.heading(anchors.activity(activity))
    out.heading(level, f"{label} · {shown}{flagged}{anchor}")
    text = block(activity.text)
    if text:
        out.add(*text)
    elif activity.stands_for_commitment:
        out.add("*The commitment itself.*")
    facts: list[str] = []
    if context:
        facts.append(f"**Objective:** {t(f'{entry.objective.position}. {entry.objective.title}')}")
        title = one_line(entry.commitment.title, newline=" / ", at_line_start=False)
        facts.append(f"**Commitment:** {t(entry.commitment.ref)} {title}")
        if groups and entry.commitment.kind in GROUPS:
            facts.append(f"**Section:** {GROUPS[entry.commitment.kind]}")
    facts.append(f"**Oversight:** {t(activity.oversight) or 'not stated'}")
    facts.append(f"**Status:** {shown}")
    facts += link_facts(activity, anchors)
    for flag in activity.flags:
        facts.append(f"**Flag, {t(flag.rule)}:** {t(flag.detail)}")
    if activity.acknowledged is not None:
        facts.append(f"**Acknowledged** {acknowledged_by(scope, activity)}")
    out.paragraph_lines(facts)
    period = scope.snapshot.period
    if period is None:
        return
    update = activity.update
    lines = block(update.text) if update is not None else []
    if update is None or not lines:
        out.add(f"*No update for {t(period.label)}.*")
        return
    author = author_of(scope.options, update.author)
    by = f" (by {t(author)})" if author is not None else ""
    out.add(f"**Update for {t(period.label)}**{by}:")
    out.add(*quote(lines))


def _commitment(out: Writer, commitment: CommitmentView, level: int) -> None:
    title = normalise(commitment.title).strip()
    if "\n" not in title:
        out.heading(level, t(f"{commitment.ref} {title}"))
        return
    out.heading(level, t(commitment.ref))
    out.add(*block(title))


def by_objective(out: Writer, scope: Scope, anchors: Anchors) -> None:
    out.heading(2, f"Progress by objective{anchors.heading(SECTIONS['progress'])}")
    shown = scope.shown
    if not shown:
        out.add("No activity matches." if scope.entries else "The plan has no activities.")
        return
    groups = grouped(scope)
    level = 5 if groups else 4
    for objective in scope.objectives:
        entries = [e for e in shown if e.objective.id == objective.id]
        if not entries:
            continue
        anchor = anchors.heading(anchors.objective(objective))
        out.heading(3, f"{t(f'{objective.position}. {objective.title}')}{anchor}")
        commitment_id = kind = None
        for entry in entries:
            c = entry.commitment
            if groups and c.kind != kind:
                kind = c.kind
                out.heading(4, GROUPS.get(kind, t(kind)))
            if c.id != commitment_id:
                commitment_id = c.id
                _commitment(out, c, level)
            _activity(out, scope, anchors, entry, level + 1, context=False)


def by_body(out: Writer, scope: Scope, anchors: Anchors) -> None:
    body = scope.body
    assert body is not None
    out.heading(2, f"Activities overseen by {t(body.name)}{anchors.heading(SECTIONS['progress'])}")
    facts = []
    if body.purpose.strip():
        facts.append(f"**Purpose:** {t(body.purpose)}")
    if body.frequency.strip():
        facts.append(f"**Meets:** {t(body.frequency)}")
    if body.area.strip():
        facts.append(f"**Area:** {t(body.area)}")
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
    groups = grouped(scope)
    for heading, group in (("Flagged", flagged), ("Other activities", others)):
        if group:
            out.heading(3, f"{heading} ({len(group)})")
            for entry in group:
                _activity(out, scope, anchors, entry, 4, context=True, groups=groups)


def glossary(out: Writer, bodies: Sequence[BodyView], anchors: Anchors) -> None:
    """The plan's oversight bodies by area, in the order the plan lists them."""
    out.heading(2, f"Oversight glossary{anchors.heading(SECTIONS['glossary'])}")
    out.add("The meetings and bodies that oversee the plan's activities.")
    areas: dict[str, list[BodyView]] = {}
    for body in sorted(bodies, key=lambda b: b.id):
        areas.setdefault(" ".join(body.area.split()) or "Other", []).append(body)
    header = ["Name", "Purpose", "Meets", "Notes published", "Public meeting", "Activities"]
    for area, members in areas.items():
        out.heading(3, t(area))
        rows = [
            [
                f"**{t(b.name)}**",
                t(b.purpose),
                t(b.frequency) or "not stated",
                "yes" if b.notes_published else "no",
                "yes" if b.public_meeting else "no",
                str(b.activity_count),
            ]
            for b in members
        ]
        out.add(*table(header, rows, ["l", "l", "l", "l", "l", "r"]))
