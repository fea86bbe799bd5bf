"""The plandesk app, measured in a fresh process: start-up, then every interactive figure.

The clock starts before `import plandesk.tui` (imports, opening the store and migrating are part
of start-up) and stops at the first repaint after `PlanScreen` handled `Reloaded` (the tree is
filled then). The same process then times, each from the call to the repaint that shows it:

- expand: `PlanTree.action_expand_or_child` on an objective / a commitment (the → key);
- cursor: `action_cursor_down`/`up`, until the **last** repaint after the screen handled
  `NodeHighlighted` (detail pane and editor reloaded): wall, main-thread CPU, repaints;
- search: `PlanScreen.run_search(query)` until `Searched` is handled and the filtered tree shown
  (its last repaint);
- editor: `PlanScreen.action_edit` on an activity, then `action_escape`, each to its last
  repaint;
- switch period: `PlanScreen.load(plan, other period)` until `Reloaded` is handled and shown;
- save: `PlanScreen.save(...)` (store write + re-read of the activity in a worker) until
  `Saved` is handled and shown;
- peak RSS of the process at the end.

When the screen has handled the message the clock waits for is seen through Textual's public
hooks (`run_test(message_hook=...)` and the screen's `message_signal`); every frame the app
renders is noted (`PaintClock.count_frames`), and the figures that say "last repaint" end at the
last frame before `timing.QUIET` without one.

Run as `python -m bench.app_probe --db FILE --out FILE [...]`.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # before anything else: start-up includes the imports

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from .timing import PaintClock, Profile, Results, peak_rss_mb  # noqa: E402

__all__ = ["main", "run_app"]


class ScreenWatch:
    """Notes when the plan screen has handled the message the clock waits for.

    Through Textual's public hooks only: `run_test(message_hook=...)` sees each message just
    before it is handled, which is when this subscribes to the plan screen's `message_signal`
    (published once a message has been handled).
    """

    def __init__(self, app: Any, screen_class: type, clock: PaintClock) -> None:
        self.app = app
        self.screen_class = screen_class
        self.clock = clock
        self.watched: set[int] = set()

    def message_hook(self, message: Any) -> None:
        try:
            screen = self.app.screen
        except Exception:  # noqa: BLE001 - no screen yet (the app is starting)
            return
        if (
            isinstance(screen, self.screen_class)
            and screen.is_running
            and id(screen) not in self.watched
        ):
            self.watched.add(id(screen))
            screen.message_signal.subscribe(screen, self.handled, immediate=True)

    def handled(self, message: Any) -> None:
        from plandesk.tui.screens.plan.messages import Failed, Reviewed, SaveConflicted

        clock = self.clock
        if isinstance(message, Reviewed):
            clock.reviewed_at = time.perf_counter()
        if not clock.armed:
            return
        if clock.expect is not None and isinstance(message, clock.expect):
            clock.handled = time.perf_counter()
            clock.when_painted(self.app.screen)
        elif isinstance(message, (Failed, SaveConflicted)):
            clock.fail(f"the app reported {type(message).__name__}: {message!r}")


async def run_app(args: argparse.Namespace, results: Results, profile: Profile) -> None:
    """Start the app on the database and time everything the officer does."""
    t0 = _T0
    profile.begin("startup", "plandesk start-up (main thread): imports to first paint")
    from textual.widgets import Tree

    from plandesk.store.service import PlanStore
    from plandesk.tui.app import make_app
    from plandesk.tui.screens.plan import PlanScreen
    from plandesk.tui.screens.plan.messages import Reloaded, Saved, Searched

    from .tree_probe import TreeProbe

    t_imports = time.perf_counter()
    clock = PaintClock()
    clock.count_frames()
    store = PlanStore.open(str(args.db))
    t_store = time.perf_counter()
    app = make_app(store, "bench", draft_delay=0)
    watch = ScreenWatch(app, PlanScreen, clock)
    clock.arm(Reloaded)
    async with app.run_test(size=(120, 40), message_hook=watch.message_hook) as pilot:
        wall, _cpu = await clock.wait((t0, 0.0))
        profile.end()
        results.add("startup", wall)
        results.add("startup_imports", t_imports - t0)
        results.add("startup_store_open", t_store - t_imports)
        results.add("startup_loaded", clock.handled - t0)
        screen = app.screen
        assert isinstance(screen, PlanScreen) and screen.view.loaded is not None
        # The stall marks come after the first paint (the rules run then): when were they in?
        for _ in range(3000):
            if screen.view.snapshot.reviewed and clock.reviewed_at:
                break
            await asyncio.sleep(0.01)
        results.add("startup_reviewed", clock.reviewed_at - t0)
        tree = screen.plan_tree
        assert tree.root.children, "the tree is empty after start-up"

        def expand(node: Any) -> None:
            assert tree.cursor_node is node
            tree.action_expand_or_child()

        probe = TreeProbe(
            pilot,
            tree,
            clock,
            results,
            profile,
            expand=expand,
            highlight_message=Tree.NodeHighlighted,
        )
        await probe.expand_objectives()
        await probe.expand_commitments(args.expands)
        await probe.cursor(args.presses)

        # Search: the store's query in a worker, then the tree rebuilt with the matches.
        with profile.section("search", "plandesk search (main thread): run_search to repaint"):
            for label, query in json.loads(args.queries):
                for _ in range(args.reps):
                    start = clock.arm(Searched)
                    screen.run_search(query)
                    wall, cpu, frames = await clock.wait_last(start)
                    results.add(f"search_{label}", wall)
                    results.add(f"search_{label}_cpu", cpu)
                    results.add(f"search_{label}_frames", frames)
                    results.info[f"search_{label}_matches"] = len(screen.view.search_ids or ())
                    await probe.settle()
                    start = clock.arm(Searched)
                    screen.run_search("")
                    wall, _cpu = await clock.wait(start)
                    results.add("search_clear", wall)
                    await probe.settle()

        # The editor: open it on an activity (e), then leave it unchanged (escape), each to
        # its last repaint.
        await probe.goto(next(n for n in tree_activity_nodes(tree)))
        with profile.section("editor", "plandesk editor open and leave (main thread)"):
            for _ in range(args.edits):
                for name, action in (("open", screen.action_edit), ("leave", screen.action_escape)):
                    start = clock.arm()
                    action()
                    clock.when_painted(screen)
                    wall, cpu, frames = await clock.wait_last(start)
                    results.add(f"editor_{name}", wall)
                    results.add(f"editor_{name}_cpu", cpu)
                    results.add(f"editor_{name}_frames", frames)
                    await probe.settle()

        # Switch period: the previous period and back to the latest.
        loaded = screen.view.loaded
        plan_id = loaded.plan.id
        latest = loaded.period.id
        others = [p.id for p in loaded.periods if p.id != latest]
        if others:
            with profile.section("switch", "plandesk switch period (main thread)"):
                for _ in range(args.switches):
                    for period_id in (others[-1], latest):
                        start = clock.arm(Reloaded)
                        screen.load(plan_id, period_id)
                        wall, _cpu = await clock.wait(start)
                        results.add("switch_period", wall)
                        await probe.settle()

        # Save through the screen's worker (store write and re-read), then the labels.
        activity = next(a for a in screen.view.snapshot.activities() if a.ref == args.save_ref)
        with profile.section("save", "plandesk save via the app (main thread)"):
            for i in range(args.saves):
                update = activity.update
                start = clock.arm(Saved)
                screen.save(
                    activity.id,
                    screen.view.period.id,
                    f"Bench save {i}: the board met and agreed the next steps.",
                    update.status if update else "",
                    update.version if update else 0,
                )
                wall, _cpu = await clock.wait(start)
                results.add("save_app", wall)
                await probe.settle()
    results.add("rss_app", peak_rss_mb())
    store.close()


def tree_activity_nodes(tree: Any) -> Any:
    """The tree's open activity nodes, top to bottom."""
    from plandesk.core.plan import ActivityView

    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and isinstance(node.data, ActivityView):
            yield node


def main() -> None:
    """Command line of the app child."""
    parser = argparse.ArgumentParser(prog="python -m bench.app_probe")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--expands", type=int, default=10)
    parser.add_argument("--queries", default='[["word", "victims"]]', help="JSON [[label, q]]")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--switches", type=int, default=2)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--save-ref", required=True)
    parser.add_argument("--profile", default=None)
    parser.add_argument("--profile-out", type=Path, default=None)
    args = parser.parse_args()
    results = Results()
    profile = Profile(args.profile, args.profile_out)
    asyncio.run(run_app(args, results, profile))
    results.write(args.out)
    profile.save()


if __name__ == "__main__":
    main()
