"""Measuring children for the store-side figures: import, export, search and save.

- `python -m bench.measure import --activities N --periods P --seed S --db FILE --out FILE`:
  builds the synthetic documents (not timed), opens a fresh SQLite file (created and migrated,
  not timed) and times `PlanStore.import_documents` of every period in one call; then writes
  the latest period as an Excel tracker (not timed) and times reading it into grids
  (`bench/workbook.py`).
- `python -m bench.measure store --db FILE --out FILE ...`: in a fresh process, times the
  whole-plan export (`snapshot`, `oversight` and `render_markdown` separately), `search` and
  `save_update` called directly on the store, and reports the process's peak RSS.

With `--profile FIGURE`, the matching section runs under pyinstrument; for the figures the app
computes in a worker thread (start-up, switch, search, save), the worker's store calls are
replayed here on the main thread so the profile sees them.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from .timing import Profile, Results, peak_rss_mb

__all__ = ["main", "run_import", "run_store"]


def run_import(args: argparse.Namespace, results: Results, profile: Profile) -> None:
    """Time one import of every period into a fresh database file."""
    from plandesk.store.service import PlanStore

    from .generate import synthetic_documents

    documents = synthetic_documents(args.activities, args.periods, args.seed)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    store = PlanStore.open(str(args.db))
    with profile.section("import", "PlanStore.import_documents (all periods)"):
        start = time.perf_counter()
        reports = store.import_documents(documents, author="bench")
        results.add("import", time.perf_counter() - start)
    results.add("rss_import", peak_rss_mb())
    results.info["import_created"] = {
        kind: sum(r.created.get(kind, 0) for r in reports)
        for kind in ("activities", "updates", "oversight links")
    }
    store.close()
    # After the import's RSS: the workbook's own cost must not show up as the import's.
    from .workbook import time_workbook_read

    time_workbook_read(documents[-1], Path(f"{args.db}.xlsx"), results)


def _replay_worker(store, figure: str, profile: Profile, plan_id: int, period_id: int, args):
    """The store calls an app worker makes for `figure`, on this thread, under the profiler."""
    title = f"store calls of the app's worker for '{figure}' (replayed on the main thread)"
    with profile.section(figure, title):
        if figure in ("startup", "switch"):
            # PlanScreen.load
            plans = store.plans()
            plan = next(p for p in plans if p.id == plan_id)
            store.periods(plan.id)
            store.snapshot(plan.id, period_id)
            store.oversight(plan.id)
            store.drafts(plan.id, "bench")
        elif figure == "search":
            for _label, query in json.loads(args.queries):
                store.search(plan_id, period_id, query)
        elif figure == "save":
            # PlanScreen.save: the write, then the activity re-read with its flags.
            match = store.resolve_activity(plan_id, args.save_ref)
            current = store.update_for(match.id, period_id)
            store.save_update(
                match.id,
                period_id,
                "Bench save (profile): the board met again.",
                author="bench",
                expected_version=current.version if current else 0,
                source="tui",
            )
            store.activity_view(plan_id, period_id, match.id)


def _forget_verdicts(store) -> None:
    """Empty the store's review cache (what a fresh import leaves for the latest period)."""
    from sqlmodel import Session

    from plandesk.store.models import ReviewCache

    with Session(store.engine) as session:
        session.exec(ReviewCache.__table__.delete())
        session.commit()


def run_store(args: argparse.Namespace, results: Results, profile: Profile) -> None:
    """Export, search and save on the store, in a fresh process."""
    from plandesk.exports import ExportOptions, render_markdown
    from plandesk.store.service import PlanStore

    store = PlanStore.open(str(args.db))
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)

    # First with no stall verdicts kept (as right after an import: the rules run and their
    # verdicts are stored), then again (as any later export, `stalled` or app start).
    _forget_verdicts(store)
    for prefix, title in (("export_cold_", "first, verdicts worked out"), ("export_", "again")):
        with profile.section("export", f"export ({title}): snapshot + oversight + render"):
            t0 = time.perf_counter()
            snapshot = store.snapshot(plan.id, period.id)
            t1 = time.perf_counter()
            bodies = store.oversight(plan.id)
            t2 = time.perf_counter()
            options = ExportOptions(generated_on=date(2026, 1, 1))
            markdown = render_markdown(snapshot, bodies, options)
            t3 = time.perf_counter()
        results.add(f"{prefix}snapshot", t1 - t0)
        results.add(f"{prefix}oversight", t2 - t1)
        results.add(f"{prefix}render", t3 - t2)
        results.add(f"{prefix}total", t3 - t0)
        results.info["export_bytes"] = len(markdown.encode("utf-8"))
        del markdown, snapshot
    results.add("rss_export", peak_rss_mb())

    for label, query in json.loads(args.queries):
        for _ in range(args.reps):
            start = time.perf_counter()
            ids = store.search(plan.id, period.id, query)
            results.add(f"search_store_{label}", time.perf_counter() - start)
            results.info[f"search_store_{label}_matches"] = len(ids)

    match = store.resolve_activity(plan.id, args.save_ref)
    for i in range(args.saves):
        current = store.update_for(match.id, period.id)
        start = time.perf_counter()
        store.save_update(
            match.id,
            period.id,
            f"Bench store save {i}: the board met and agreed the next steps.",
            author="bench",
            expected_version=current.version if current else 0,
        )
        results.add("save_store", time.perf_counter() - start)

    if profile.figure in ("startup", "switch", "search", "save"):
        _replay_worker(store, profile.figure, profile, plan.id, period.id, args)
    store.close()


def main() -> None:
    """Command line of the store-side children."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("kind", choices=("import", "store"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--periods", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", default='[["word", "victims"]]', help="JSON [[label, q]]")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--save-ref", default="A1.1")
    parser.add_argument("--profile", default=None)
    parser.add_argument("--profile-out", type=Path, default=None)
    args = parser.parse_args()
    results = Results()
    profile = Profile(args.profile, args.profile_out)
    if args.kind == "import":
        run_import(args, results, profile)
    else:
        run_store(args, results, profile)
    results.write(args.out)
    profile.save()


if __name__ == "__main__":
    main()
