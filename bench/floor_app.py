"""The floor: a bare Textual app with a Tree of the plan's size and a TextArea.

It is what Textual itself costs for the same screen, measured in the same run and the same way
as plandesk (fresh process, clock started before `import textual`, headless `run_test` at the
same size, first paint with the tree filled). Two builds:

- lazy: objectives added at mount, each node's children added the first time it is opened, as
  plandesk's PlanTree does (the fair floor for our start-up);
- eager: every node added at mount, collapsed (for reference).

The tree's labels come from a JSON file the parent writes from the same synthetic plan
(objective titles, `ref title` for commitments, `● ref text` for activities), read inside the
timed start-up as our app reads its database.

Run as `python -m bench.floor_app --shape FILE --mode lazy|eager --out FILE`.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # before anything else: the floor's start-up includes its imports

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

from .timing import PaintClock, Profile, Results, peak_rss_mb  # noqa: E402

__all__ = ["main", "run_floor"]


async def run_floor(
    shape_path: Path,
    mode: str,
    results: Results,
    profile: Profile,
    *,
    t0: float,
    size: tuple[int, int],
    presses: int,
    expands: int,
) -> None:
    """Start the floor app, time its first paint, then the same tree steps as plandesk."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import TextArea, Tree

    from .tree_probe import TreeProbe

    shape = json.loads(shape_path.read_text(encoding="utf-8"))
    clock = PaintClock()
    clock.count_frames()
    eager = mode == "eager"

    def fill(node) -> None:
        """Add a node's children once (lazy build)."""
        if node.children or node.data is None:
            return
        kind, spec = node.data
        if kind == "objective":
            for commitment in spec["commitments"]:
                node.add(Text(commitment["label"]), ("commitment", commitment))
        elif kind == "commitment":
            for label in spec["activities"]:
                node.add_leaf(Text(label), None)

    class FloorTree(Tree):
        def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
            fill(event.node)

    class FloorApp(App[None]):
        CSS = """
        FloorTree { width: 2fr; height: 1fr; }
        TextArea { width: 3fr; height: 1fr; }
        """

        def compose(self) -> ComposeResult:
            with Horizontal():
                yield FloorTree("Plan", id="tree")
                yield TextArea(id="text", soft_wrap=True)

        def on_mount(self) -> None:
            tree = self.query_one(FloorTree)
            tree.show_root = False
            tree.auto_expand = False
            tree.guide_depth = 2
            for objective in shape["objectives"]:
                o_node = tree.root.add(
                    Text(objective["label"], style="bold"), ("objective", objective)
                )
                if eager:
                    for commitment in objective["commitments"]:
                        c_node = o_node.add(Text(commitment["label"]), ("commitment", commitment))
                        for label in commitment["activities"]:
                            c_node.add_leaf(Text(label), None)
            tree.focus()
            self.query_one(TextArea).load_text(shape["objectives"][0]["label"])
            clock.when_painted(self.screen)

    def expand(node) -> None:
        fill(node)
        node.expand()

    clock.arm()
    app = FloorApp()
    profile.begin("startup", f"floor ({mode}) start-up: run_test to first paint")
    async with app.run_test(size=size) as pilot:
        wall, _cpu = await clock.wait((t0, 0.0))
        profile.end()
        results.add(f"floor_{mode}_startup", wall)
        if mode != "lazy":
            return
        tree = app.query_one(FloorTree)
        probe = TreeProbe(pilot, tree, clock, results, profile, prefix="floor_", expand=expand)
        await probe.expand_objectives()
        await probe.expand_commitments(expands)
        await probe.cursor(presses)


def main() -> None:
    """Command line of the floor child."""
    parser = argparse.ArgumentParser(prog="python -m bench.floor_app")
    parser.add_argument("--shape", type=Path, required=True)
    parser.add_argument("--mode", choices=("lazy", "eager"), default="lazy")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--expands", type=int, default=10)
    parser.add_argument("--profile", default=None)
    parser.add_argument("--profile-out", type=Path, default=None)
    args = parser.parse_args()
    results = Results()
    profile = Profile(args.profile, args.profile_out)
    asyncio.run(
        run_floor(
            args.shape,
            args.mode,
            results,
            profile,
            t0=_T0,
            size=(120, 40),
            presses=args.presses,
            expands=args.expands,
        )
    )
    results.add(f"floor_{args.mode}_rss", peak_rss_mb())
    results.write(args.out)
    profile.save()


if __name__ == "__main__":
    main()
