"""Cross-references in `show` and `stalled`: what an activity points at, what points at it,
and the items it is reported under (text and JSON)."""

from __future__ import annotations

from typing import Any

from plandesk.core.plan import ActivityView, CrossLink, reported_under_words

__all__ = ["link_lines", "links_json", "reported_line"]


def _targets(links: tuple[CrossLink, ...]) -> str:
    shown = []
    for link in links:
        ref = link.target_ref if link.resolved else f"{link.target_ref} (not in this plan)"
        if ref not in shown:
            shown.append(ref)
    return ", ".join(shown)


def reported_line(activity: ActivityView, indent: str) -> list[str]:
    """ "reported under 3.1 (On track)" on a line of its own, when it is."""
    words = reported_under_words(activity.reported_under)
    return [f"{indent}{words}"] if words else []


def link_lines(activity: ActivityView, indent: str = "      ") -> list[str]:
    """`show`'s lines for an activity's links: reported under, links to, referred to by."""
    lines = reported_line(activity, indent)
    if activity.references:
        lines.append(f"{indent}links to: {_targets(activity.references)}")
    if activity.referred_by:
        sources = []
        for link in activity.referred_by:
            if link.source_ref not in sources:
                sources.append(link.source_ref)
        lines.append(f"{indent}referred to by: {', '.join(sources)}")
    return lines


def _link(link: CrossLink, *, source: bool) -> dict[str, Any]:
    found: dict[str, Any] = {
        "written": link.written,
        "found_in": link.found_in,
        "target_ref": link.target_ref,
        "resolved": link.resolved,
    }
    if source:
        found["from"] = link.source_ref
    return found


def links_json(activity: ActivityView) -> dict[str, Any]:
    """The activity's links as `show --format json` carries them."""
    return {
        "references": [_link(link, source=False) for link in activity.references],
        "referred_by": [_link(link, source=True) for link in activity.referred_by],
        "reported_under": [
            {"ref": t.ref, "status": t.status, "flagged": t.reason or None}
            for t in activity.reported_under
        ],
    }
