"""Stable anchors for a document's sections, objectives and activities, and links to them.

An activity's anchor is its ref slugified (`A3.1` → `a3-1`); a ref the plan repeats uses the
qualified ref (`A3/A3.1` → `a3-a3-1`), an activity without a ref its label (`b1-activity-1`).
Anchors are computed over the whole snapshot, not the document's scope (`--objective`,
`--only`, `--oversight`), so the same activity has the same anchor in every document made from
the plan. Anchors are written in Markdown as
explicit heading attributes (`##### A3.1 … {#a3-1}`, as Pandoc, kramdown and markdown-it-attrs
read them) and become `id` attributes in the HTML. A slug holds only `a-z`, `0-9` and `-`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from plandesk.core.plan import ActivityView, ObjectiveView, PlanSnapshot, activity_label
from plandesk.core.refs import fold_lookalikes

__all__ = ["SECTIONS", "Anchors", "link", "slug"]

# The document's own sections (reserved before any activity's anchor is chosen).
SECTIONS = {
    "contents": "contents",
    "summary": "summary",
    "stalled": "stalled-and-at-risk",
    "changed": "changed",
    "progress": "progress",
    "glossary": "oversight-glossary",
}


def slug(text: str) -> str:
    """Text as an anchor: look-alike letters folded, accents dropped, lower case, `-` runs."""
    text = unicodedata.normalize("NFKD", fold_lookalikes(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return "-".join(re.findall(r"[a-z0-9]+", text))


def link(text: str, anchor: str | None) -> str:
    """`text` (already escaped) linked to `anchor`, or left as it is when there is none."""
    return f"[{text}](#{anchor})" if anchor else text


@dataclass
class Anchors:
    """Every anchor of one plan; `shown` says which ones the document has a heading for."""

    objectives: dict[int, str] = field(default_factory=dict)
    activities: dict[int, str] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)
    # A commitment's link goes to its first activity (cross-references name commitments).
    commitments: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, snapshot: PlanSnapshot) -> Anchors:
        """The anchors of a plan, the same whichever part of it a document shows."""
        anchors = cls()
        taken = set(SECTIONS.values())

        def unique(wanted: str, fallback: str) -> str:
            name = wanted or fallback
            number = 1
            while name in taken:
                number += 1
                name = f"{wanted or fallback}-{number}"
            taken.add(name)
            return name

        for objective in sorted(snapshot.objectives, key=lambda o: (o.position, o.id)):
            anchors.objectives[objective.id] = unique(
                f"objective-{objective.position}", f"objective-{objective.id}"
            )
        entries = [
            (c, a)
            for o in sorted(snapshot.objectives, key=lambda o: (o.position, o.id))
            for c in sorted(o.commitments, key=lambda c: (c.position, c.id))
            for a in sorted(c.activities, key=lambda a: (a.position, a.id))
        ]
        refs = Counter(slug(a.ref) for _, a in entries if a.ref and slug(a.ref))
        for commitment, activity in entries:
            own = slug(activity.ref or "")
            if own and refs[own] > 1:
                own = slug(f"{commitment.ref}/{activity.ref}")
            elif not own:
                own = slug(activity_label(commitment, activity))
            anchors.activities[activity.id] = unique(own, f"activity-{activity.id}")
            anchors.commitments.setdefault(commitment.id, anchors.activities[activity.id])
        return anchors

    def objective(self, objective: ObjectiveView) -> str | None:
        """The objective's anchor when the document has its heading."""
        anchor = self.objectives.get(objective.id)
        return anchor if anchor in self.shown else None

    def activity(self, activity: ActivityView) -> str | None:
        """The activity's anchor when the document has its heading."""
        anchor = self.activities.get(activity.id)
        return anchor if anchor in self.shown else None

    def target(self, commitment_id: int | None, activity_id: int | None) -> str | None:
        """The anchor a cross-reference to that activity (or commitment) links to, when the
        document has its heading."""
        if activity_id is not None:
            anchor = self.activities.get(activity_id)
        else:
            anchor = self.commitments.get(commitment_id) if commitment_id is not None else None
        return anchor if anchor in self.shown else None

    def heading(self, anchor: str | None) -> str:
        """The explicit-anchor suffix of a heading ("" for none)."""
        return f" {{#{anchor}}}" if anchor else ""
