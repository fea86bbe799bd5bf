"""Cross-references in the documents: "reported under 3.1 (On track)", what an activity links
to and what refers to it, each ref linked to the target's heading when the document has one."""

from __future__ import annotations

from plandesk.core.plan import ActivityView, CrossLink
from plandesk.exports.anchors import Anchors, link
from plandesk.exports.parts import t

__all__ = ["link_facts", "reported_under_text"]


def _targets(links: tuple[CrossLink, ...], anchors: Anchors) -> str:
    shown: dict[str, str] = {}
    for one in links:
        if one.target_ref in shown:
            continue
        if one.resolved:
            anchor = anchors.target(one.target_commitment_id, one.target_activity_id)
            shown[one.target_ref] = link(t(one.target_ref), anchor)
        else:
            shown[one.target_ref] = f"{t(one.target_ref)} (not in this plan)"
    return ", ".join(shown.values())


def reported_under_text(activity: ActivityView, anchors: Anchors) -> str:
    """ "reported under [3.1](#3-1) (On track)", or "" when it reports for itself."""
    if not activity.reported_under:
        return ""
    return "reported under " + ", ".join(
        f"{link(t(r.ref), anchors.target(r.commitment_id, r.activity_id))} ({t(r.status)})"
        for r in activity.reported_under
    )


def link_facts(activity: ActivityView, anchors: Anchors) -> list[str]:
    """The facts lines of an activity's links, for the progress section."""
    facts = []
    reported = reported_under_text(activity, anchors)
    if reported:
        facts.append(f"**Reported under:** {reported.removeprefix('reported under ')}")
    if activity.references:
        facts.append(f"**Links to:** {_targets(activity.references, anchors)}")
    if activity.referred_by:
        sources: dict[str, str] = {}
        for one in activity.referred_by:
            if one.source_ref not in sources:
                sources[one.source_ref] = link(
                    t(one.source_ref), anchors.target(None, one.source_id)
                )
        facts.append(f"**Referred to by:** {', '.join(sources.values())}")
    return facts
