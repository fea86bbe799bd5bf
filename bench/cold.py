"""Store calls and read commands replayed cold: each in a fresh process, nothing cached.

`python -m bench.cold CALL --db FILE --out FILE …` empties the review cache (with the standard
library's `sqlite3`, before anything of plandesk is imported), then times, in this one process,
importing the store, opening it and making one call — what a command or an app worker pays the
first time, not the second. CALL is one of `CALLS`.

`time_command(argv, env)` times a whole command from outside (a fresh `python -m plandesk …`
or the import floor) and returns its wall time and its own peak RSS (`os.wait4`).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path

from .timing import Results, peak_rss_mb

__all__ = ["CALLS", "forget_verdicts", "main", "time_command"]

CALLS = ("plans", "read_plan", "read_plan_rules", "load", "search", "save", "export")


def forget_verdicts(db: Path) -> None:
    """Empty the review cache, as right after an import: nothing judged is kept."""
    connection = sqlite3.connect(db)
    try:
        connection.execute("DELETE FROM review_cache")
        connection.commit()
    finally:
        connection.close()


def time_command(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command in a fresh process, output discarded."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed (exit {child.returncode}):\n{error[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def _call(store, call: str, args: argparse.Namespace, results: Results) -> None:
    """The store calls of one command or app worker (see README: "cold")."""
    if call == "plans":
        store.plans()
    elif call == "read_plan":  # `show`: the plan as written, no stall rules
        store.read_plan(review=False)
    elif call == "read_plan_rules":  # `stalled`, `chase`, `export`: the rules run
        store.read_plan()
    elif call == "load":  # the app's PlanScreen.load
        plan = store.plans()[0]
        period = store.periods(plan.id)[-1]
        store.snapshot(plan.id, period.id)
        store.oversight(plan.id)
        store.drafts(plan.id, "bench")
    elif call == "search":
        plan = store.resolve_plan()
        period = store.resolve_period(plan.id)
        for label, query in json.loads(args.queries):
            start = time.perf_counter()
            store.search(plan.id, period.id, query)
            results.add(f"cold_search_{label}", time.perf_counter() - start)
    elif call == "save":  # PlanScreen.save: the write, then the activity re-read with flags
        plan = store.resolve_plan()
        period = store.resolve_period(plan.id)
        match = store.resolve_activity(plan.id, args.save_ref)
        current = store.update_for(match.id, period.id)
        store.save_update(
            match.id,
            period.id,
            f"Bench cold save at {time.time():.6f}: the board met again.",
            author="bench",
            expected_version=current.version if current else 0,
            source="tui",
        )
        store.activity_view(plan.id, period.id, match.id)
    elif call == "export":  # `plandesk export -o FILE`: read, then the document streamed
        from datetime import date

        from plandesk.exports import ExportOptions
        from plandesk.exports.formats import write_export
        from plandesk.exports.writing import atomic_stream

        shown = store.read_plan()
        bodies = store.oversight(shown.plan.id)
        options = ExportOptions(generated_on=date(2026, 1, 1))
        with atomic_stream(Path(f"{args.db}.cold.md")) as stream:
            results.info["export_bytes"] = write_export("md", shown, bodies, options, stream)
    else:
        raise SystemExit(f"unknown call {call!r}; choose from {', '.join(CALLS)}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cold")
    parser.add_argument("call", choices=CALLS)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--queries", default='[["word", "victims"]]', help="JSON [[label, q]]")
    parser.add_argument("--save-ref", default="A1.1")
    args = parser.parse_args()
    forget_verdicts(args.db)
    results = Results()
    start = time.perf_counter()
    from plandesk.store.service import PlanStore

    imported = time.perf_counter()
    store = PlanStore.open(str(args.db), create=False)
    opened = time.perf_counter()
    _call(store, args.call, args, results)
    done = time.perf_counter()
    store.close()
    results.add("cold_imports", imported - start)
    results.add("cold_open", opened - imported)
    if args.call != "search":
        results.add(f"cold_{args.call}", done - opened)
    results.add(f"rss_cold_{args.call}", peak_rss_mb())
    results.write(args.out)


if __name__ == "__main__":
    main()
