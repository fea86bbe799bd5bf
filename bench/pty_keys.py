"""Keys measured from outside: plandesk and a bare floor app in a real pseudo-terminal.

Each target (`bench.pty_target`) runs as an officer would run it, in a pty of a fixed size.
This parent writes a key, then reads the terminal until it has been quiet for `QUIET` seconds:
the figure is from the write to the **last byte** of the repaint. The target's own counters
(written at its exit) say, per key, how many repaints it wrote, how many full layouts and
recomposes it made, and its main-thread CPU time from the key to its last repaint.

Per run, the floor then plandesk, each in a fresh process: two moves down (onto the first
activity), `--edits` times `e` (open the editor) and `escape` (leave it), then `--moves` moves
down. Moves are told apart by where the cursor lands (the target notes it): *a→a* from an
activity to the next (only the content changes), *other* to or from an objective or commitment
(the editor comes or goes). Cells are `median (min–max)` over every key of every run.

    python -m bench.pty_keys --db FILE [--runs 3] [--moves 80] [--edits 8] [--size 120x40]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

__all__ = ["main"]

KEY_NAMES = ("move a→a", "move other", "move", "edit", "leave")
QUIET = 0.3  # seconds without output that end a repaint
READY_WITHIN = 600.0  # seconds for a target to load its plan (10k on a busy machine)
LONGEST = 5.0  # a key whose output goes on longer than this is cut there
DOWN, EDIT, ESCAPE = b"\x1b[B", b"e", b"\x1b"
_CWD = Path(__file__).resolve().parent.parent


class Terminal:
    """One target process on a pseudo-terminal, read continuously."""

    def __init__(self, argv: list[str], size: tuple[int, int], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=_CWD, start_new_session=True
        )
        os.close(slave)
        self.fd = master
        self.received = 0

    def drain(self, quiet: float, longest: float = LONGEST) -> float:
        """Read until nothing came for `quiet` s; the time of the last byte (0.0: none came)."""
        last = 0.0
        deadline = time.perf_counter() + longest
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                break
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            last = time.perf_counter()
            self.received += len(chunk)
        return last

    def key(self, data: bytes) -> tuple[float, float]:
        """Write a key; (when written, when its last byte came)."""
        written = time.perf_counter()
        os.write(self.fd, data)
        return written, self.drain(QUIET)

    def close(self) -> None:
        """Quit with ctrl+q; stop the process if it does not end."""
        try:
            os.write(self.fd, b"\x11")
            end = time.perf_counter() + 10
            while self.process.poll() is None and time.perf_counter() < end:
                self.drain(0.1, 0.5)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            os.close(self.fd)


def run_target(kind: str, args: argparse.Namespace, workdir: Path) -> list[dict[str, object]]:
    """One process of `kind`: its keys, each with outside and inside figures."""
    log, ready = workdir / f"{kind}.log.json", workdir / f"{kind}.ready"
    log.unlink(missing_ok=True)
    ready.unlink(missing_ok=True)
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "TERM": "xterm-256color", "PLANDESK_HOME": str(home)}
    env.pop("PLANDESK_DB", None)
    # Each process on its own copy: a draft or a remembered place left by one run (a key taken
    # as typing on a loaded machine) must not change what the next one opens on.
    db = workdir / f"{kind}.db"
    shutil.copyfile(args.db, db)
    argv = [args.python, "-m", "bench.pty_target", kind, "--db", str(db)]
    argv += ["--log", str(log), "--ready", str(ready)]
    terminal = Terminal(argv, args.size, env)
    keys: list[tuple[str, float, float]] = []
    try:
        end = time.perf_counter() + READY_WITHIN
        while not ready.exists() and time.perf_counter() < end:
            terminal.drain(0.1, 0.5)
        if not ready.exists():
            raise RuntimeError(f"{kind} never got ready")
        terminal.drain(QUIET)
        plan = [("move", DOWN)] * 2
        plan += [("edit", EDIT), ("leave", ESCAPE)] * args.edits
        plan += [("move", DOWN)] * args.moves
        for name, data in plan:
            written, last = terminal.key(data)
            keys.append((name, written, last))
            time.sleep(0.05)
    finally:
        terminal.close()
    events = json.loads(log.read_text()) if log.exists() else []
    return _per_key(keys, events)


def _per_key(keys: list[tuple[str, float, float]], events: list) -> list[dict[str, object]]:
    """Split the target's events at each key it received and pair them with the keys written."""
    segments: list[list] = []
    for event in events:
        if event[0] == "key":
            segments.append([event])
        elif segments:
            segments[-1].append(event)
    rows = []
    kind = ""  # the node the cursor was on
    for (name, written, last), segment in zip(keys, segments, strict=False):
        key_event = segment[0]
        paints = [e for e in segment if e[0] == "paint"]
        reached = [e[3] for e in segment if e[0] == "highlight"]
        if name == "move" and reached:
            # Between two activities only the content changes; from or to an objective or a
            # commitment the editor comes or goes (the layout changes on purpose).
            name = "move a→a" if kind == reached[-1] == "activity" else "move other"
        kind = reached[-1] if reached else kind
        rows.append(
            {
                "key": name,
                "last_byte": (last - written) if last else None,
                "paints": len(paints),
                "layouts": sum(1 for e in segment if e[0] == "layout"),
                "recomposes": [e[3] for e in segment if e[0] == "recompose"],
                "cpu": (paints[-1][2] - key_event[2]) if paints else 0.0,
            }
        )
    return rows


