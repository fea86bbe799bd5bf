"""Merging two versions of an update by hand: the marker line between them, and its check.

"Merge by hand" puts the saved text and the officer's text in the editor with a marker line
between them. The marker is a reminder, never part of an update: the app refuses to save while
it is there, and so does the store (whatever path the text takes).
"""

from __future__ import annotations

__all__ = [
    "MERGE_MARKER",
    "MERGE_MARKER_REFUSAL",
    "has_merge_marker",
    "merged_text",
]

MERGE_MARKER = "<<<<<<< your text (edit, then ctrl+s) >>>>>>>"

MERGE_MARKER_REFUSAL = (
    "the text still holds the merge marker line "
    f"({MERGE_MARKER}): combine the two texts and delete that line before saving"
)


def merged_text(theirs: str, mine: str) -> str:
    """Their saved text, the marker line, then mine, for the officer to combine."""
    return f"{theirs}\n\n{MERGE_MARKER}\n{mine}"


def has_merge_marker(text: str) -> bool:
    """Whether the merge marker is anywhere in `text` (even with words typed onto its line)."""
    return MERGE_MARKER in text
