"""`python -m bench`: every figure at every size, one table. See bench/README.md."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

from .generate import SIZES
from .report import render_table
from .runner import Runner

DEFAULT_RUNS = {"sample": 5, "1k": 5, "10k": 3, "50k": 3}
FIGURES = ("import", "startup", "expand", "cursor", "editor", "search", "switch", "save", "export")


def _versions() -> str:
    parts = [f"Python {platform.python_version()}"]
    for name in ("textual", "sqlmodel", "sqlalchemy"):
        try:
            parts.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - informative only
            pass
    parts.append(f"{os.cpu_count()} CPUs")
    return ", ".join(parts)


def _profile(runner: Runner, key: str, figure: str) -> None:
    """pyinstrument profiles of one figure at one size, printed."""
    plan = runner.prepare(key)
    out = runner.workdir / f"profile-{figure}.txt"
    out.unlink(missing_ok=True)
    flags = ["--profile", figure, "--profile-out", str(out)]
    if figure == "import":
        plan.db.unlink(missing_ok=True)
        runner.import_run(plan, 0, flags)
    else:
        runner.ensure_db(plan)
    if figure in ("startup", "expand", "cursor"):
        runner.floor_run(plan, "lazy", 0, flags)
    if figure in ("startup", "expand", "cursor", "search", "switch", "save"):
        runner.app_run(plan, 0, flags)
    if figure in ("startup", "search", "switch", "save", "export"):
        runner.store_run(plan, 0, flags)
    print(out.read_text(encoding="utf-8") if out.exists() else "(no profile written)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="plandesk benchmark: start-up, navigation, search, save, import and export "
        "at the sample size, 10× and 100×, against a bare Textual floor measured in the same run.",
    )
    parser.add_argument(
        "--sizes",
        default="sample,1k,10k",
        help="comma-separated sizes: sample (100 activities × 2 periods), 1k (×8), 10k (×8), "
        "50k (×8, not by default)",
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="runs per size (default: 5, 5 and 3 at 10k)"
    )
    parser.add_argument(
        "--profile",
        choices=FIGURES,
        default=None,
        help="instead of the table, print pyinstrument profiles of one figure at the largest "
        "size asked for (needs `pip install pyinstrument`)",
    )
    parser.add_argument("--seed", type=int, default=1, help="synthetic plan seed (default 1)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep databases and files here (reused when present) instead of a temporary dir",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)

    keys = [k.strip() for k in args.sizes.split(",") if k.strip()]
    unknown = [k for k in keys if k not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    runner = Runner(args.workdir, args.seed, verbose=not args.quiet)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    try:
        if args.profile:
            try:
                import pyinstrument  # noqa: F401
            except ImportError:
                parser.error("--profile needs pyinstrument: pip install pyinstrument")
            _profile(runner, keys[-1], args.profile)
            return 0
        columns = []
        plans = []
        for key in keys:
            runs = args.runs or DEFAULT_RUNS[key]
            plan = runner.measure(key, runs)
            plans.append((key, runs, plan))
            columns.append((SIZES[key].label, plan.samples))
    finally:
        runner.close()
    elapsed = time.perf_counter() - started
    command = "python -m bench" + (" " + " ".join(sys.argv[1:]) if sys.argv[1:] else "")
    print(f"plandesk benchmark — `{command}` — {_versions()} — {elapsed / 60:.1f} min")
    print(
        f"  load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        "(other work on the machine shows up as noise; compare with the floor rows)"
    )
    for key, runs, plan in plans:
        info = plan.info
        print(
            f"  {SIZES[key].label}: {info['activities']} activities, {info['commitments']} "
            f"commitments, {info['objectives']} objectives, {info['periods']} periods; "
            f"{runs} runs; tree lines in the cursor test {info.get('tree_lines', '?')}; "
            f"search {plan.queries[0][1]!r} → {info.get('search_word_matches', '?')} matches, "
            f"{plan.queries[1][1]!r} → {info.get('search_ref_matches', '?')}; "
            f"export {int(info.get('export_bytes', 0)) / 1e6:.1f} MB"
        )
    print("  cells: median (min–max) over all samples of all runs; times in ms unless marked")
    print()
    print(render_table(columns))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["startup"]:
        # The start-up figure from outside, in a pty (bench/startup.py).
        from .startup import main as startup

        startup(sys.argv[2:])
        sys.exit(0)
    sys.exit(main())
