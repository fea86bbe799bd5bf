"""Tree interactions timed the same way in plandesk and in the floor app.

Each step: arm the clock, call the action the key would call (no `pilot.press`: it waits for
the app to go idle, 60–85 ms whatever the app does), then wait for the repaint that shows the
result. The repaint is detected with `call_after_refresh` (`PaintClock.when_painted`: the first
repaint after which no widget has a layout or repaint pending), registered either after the
screen has handled the message the action causes (plandesk: the hook in `bench.app_probe` does
it) or straight after the action (the floor has no handlers). Two numbers per step:

- wall: from the action to that repaint, including Textual's frame cap (a refresh waits for
  the screen's next 1/60 s tick, 0–17 ms; when widgets ask for their repaints one after the
  other, several frames);
- cpu: main-thread CPU time over the same span: the work done for the key (action, handlers,
  layout and render) without the frame-cap wait.

Cursor moves end at the **last** repaint instead (`step_to_last`: every frame the app renders
is noted, and the step ends once none came for `timing.QUIET`), with the number of repaints:
a widget that re-measures after the first repaint costs the officer another frame.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .timing import PaintClock, Profile, Results

__all__ = ["TreeProbe"]


class TreeProbe:
    """Drives a Tree (ours or the floor's) and records how long each step takes to show."""

    def __init__(
        self,
        pilot: Any,
        tree: Any,
        clock: PaintClock,
        results: Results,
        profile: Profile,
        *,
        prefix: str = "",
        expand: Callable[[Any], None],
        highlight_message: type | None = None,
    ) -> None:
        self.pilot = pilot
        self.tree = tree
        self.clock = clock
        self.results = results
        self.profile = profile
        self.prefix = prefix
        self._expand = expand
        self.highlight_message = highlight_message

    @property
    def screen(self) -> Any:
        return self.pilot.app.screen

    async def settle(self) -> None:
        """Let the app finish what it is doing (not timed)."""
        await self.pilot.pause()
        await asyncio.sleep(0.01)

    async def step(self, action: Callable[[], None], expect: type | None) -> tuple[float, float]:
        """Run one action and wait for the repaint that shows it."""
        start = self.clock.arm(expect)
        action()
        if expect is None:
            self.clock.when_painted(self.screen)
        return await self.clock.wait(start)

    async def step_to_last(
        self, action: Callable[[], None], expect: type | None
    ) -> tuple[float, float, int]:
        """Run one action; (wall, CPU) to its **last** repaint, and how many repaints."""
        start = self.clock.arm(expect)
        action()
        if expect is None:
            self.clock.when_painted(self.screen)
        return await self.clock.wait_last(start)

    async def goto(self, node: Any) -> None:
        """Put the cursor on a node and wait until that is shown (not recorded)."""
        self.tree.get_node_at_line(0)  # lines of nodes just added are built lazily
        if self.tree.cursor_node is not node:
            await self.step(lambda: self.tree.move_cursor(node), self.highlight_message)
        await asyncio.sleep(0.01)

    async def expand_objectives(self) -> None:
        """Open every objective, the last first (each adds its commitments' lines)."""
        objectives = list(self.tree.root.children)
        with self.profile.section("expand", f"{self.prefix}expand objectives"):
            for node in reversed(objectives):
                await self.goto(node)
                wall, _cpu = await self.step(lambda n=node: self._expand(n), None)
                self.results.add(f"{self.prefix}expand_objective", wall)
                await asyncio.sleep(0.01)

    async def expand_commitments(self, count: int) -> None:
        """Open the first `count` commitments of the first objective."""
        first = self.tree.root.children[0]
        commitments = [c for c in first.children if c.allow_expand][:count]
        with self.profile.section("expand", f"{self.prefix}expand commitments"):
            for node in commitments:
                await self.goto(node)
                wall, cpu = await self.step(lambda n=node: self._expand(n), None)
                self.results.add(f"{self.prefix}expand_commitment", wall)
                self.results.add(f"{self.prefix}expand_commitment_cpu", cpu)
                await asyncio.sleep(0.01)

    async def cursor(self, presses: int) -> None:
        """`presses` cursor moves from the top, turning back at the last line."""
        tree = self.tree
        tree.move_cursor_to_line(0)
        await self.settle()
        down = True
        with self.profile.section("cursor", f"{self.prefix}cursor moves"):
            for _ in range(presses):
                if tree.cursor_line >= tree.last_line:
                    down = False
                elif tree.cursor_line <= 0:
                    down = True
                action = tree.action_cursor_down if down else tree.action_cursor_up
                wall, cpu, frames = await self.step_to_last(action, self.highlight_message)
                self.results.add(f"{self.prefix}cursor_wall", wall)
                self.results.add(f"{self.prefix}cursor_cpu", cpu)
                self.results.add(f"{self.prefix}cursor_frames", frames)
                # A short gap, as between real key presses; leftovers of one key (messages
                # handled after the repaint) are done before the next.
                await asyncio.sleep(0.005)
        self.results.info[f"{self.prefix}tree_lines"] = tree.last_line + 1
