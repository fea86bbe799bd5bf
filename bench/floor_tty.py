"""The start-up floor on a real terminal: a bare Textual app showing the plan's objectives.

A lazy `Tree` of the objective titles (children would be added on opening, as `PlanTree`
does) beside a `TextArea`, the titles read from the JSON file the parent wrote, inside the
timed start-up as plandesk reads its database. `bench/startup.py` launches it in a pty.

Run as `python -m bench.floor_tty OBJECTIVES.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import TextArea, Tree

__all__ = ["FloorApp"]


class FloorApp(App[None]):
    """The objectives in a tree, the first one's title in a text area."""

    CSS = """
    Tree { width: 2fr; height: 1fr; }
    TextArea { width: 3fr; height: 1fr; }
    """

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Tree("Plan", id="tree")
            yield TextArea(self.titles[0], id="text", soft_wrap=True)

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        tree.show_root = False
        tree.guide_depth = 2
        for title in self.titles:
            tree.root.add(Text(title.replace("•", " "), style="bold"), expand=False)
        tree.focus()


if __name__ == "__main__":
    FloorApp(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))).run()
