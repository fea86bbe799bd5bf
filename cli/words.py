"""Counts in words for what the commands print: "1 plan", "2 plans", "1 oversight body"."""

from __future__ import annotations

__all__ = ["counted"]


def counted(number: int, noun: str) -> str:
    """`number` and `noun` (written in the plural) agreeing: "1 activity", "3 activities"."""
    if number != 1:
        return f"{number} {noun}"
    if noun.endswith("ies"):
        return f"{number} {noun[:-3]}y"
    return f"{number} {noun.removesuffix('s')}"
