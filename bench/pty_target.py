"""What `bench.pty_keys` runs in a pseudo-terminal: plandesk, or the bare floor, with counters.

The app runs as an officer runs it (Textual's real driver, writing to a terminal); this
process only records what happened, in its own memory, and writes it to `--log` at exit:

- `key`: a key event reached the app (wall clock, main-thread CPU);
- `paint`: the app wrote a screen update to the terminal (`App._display` with something to
  draw) — one per repaint;
- `layout`: the compositor laid out the whole screen (`Compositor.reflow`), as opposed to
  only re-drawing changed widgets;
- `asks-layout`, `asks-paint`: which widget asked the screen for a layout or a repaint;
- `highlight`: the tree's cursor reached a node (objective, commitment or activity);
- `recompose`: a widget threw its children away and composed new ones (its class is noted).

Nothing the app does is changed: the counters wrap Textual's methods and call them as they
were. Clocks: `time.perf_counter` is the system's monotonic clock, the same in the parent.

Both targets open every objective and then commitments in order until about 150 lines are open
(set-up, not measured), so the cursor moves mostly over activities, then create `--ready`.

    python -m bench.pty_target app --db FILE --log FILE --ready FILE
    python -m bench.pty_target floor --db FILE --log FILE --ready FILE
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["main"]

OPENED_LINES = 150


class Counters:
    """Events with their wall-clock time and the main thread's CPU time."""

    def __init__(self) -> None:
        self.events: list[tuple[str, float, float, str]] = []
        self._cpu_clock = time.pthread_getcpuclockid(threading.main_thread().ident)

    def note(self, kind: str, detail: str = "") -> None:
        cpu = time.clock_gettime(self._cpu_clock)
        self.events.append((kind, time.perf_counter(), cpu, detail))

    def install(self) -> None:
        """Wrap the methods that mark a key, a repaint, a full layout and a recompose."""
        from textual import events
        from textual._compositor import Compositor
        from textual.app import App
        from textual.widget import Widget

        counters = self
        display, on_event = App._display, App.on_event
        reflow, recompose = Compositor.reflow, Widget.recompose

        def _display(app: Any, screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            if renderable is not None:
                counters.note("paint")

        async def _on_event(app: Any, event: Any) -> None:
            if isinstance(event, events.Key) and not event.is_forwarded:
                counters.note("key", event.key)
            await on_event(app, event)

        def _reflow(compositor: Any, parent: Any, size: Any) -> Any:
            counters.note("layout")
            return reflow(compositor, parent, size)

        async def _recompose(widget: Any) -> None:
            counters.note("recompose", type(widget).__name__)
            await recompose(widget)

        from textual.screen import Screen

        on_layout = Screen._on_layout

        async def _on_layout(screen: Any, message: Any) -> None:
            widget = message.widget
            counters.note("asks-layout", f"{type(widget).__name__}#{widget.id}")
            await on_layout(screen, message)

        on_update = Screen._on_update

        async def _on_update(screen: Any, message: Any) -> None:
            widget = message.widget
            counters.note("asks-paint", f"{type(widget).__name__}#{widget.id}")
            await on_update(screen, message)

        Screen._on_layout = _on_layout  # type: ignore[method-assign]
        Screen._on_update = _on_update  # type: ignore[method-assign]
        App._display = _display  # type: ignore[method-assign]
        App.on_event = _on_event  # type: ignore[method-assign]
        Compositor.reflow = _reflow  # type: ignore[method-assign]
        Widget.recompose = _recompose  # type: ignore[method-assign]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.events))


def _open_first(tree: Any, activities: Any, then: Any) -> None:
    """Open objectives, then commitments, until about `OPENED_LINES` lines are open; cursor on
    the first line; then call `then`. (Children are added when the expand is handled, hence
    the steps.) `activities(data)`: how many activities a commitment's node holds."""
    objectives = list(tree.root.children)
    for node in objectives:
        node.expand()

    def commitments() -> None:
        lines = len(objectives)
        for objective in objectives:
            for node in objective.children:
                lines += 1
                if lines < OPENED_LINES and node.allow_expand:
                    node.expand()
                    lines += activities(node.data)
        tree.move_cursor_to_line(0)
        tree.app.set_timer(1.0, then)

    tree.app.set_timer(0.3, commitments)


def run_app(args: argparse.Namespace, counters: Counters) -> None:
    """plandesk as `plandesk tui` opens it (the store, the app's factory, a real terminal)."""
    from textual.widgets import Tree

    from plandesk.store.service import PlanStore
    from plandesk.tui.app import make_app

    store = PlanStore.open(str(args.db))
    app = make_app(store, "bench")

    def wait_for_plan() -> None:
        # Set-up: once the plan and its stall marks are in, open the same nodes as the floor.
        screen = app.screen
        view = getattr(screen, "view", None)
        if view is None or view.loaded is None or not view.loaded.snapshot.reviewed:
            app.set_timer(0.1, wait_for_plan)
            return
        _open_first(screen.plan_tree, lambda c: len(c.activities), args.ready.touch)

        def highlighted(message: Any) -> None:
            if isinstance(message, Tree.NodeHighlighted):
                data = message.node.data
                counters.note("highlight", type(data).__name__.removesuffix("View").lower())

        screen.message_signal.subscribe(screen, highlighted, immediate=True)

    app.call_later(lambda: app.set_timer(0.1, wait_for_plan))
    app.run()
    store.close()


def _read_floor(db: Path) -> list[dict[str, Any]]:
    """The latest plan's objectives, commitments, activities and latest updates, with sqlite3."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    plan_id = con.execute(
        "SELECT id FROM plan ORDER BY imported_at DESC, id DESC LIMIT 1"
    ).fetchone()[0]
    period_id = con.execute(
        "SELECT id FROM period WHERE plan_id = ? ORDER BY start DESC LIMIT 1", (plan_id,)
    ).fetchone()[0]
    updates = dict(
        con.execute(
            "SELECT activity_id, text FROM progress_update WHERE period_id = ?", (period_id,)
        )
    )
    objectives: list[dict[str, Any]] = []
    by_id: dict[int, dict[str, Any]] = {}
    for oid, title in con.execute(
        "SELECT id, title FROM objective WHERE plan_id = ? ORDER BY position", (plan_id,)
    ):
        by_id[oid] = {"title": title, "commitments": []}
        objectives.append(by_id[oid])
    commitments: dict[int, dict[str, Any]] = {}
    for cid, oid, ref, title in con.execute(
        "SELECT id, objective_id, ref, title FROM commitment WHERE plan_id = ? ORDER BY position",
        (plan_id,),
    ):
        commitments[cid] = {"ref": ref, "title": title, "activities": []}
        by_id[oid]["commitments"].append(commitments[cid])
    for aid, cid, ref, text, oversight in con.execute(
        "SELECT id, commitment_id, ref, text, oversight FROM activity WHERE plan_id = ? "
        "ORDER BY position",
        (plan_id,),
    ):
        commitments[cid]["activities"].append(
            {"ref": ref or "", "text": text, "oversight": oversight, "update": updates.get(aid, "")}
        )
    con.close()
    return objectives


def run_floor(args: argparse.Namespace, counters: Counters) -> None:
    """A bare Textual app: a lazy Tree of the same plan and a details Static beside it."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Static, TextArea, Tree

    objectives = _read_floor(args.db)

    def details(data: tuple[str, dict[str, Any]] | None) -> str:
        if data is None:
            return ""
        kind, item = data
        if kind == "objective":
            return item["title"]
        if kind == "commitment":
            lines = [f"{item['ref']} {item['title']}", ""]
            lines += [f"{a['ref']} {a['text'][:80]}" for a in item["activities"]]
            return "\n".join(lines)
        return (
            f"Activity {item['ref']}\n{item['text']}\n\nOversight\n{item['oversight']}\n\n"
            f"This period's update\n{item['update'] or '—'}"
        )

    class FloorTree(Tree):
        def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
            node = event.node
            if node.children or node.data is None:
                return
            kind, item = node.data
            if kind == "objective":
                for c in item["commitments"]:
                    node.add(Text(f"{c['ref']} {c['title'][:60]}"), ("commitment", c))
            elif kind == "commitment":
                for a in item["activities"]:
                    node.add_leaf(Text(f"● {a['ref']} {a['text'][:60]}"), ("activity", a))

    class FloorApp(App[None]):
        CSS = """
        FloorTree { width: 2fr; height: 1fr; }
        Vertical { width: 3fr; height: 1fr; }
        VerticalScroll { height: 1fr; }
        TextArea { height: 1fr; display: none; }
        """
        # The editor's floor: a TextArea shown with the update and focused, then hidden.
        BINDINGS = [Binding("e", "edit", "Edit"), Binding("escape", "leave", "Leave")]

        def compose(self) -> ComposeResult:
            with Horizontal():
                yield FloorTree("Plan", id="tree")
                with Vertical():
                    with VerticalScroll():
                        yield Static(id="details")
                    yield TextArea(id="editor", soft_wrap=True)

        def action_edit(self) -> None:
            node = self.query_one(FloorTree).cursor_node
            data = node.data if node is not None else None
            if data is None or data[0] != "activity":
                return
            editor = self.query_one(TextArea)
            editor.load_text(data[1]["update"])
            editor.display = True
            editor.focus()

        def action_leave(self) -> None:
            self.query_one(TextArea).display = False
            self.query_one(FloorTree).focus()

        def on_mount(self) -> None:
            tree = self.query_one(FloorTree)
            tree.show_root = False
            tree.auto_expand = False
            for objective in objectives:
                tree.root.add(Text(objective["title"], style="bold"), ("objective", objective))
            tree.focus()
            self.call_after_refresh(self.open_first)

        def open_first(self) -> None:
            tree = self.query_one(FloorTree)
            _open_first(tree, lambda data: len(data[1]["activities"]), args.ready.touch)

        def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
            data = event.node.data
            counters.note("highlight", data[0] if data else "none")
            self.query_one("#details", Static).update(details(data))

    FloorApp().run()


def main() -> None:
    """Command line of the terminal child."""
    parser = argparse.ArgumentParser(prog="python -m bench.pty_target")
    parser.add_argument("kind", choices=("app", "floor"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--ready", type=Path, required=True)
    args = parser.parse_args()
    counters = Counters()
    counters.install()
    try:
        (run_app if args.kind == "app" else run_floor)(args, counters)
    finally:
        counters.write(args.log)


if __name__ == "__main__":
    main()
