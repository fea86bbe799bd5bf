"""Clocks shared by the measuring children: wall and main-thread CPU time, repaints, memory.

No plandesk and no Textual imports here: the floor app's process uses it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["QUIET", "PaintClock", "Profile", "Results", "peak_rss_mb"]

# No frame for this long after a key: its repaints are over (Textual draws at most 60 a second,
# and a widget re-measuring after the first repaint asks for the next within a frame or two).
QUIET = 0.06


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


class PaintClock:
    """One event at a time: `arm()`, do something, `await wait()`; `mark()` ends it.

    `mark` is meant to run as a `call_after_refresh` callback, so the time it records is the
    moment the screen showing the change has been rendered (in headless mode Textual renders
    the frame but writes it nowhere).
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.wall = 0.0
        self.cpu = 0.0
        self.error: str | None = None
        self.armed = False
        self.expect: type | None = None
        self.handled = 0.0  # when the expected message had been handled (before the repaint)
        self.reviewed_at = 0.0  # when the app last laid the stall rules' verdicts over the plan
        self.frames: list[tuple[float, float]] = []  # (wall, CPU) of each frame (`count_frames`)

    def arm(self, expect: type | None = None) -> tuple[float, float]:
        """Start an event; returns (wall, main-thread CPU) at the start.

        `expect`: the message whose handling ends the event (a hook calls `mark` after the
        refresh that follows it), or None when the caller registers `mark` itself.
        """
        self._event.clear()
        self.error = None
        self.expect = expect
        self.armed = True
        return time.perf_counter(), time.thread_time()

    def mark(self) -> None:
        """Record the end of the armed event (called after the refresh)."""
        if not self.armed:
            return
        self.wall = time.perf_counter()
        self.cpu = time.thread_time()
        self.armed = False
        self._event.set()

    def when_painted(self, screen: Any) -> None:
        """Mark at the first repaint after which nothing on `screen` waits to be drawn.

        A widget asks the screen for a repaint from its own idle handler, so right after an
        action the screen can look clean for a moment; the first `call_after_refresh` may then
        run before the change is drawn. The check is redone after each refresh until no widget
        and not the screen has a layout or repaint pending (at most 50 frames).
        """
        tries = 0

        def check() -> None:
            nonlocal tries
            if not self.armed:
                return
            if tries < 50 and _pending(screen):
                tries += 1
                screen.call_after_refresh(check)
                return
            self.mark()

        screen.call_after_refresh(check)

    def count_frames(self) -> None:
        """From now on, note every frame the app renders (`App._display`, the one call each
        repaint goes through, also headless where nothing is written): when, and the main
        thread's CPU time then. Installed once per process, before the app runs."""
        from textual.app import App

        original = App._display
        frames = self.frames

        def _display(app: Any, screen: Any, renderable: Any) -> None:
            original(app, screen, renderable)
            if renderable is not None:
                frames.append((time.perf_counter(), time.thread_time()))

        App._display = _display  # type: ignore[method-assign]

    async def wait_last(
        self, start: tuple[float, float], quiet: float = QUIET
    ) -> tuple[float, float, int]:
        """Wait for `mark`, then until no frame came for `quiet` s: (wall to the **last** frame,
        main-thread CPU to it, frames since `start`). A key's later repaints (a widget that
        re-measures after the first) count; `wait` alone stops at the first."""
        wall, cpu = await self.wait(start)
        while True:
            idle = time.perf_counter() - (self.frames[-1][0] if self.frames else 0.0)
            if idle >= quiet:
                break
            await asyncio.sleep(quiet - idle)
        after = [frame for frame in self.frames if frame[0] >= start[0]]
        if not after:
            return wall, cpu, 0
        return after[-1][0] - start[0], after[-1][1] - start[1], len(after)

    def fail(self, text: str) -> None:
        """End the armed event with an error (the app reported a failure)."""
        self.error = text
        self.armed = False
        self._event.set()

    async def wait(self, start: tuple[float, float], timeout: float = 120.0) -> tuple[float, float]:
        """Wait for `mark`; returns (wall seconds, main-thread CPU seconds) since `start`."""
        await asyncio.wait_for(self._event.wait(), timeout)
        if self.error is not None:
            raise RuntimeError(self.error)
        return self.wall - start[0], self.cpu - start[1]


def _pending(screen: Any) -> bool:
    """Whether the screen or any of its widgets still has a layout or repaint to do."""
    flags = ("_layout_required", "_repaint_required", "_scroll_required")
    if getattr(screen, "_dirty_widgets", None) or any(getattr(screen, f, False) for f in flags):
        return True
    return any(
        getattr(widget, "_layout_required", False) or getattr(widget, "_repaint_required", False)
        for widget in screen.walk_children(with_self=False)
    )


@dataclass
class Results:
    """What a measuring child reports: samples per figure (seconds), memory, notes."""

    figures: dict[str, list[float]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        """Add one sample."""
        self.figures.setdefault(name, []).append(value)

    def write(self, path: Path) -> None:
        """Write as JSON for the parent."""
        path.write_text(json.dumps({"figures": self.figures, "info": self.info}))


class Profile:
    """pyinstrument around chosen sections, only when asked (`--profile FIGURE`).

    pyinstrument is imported only when a profile is wanted, so the benchmark runs without it.
    """

    def __init__(self, figure: str | None, out: Path | None) -> None:
        self.figure = figure
        self.out = out
        self._texts: list[str] = []

    @contextlib.contextmanager
    def section(self, figure: str, title: str) -> Iterator[None]:
        """Profile the block when `figure` is the one asked for (main thread only)."""
        if self.figure != figure:
            yield
            return
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        try:
            yield
        finally:
            profiler.stop()
            tree = profiler.output_text(
                unicode=True, color=False, processor_options={"filter_threshold": 0.02}
            )
            flat = profiler.output_text(unicode=True, color=False, flat=True)
            top = "\n".join(flat.strip().splitlines()[:40])
            self._texts.append(
                f"===== {title} =====\n{tree}\n----- {title}: functions by own time -----\n{top}\n"
            )

    def begin(self, figure: str, title: str) -> None:
        """Start profiling a span that is not one block (ended by `end`)."""
        self._open = self.section(figure, title)
        self._open.__enter__()

    def end(self) -> None:
        """End the span `begin` started."""
        opened = getattr(self, "_open", None)
        if opened is not None:
            self._open = None
            opened.__exit__(None, None, None)

    def save(self) -> None:
        """Append the profiles to the output file."""
        if self.out is not None and self._texts:
            with self.out.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(self._texts) + "\n")
