"""Start-up measured from outside, in a real pseudo-terminal: launch → the last byte of the first
repaint that shows the plan's objectives, for `plandesk --db FILE` and for a bare Textual app
showing the same objectives (`bench/floor_tty.py`), interleaved in one run.

    python -m plandesk.bench startup [--sizes sample,10k,50k] [--runs 7] [--workdir DIR]
                                     [--before SRC] [--cols 120 --rows 36] [--kept]

Each launch is a fresh process on its own pty (`TIOCSWINSZ` set before exec) with
`PLANDESK_HOME` an empty directory and a new `PLANDESK_USER` (no place kept from an earlier
launch). The clock starts just before `fork`; the output is read as it comes, each chunk
stamped, a frame being a burst of chunks less than 8 ms apart. Two figures: *tree*, the last
byte of the first frame holding the first objective's title; *whole*, the last byte of the frame
by which the header's counts and the footer's keys are drawn too (the floor has neither: for
it the two are the same). The process is then killed. With `--kept`, every launch is the same
returning officer, whose place is kept at the first objective's first activity (the tree opens
there, and its text marks the tree; the floor shows its plain tree). `--before SRC` adds the
same launch of another source tree (e.g. an unpacked `git archive` of main in
`SRC/plandesk`, run with `PYTHONPATH=SRC`), for before/after figures from one run. Sizes:
`sample` is the 2018 sample plan (98 activities, 1 period); `10k` and `50k` are synthetic plans
of 10,000 and 50,000 activities over 8 periods (`bench/generate.py`), imported once into
`--workdir`.

Bytecode: each target runs once untimed first, and PYTHONDONTWRITEBYTECODE is taken out of
the launches' environment, so that every module is read from its bytecode cache, as it is
after `pip install` (which writes them all). With the variable set and no cache, each launch
compiles our modules from source (≈ 30 ms more; Textual's are compiled at install).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import sqlite3
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

__all__ = ["launch", "main"]

_PACKAGE = __package__ or "bench"
BURST_GAP = 0.008  # chunks closer than this belong to one frame
TIMEOUT = 30.0
RETURNING = "bench-returning"  # the officer of `--kept`
SIZES = {"sample": None, "10k": (10_000, 8), "50k": (50_000, 8)}


def launch(
    argv: list[str], env: dict[str, str], markers: list[bytes], size: tuple[int, int]
) -> tuple[float, float]:
    """Seconds from fork to the end of the first frame holding `markers[0]` (the tree), and to
    the end of the frame by which every marker has been drawn (the whole first screen)."""
    cols, rows = size
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execvpe(argv[0], argv, env)
    tail = b""
    missing = list(markers)
    tree = None
    burst_end = None  # set while reading a frame that drew a marker
    try:
        while True:
            if time.perf_counter() - start > TIMEOUT:
                raise RuntimeError(f"not all of {missing!r} after {TIMEOUT} s: {argv}")
            ready, _, _ = select.select([fd], [], [], BURST_GAP if burst_end else 0.5)
            if not ready:
                if burst_end is None:
                    continue
                if tree is None and markers[0] not in missing:
                    tree = burst_end - start
                if not missing:
                    return tree, burst_end - start
                burst_end = None
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"exited before showing {missing!r}: {tail!r}")
            stamp = time.perf_counter()
            seen = tail + chunk
            tail = seen[-64:]
            drawn = [m for m in missing if m in seen]
            missing = [m for m in missing if m not in drawn]
            if drawn or burst_end is not None:
                burst_end = stamp
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def _prepare(key: str, workdir: Path, seed: int) -> Path:
    """The size's database (made once per workdir), private as the store makes it."""
    db = workdir / f"startup-{key}.db"
    if db.exists():
        return db
    from plandesk.store.service import PlanStore

    if key == "sample":
        from plandesk.importers import read_document
        from plandesk.samples import ALL

        documents = [read_document(p) for p in ALL if "2018" in Path(p).name]
    else:
        from .generate import synthetic_documents

        activities, periods = SIZES[key]
        documents = synthetic_documents(activities, periods, seed)
    partial = workdir / f"startup-{key}.partial.db"
    partial.unlink(missing_ok=True)
    store = PlanStore.open(str(partial))
    try:
        store.import_documents(documents, author="bench")
    finally:
        store.close()
    partial.rename(db)
    os.chmod(db, 0o600)
    return db


def _objectives(db: Path) -> list[str]:
    """The latest plan's objective titles, in order (what both apps show)."""
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as connection:
        (plan_id,) = connection.execute(
            "SELECT id FROM plan ORDER BY imported_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return [
            t
            for (t,) in connection.execute(
                "SELECT title FROM objective WHERE plan_id = ? ORDER BY position", (plan_id,)
            )
        ]


