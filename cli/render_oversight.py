"""What `plandesk oversight` prints beyond the list: each body's activities as JSON, and an
officer's correction as one line. Pure: view objects in, text or JSON-ready data out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from plandesk.core.boards import BodyLinks
from plandesk.core.plan import PlanChangeView

__all__ = ["change_text", "oversight_links_json"]


def oversight_links_json(bodies: Iterable[BodyLinks]) -> list[dict[str, Any]]:
    """The `oversight --format json` document: each body, its aliases, how many activities it
    oversees (`activities`) and which (`oversees`: ref, label, how the link was made)."""
    return [
        {
            "name": b.body.name,
            "purpose": b.body.purpose,
            "meets": b.body.frequency,
            "notes_published": b.body.notes_published,
            "public_meeting": b.body.public_meeting,
            "area": b.body.area,
            "aliases": list(b.aliases),
            "activities": len(b.links),
            "oversees": [
                {"ref": link.ref, "label": link.label, "how": link.how} for link in b.links
            ],
        }
        for b in bodies
    ]


_VERBS = {
    "oversight link": "linked",
    "oversight unlink": "unlinked",
    "oversight alias add": "alias added for",
    "oversight alias remove": "alias removed from",
}


def change_text(change: PlanChangeView) -> str:
    """One line for a correction: what changed, and the before and after."""
    verb = _VERBS.get(change.action, change.action)
    fields = {**change.before, **change.after}
    detail = ", ".join(
        f"{key}: {change.before.get(key) or '-'} → {change.after.get(key) or '-'}" for key in fields
    )
    return f"{verb} {change.subject}  ({detail})"
