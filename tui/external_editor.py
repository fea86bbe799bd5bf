"""Which program `E` opens the update in: the officer's $VISUAL or $EDITOR, else a friendly
default (nano when it is installed, vi otherwise), and what to tell the officer about it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping

__all__ = ["FALLBACKS", "editor_command"]

# Tried in order when neither variable is set: nano shows its keys on screen; vi is everywhere.
FALLBACKS = ("nano", "vi")


def editor_command(
    environ: Mapping[str, str], which: Callable[[str], str | None] = shutil.which
) -> tuple[str, str | None]:
    """The command line to run, and a notice to show when it is a default the officer did not
    choose (None when $VISUAL or $EDITOR chose it)."""
    chosen = environ.get("VISUAL") or environ.get("EDITOR")
    if chosen and chosen.strip():
        return chosen, None
    for name in FALLBACKS:
        if which(name):
            break
    else:
        name = FALLBACKS[-1]
    return name, f"Opening {name} (set $VISUAL or $EDITOR to use another editor)."
