"""The details pane's cross-references: reported under, what the item links to, and what
refers to it (its own small section, drawn with the rest of the pane)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from plandesk.core.plan import ActivityView
from plandesk.tui.plain import plain

__all__ = ["links_block"]


def links_block(activity: ActivityView) -> Group | None:
    """The section, or None when the activity neither refers nor is referred to."""
    if not (activity.references or activity.referred_by or activity.reported_under):
        return None
    parts: list[RenderableType] = [plain("Cross-references", style="bold underline")]
    if activity.reported_under:
        line = Text("  reported under ", style="bold")
        line.append_text(plain(", ".join(f"{t.ref} ({t.status})" for t in activity.reported_under)))
        parts.append(line)
    shown: list[str] = []
    for link in activity.references:
        word = link.target_ref if link.resolved else f"{link.target_ref} (not in this plan)"
        if word not in shown:
            shown.append(word)
    if shown:
        parts.append(plain(f"  → links to {', '.join(shown)}   (l: follow, backspace: back)"))
    sources: list[str] = []
    for link in activity.referred_by:
        if link.source_ref not in sources:
            sources.append(link.source_ref)
    if sources:
        parts.append(plain(f"  ← referred to by {', '.join(sources)}"))
    parts.append(Text(""))
    return Group(*parts)
