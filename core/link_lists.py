"""A plan's cross-reference links sorted by the activity that points and the ones pointed at.

Pure, and free of the SQL stack: both readers of a snapshot (the store's and `show`'s plain
`sqlite3` one) lay links over their views with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from plandesk.core.plan import CrossLink

__all__ = ["distribute", "link_of_row"]


def link_of_row(
    source: int,
    activity_ref: str | None,
    commitment_ref: str | None,
    found_in: str,
    period_id: int | None,
    written: str,
    target_ref: str,
    target_commitment_id: int | None,
    target_activity_id: int | None,
) -> CrossLink:
    """One stored link as a view, named by the item that points."""
    # A commitment's title points from the commitment, whichever activity holds the row.
    own = commitment_ref if found_in == "commitment" else activity_ref or commitment_ref
    source_ref = " ".join((own or f"#{source}").split())
    return CrossLink(
        source,
        source_ref,
        found_in,
        period_id,
        written,
        target_ref,
        target_commitment_id,
        target_activity_id,
    )


def distribute(
    links: Iterable[CrossLink], commitment_of: dict[int, int]
) -> tuple[dict[int, list[CrossLink]], dict[int, list[CrossLink]]]:
    """Links by the activity that points, and by each activity pointed at (an activity is
    pointed at through its commitment too); `commitment_of` maps activity id → commitment."""
    references: dict[int, list[CrossLink]] = defaultdict(list)
    referred: dict[int, list[CrossLink]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    for activity_id, commitment_id in commitment_of.items():
        members[commitment_id].append(activity_id)
    for link in links:
        references[link.source_id].append(link)
        targets = (
            set(members.get(link.target_commitment_id, ())) if link.target_commitment_id else set()
        )
        if link.target_activity_id is not None:
            targets.add(link.target_activity_id)
        for target in targets:
            if target != link.source_id:
                referred[target].append(link)
    return references, referred