def _cell(values: list[float], scale: float = 1000.0, digits: int = 0) -> str:
    if not values:
        return "—"
    median = statistics.median(values) * scale
    return (
        f"{median:.{digits}f} ({min(values) * scale:.{digits}f}–{max(values) * scale:.{digits}f})"
    )


def summarize(rows: dict[str, list[dict[str, object]]]) -> str:
    """The table: one line per target and kind of key."""
    out = [
        "| target | key | n | last byte, ms | CPU to last repaint, ms | repaints | full "
        "layouts | recomposed |",
        "|---|---|---:|---|---|---|---|---|",
    ]
    medians: dict[tuple[str, str], float] = {}
    for target, target_rows in rows.items():
        for name in KEY_NAMES:
            chosen = [r for r in target_rows if r["key"] == name]
            if not chosen:
                continue
            last = [r["last_byte"] for r in chosen if r["last_byte"] is not None]
            recomposed = sorted({w for r in chosen for w in r["recomposes"]})
            if last:
                medians[(target, name)] = statistics.median(last)
            out.append(
                f"| {target} | {name} | {len(chosen)} | {_cell(last)} | "
                f"{_cell([r['cpu'] for r in chosen])} | "
                f"{_cell([r['paints'] for r in chosen], 1)} | "
                f"{_cell([r['layouts'] for r in chosen], 1)} | {', '.join(recomposed) or '—'} |"
            )
    for name in KEY_NAMES:
        if ("app", name) in medians and ("floor", name) in medians:
            ratio = medians[("app", name)] / medians[("floor", name)]
            out.append(f"\n{name}: plandesk / floor = {ratio:.2f}× (medians of the last byte)")
    return "\n".join(out)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.pty_keys")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--moves", type=int, default=80)
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--size", default="120x40", help="COLUMNSxLINES")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the interpreter the targets run with (another plandesk install: before/after)",
    )
    parser.add_argument("--targets", default="floor,app", help="floor,app or one of them")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the targets' logs")
    parser.add_argument("--out", type=Path, default=None, help="also write every key as JSON")
    args = parser.parse_args()
    columns, lines = (int(n) for n in args.size.split("x"))
    args.size = (columns, lines)
    args.db = args.db.resolve()
    rows: dict[str, list[dict[str, object]]] = {k: [] for k in args.targets.split(",")}
    with tempfile.TemporaryDirectory(prefix="plandesk-pty-") as tmp:
        if args.workdir is not None:
            args.workdir.mkdir(parents=True, exist_ok=True)
            tmp = str(args.workdir)
        for run in range(args.runs):
            for kind in args.targets.split(","):
                print(f"run {run + 1}/{args.runs}: {kind}", file=sys.stderr, flush=True)
                rows[kind] += run_target(kind, args, Path(tmp))
    if args.out is not None:
        args.out.write_text(json.dumps(rows))
    print(summarize(rows))


if __name__ == "__main__":
    main()