def _keep_place(db: Path) -> str:
    """Keep `RETURNING`'s place (as the app keeps it) at the latest plan's first activity in
    its last period, and give that activity's text: the tree opens there (scrolled to it, so
    its text is what shows that the tree is drawn)."""
    with sqlite3.connect(db) as connection:
        plan_id, period_id, activity_id, text = connection.execute(
            "SELECT p.id, (SELECT id FROM period WHERE plan_id = p.id "
            '              ORDER BY start DESC, "end" DESC LIMIT 1), a.id, a.text '
            "FROM plan p JOIN objective o ON o.plan_id = p.id "
            "JOIN commitment c ON c.objective_id = o.id JOIN activity a ON a.commitment_id = c.id "
            "WHERE a.retired_at IS NULL AND c.retired_at IS NULL "
            "ORDER BY p.imported_at DESC, p.id DESC, o.position, c.position, a.position LIMIT 1"
        ).fetchone()
        place = json.dumps({"activity": activity_id, "period": period_id, "plan": plan_id})
        connection.execute(
            "INSERT OR REPLACE INTO preference (author, name, value) VALUES (?, 'tui.place', ?)",
            (RETURNING, place),
        )
    return text


def _marker(title: str) -> bytes:
    """A piece of the first objective's title that both apps draw as one run of text."""
    words = []
    for word in title.replace("•", " ").split():
        if not word.isascii() or len(" ".join([*words, word])) > 16:
            break
        words.append(word)
    return " ".join(words or [title[:8]]).encode()


def _median(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def main(argv: list[str] | None = None) -> None:
    """Command line of the start-up figure."""
    parser = argparse.ArgumentParser(prog="python -m plandesk.bench startup")
    parser.add_argument("--sizes", default="sample,10k,50k")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--before", type=Path, default=None, help="another source tree")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cols", type=int, default=120)
    parser.add_argument("--rows", type=int, default=36)
    parser.add_argument(
        "--kept",
        action="store_true",
        help="a returning officer: a place kept at the first objective's first activity",
    )
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="plandesk-startup-"))
    workdir.mkdir(parents=True, exist_ok=True)
    size = (args.cols, args.rows)
    python = sys.executable
    # As on an officer's machine: `pip install` writes every module's bytecode, and a first
    # launch writes what is missing, unless PYTHONDONTWRITEBYTECODE says not to (this
    # environment sets it: each launch would then compile our modules from source, ≈ 30 ms).
    base_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PLANDESK_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    base_env.update(TERM="xterm-256color", COLORTERM="truecolor")
    kinds = {"floor": None, "plandesk": None}
    if args.before is not None:
        kinds["before"] = str(args.before.resolve())
    print(f"start-up in a {args.cols}×{args.rows} pty, {args.runs} runs, workdir {workdir}")
    print(
        f"load average {os.getloadavg()[0]:.1f}; cells: tree / whole first screen, seconds, "
        "median (min–max)"
    )
    print("| size | " + " | ".join(kinds) + " | plandesk ÷ floor |")
    print("|---|" + "---|" * (len(kinds) + 1))
    for key in args.sizes.split(","):
        db = _prepare(key, workdir, args.seed)
        titles = _objectives(db)
        shape = workdir / f"startup-{key}-objectives.json"
        shape.write_text(json.dumps(titles), encoding="utf-8")
        marker = _marker(titles[0])
        kept_marker = _marker(_keep_place(db)) if args.kept else marker
        trees: dict[str, list[float]] = {kind: [] for kind in kinds}
        wholes: dict[str, list[float]] = {kind: [] for kind in kinds}
        for run in range(-1, args.runs):  # run -1: untimed, writes the bytecode caches
            for kind, source in kinds.items():
                home = Path(tempfile.mkdtemp(prefix="home-", dir=workdir))
                user = RETURNING if args.kept else f"bench-{kind}-{run}-{time.time_ns()}"
                env = dict(base_env, PLANDESK_HOME=str(home), PLANDESK_USER=user)
                markers = [marker]
                if kind == "floor":
                    command = [python, "-m", f"{_PACKAGE}.floor_tty", str(shape)]
                else:
                    command = [python, "-m", "plandesk", "--db", str(db)]
                    # The tree (at the kept activity with --kept), the header, the footer.
                    markers = [kept_marker, " activities · ".encode(), b"Quit"]
                    if source is not None:
                        env["PYTHONPATH"] = source
                tree, whole = launch(command, env, markers, size)
                if run >= 0:
                    trees[kind].append(tree)
                    wholes[kind].append(whole)
        cells = " | ".join(f"{_median(trees[k])} / {_median(wholes[k])}" for k in kinds)
        ratios = [
            statistics.median(found["plandesk"]) / statistics.median(found["floor"])
            for found in (trees, wholes)
        ]
        print(f"| {key} | {cells} | {ratios[0]:.2f}× / {ratios[1]:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
