"""Runs the measuring children for each size and gathers their samples.

For each size: the synthetic plan is generated, then
1. `import` N times, each in a fresh process into a fresh SQLite file (the first run's file is
   kept for the rest of this run: the cached database);
2. N rounds of, each in its own fresh process and interleaved so drift hits all alike: the lazy
   floor, the eager floor, the app (start-up then every interactive figure), the store (export,
   search, save), then every store call cold (a process each, nothing cached) and the read
   commands timed from outside with the import floor.
Samples of one figure are pooled over the runs (per-process figures give one sample per run;
cursor moves give 200 per run, and so on).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from plandesk.core.text import shorten

from .cold import CALLS, forget_verdicts, time_command
from .generate import GENERATOR_VERSION, SIZES, Size, plan_shape

__all__ = ["Plan", "Runner"]

_PACKAGE = __package__ or "bench"
# Where `python -m <package>.<child>` finds the package: for `bench` run from the repo root, the
# repo root; for `plandesk.bench`, anywhere (plandesk is installed).
_CWD = Path(__file__).resolve().parent.parent
TITLE_WIDTH = 60


def _short(text: str, width: int = TITLE_WIDTH) -> str:
    """A title as the plan tree shows it (`plandesk.tui.widgets.plan_tree`): bullets as spaces."""
    return shorten(text.replace("•", " "), width)


@dataclass
class Plan:
    """One size's generated plan and what the children need to know about it."""

    size: Size
    seed: int
    shape_path: Path
    db: Path
    queries: list[tuple[str, str]]
    save_ref: str
    samples: dict[str, list[float]] = field(default_factory=dict)
    info: dict[str, object] = field(default_factory=dict)

    def add(self, figures: dict[str, list[float]], info: dict[str, object]) -> None:
        for key, values in figures.items():
            self.samples.setdefault(key, []).extend(values)
        self.info.update(info)


class Runner:
    """Spawns the children in a work directory and collects their results."""

    def __init__(self, workdir: Path | None, seed: int, verbose: bool = True) -> None:
        self.own_workdir = workdir is None
        if workdir is None:
            workdir = Path(tempfile.mkdtemp(prefix="plandesk-bench-"))
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.seed = seed
        self.verbose = verbose
        home = self.workdir / "home"
        home.mkdir(exist_ok=True)
        # Default stall rules, nothing of the user's: the children get their own PLANDESK_HOME.
        self.env = {**os.environ, "PLANDESK_HOME": str(home), "PLANDESK_USER": "bench"}
        self.env.pop("PLANDESK_DB", None)
        # Byte-code cached as an installed app has it, but outside the source tree: without
        # this, PYTHONDONTWRITEBYTECODE=1 (set on these machines) makes every start-up compile
        # plandesk's modules again.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        self._counter = 0
        self._warmed = False

    def close(self) -> None:
        """Remove the work directory when it is ours."""
        if self.own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def log(self, text: str) -> None:
        if self.verbose:
            print(text, file=sys.stderr, flush=True)

    # ----------------------------------------------------------------- plans

    def prepare(self, key: str) -> Plan:
        """Generate a size's plan shape (labels for the floor) and pick queries."""
        size = SIZES[key]
        shape = plan_shape(size.activities, self.seed)
        objectives = []
        refs = []
        for o in shape:
            commitments = []
            for c in o.commitments:
                labels = []
                for a in c.activities:
                    text = a.text or "(the commitment itself)"
                    labels.append(f"● {a.ref} {_short(text)}" if a.ref else f"● {_short(text)}")
                    if a.ref:
                        refs.append(a.ref)
                commitments.append({"label": f"{c.ref} {_short(c.title)}", "activities": labels})
            objectives.append({"label": o.title, "commitments": commitments})
        shape_path = self.workdir / f"{key}-shape.json"
        shape_path.write_text(json.dumps({"objectives": objectives}), encoding="utf-8")
        ref = refs[len(refs) // 2]
        return Plan(
            size=size,
            seed=self.seed,
            shape_path=shape_path,
            db=self.workdir / f"{key}-seed{self.seed}-v{GENERATOR_VERSION}.db",
            queries=[("word", "victims"), ("ref", ref)],
            save_ref=ref,
            info={
                "objectives": len(shape),
                "commitments": sum(len(o.commitments) for o in shape),
                "activities": size.activities,
                "periods": size.periods,
            },
        )

    # ----------------------------------------------------------------- children

    def warm(self) -> None:
        """Compile every module the children import once (not timed)."""
        if self._warmed:
            return
        self._warmed = True
        modules = [
            "plandesk.tui.app",
            "plandesk.cli",
            "plandesk.exports",
            "plandesk.importers.panel_report",
            "plandesk.importers.quarterly_extract",
            "plandesk.importers.excel",
            "plandesk.core.rules.engine",
            f"{_PACKAGE}.app_probe",
            f"{_PACKAGE}.floor_app",
            f"{_PACKAGE}.measure",
            f"{_PACKAGE}.tree_probe",
            f"{_PACKAGE}.generate",
            f"{_PACKAGE}.workbook",
        ]
        code = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
        subprocess.run([sys.executable, "-c", code], cwd=_CWD, env=self.env, check=True)

    def child(self, module: str, *args: str, what: str) -> dict:
        """Run `python -m bench.<module> …` and return its JSON results."""
        self.warm()
        self._counter += 1
        out = self.workdir / f"result-{self._counter}.json"
        command = [sys.executable, "-m", f"{_PACKAGE}.{module}", *args, "--out", str(out)]
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=_CWD, env=self.env, capture_output=True, text=True, timeout=1800
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0 or not out.exists():
            tail = f"{done.stderr[-4000:]}\n{done.stdout[-2000:]}"
            raise RuntimeError(f"{what} failed (exit {done.returncode}):\n{tail}")
        self.log(f"  {what}: {elapsed:.1f} s")
        data = json.loads(out.read_text())
        out.unlink()
        return data

    def import_run(self, plan: Plan, run: int, profile: list[str] = ()) -> None:
        """One timed import into a fresh file (the first run makes the cached database)."""
        keep = run == 0 and not plan.db.exists()
        target = plan.db if keep else self.workdir / f"{plan.size.key}-import.db"
        data = self.child(
            "measure",
            "import",
            "--db",
            str(target),
            "--activities",
            str(plan.size.activities),
            "--periods",
            str(plan.size.periods),
            "--seed",
            str(plan.seed),
            *profile,
            what=f"[{plan.size.key}] import {run + 1}",
        )
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        plan.add(data["figures"], data["info"])

    def ensure_db(self, plan: Plan) -> None:
        """The cached database, imported once if this run has not made it yet."""
        if not plan.db.exists():
            self.import_run(plan, 0)

    def floor_run(self, plan: Plan, mode: str, run: int, profile: list[str] = ()) -> None:
        data = self.child(
            "floor_app",
            "--shape",
            str(plan.shape_path),
            "--mode",
            mode,
            *profile,
            what=f"[{plan.size.key}] floor {mode} {run + 1}",
        )
        plan.add(data["figures"], data["info"])

    def app_run(self, plan: Plan, run: int, profile: list[str] = ()) -> None:
        big = plan.size.activities >= 10_000
        data = self.child(
            "app_probe",
            "--db",
            str(plan.db),
            "--queries",
            json.dumps(plan.queries),
            "--save-ref",
            plan.save_ref,
            "--reps",
            "2" if big else "3",
            "--switches",
            "1" if big else "2",
            *profile,
            what=f"[{plan.size.key}] app {run + 1}",
        )
        plan.add(data["figures"], data["info"])

    def store_run(self, plan: Plan, run: int, profile: list[str] = ()) -> None:
        data = self.child(
            "measure",
            "store",
            "--db",
            str(plan.db),
            "--queries",
            json.dumps(plan.queries),
            "--save-ref",
            plan.save_ref,
            *profile,
            what=f"[{plan.size.key}] store {run + 1}",
        )
        plan.add(data["figures"], data["info"])

    def cold_run(self, plan: Plan, run: int) -> None:
        """Each store call in a fresh process of its own with nothing cached (`bench/cold.py`),
        then whole read commands timed from outside, paired with the import floor."""
        for call in CALLS:
            data = self.child(
                "cold",
                call,
                "--db",
                str(plan.db),
                "--queries",
                json.dumps(plan.queries),
                "--save-ref",
                plan.save_ref,
                what=f"[{plan.size.key}] cold {call} {run + 1}",
            )
            plan.add(data["figures"], data["info"])
        exported = self.workdir / f"{plan.size.key}-export.md"
        plandesk = [sys.executable, "-m", "plandesk", "--db", str(plan.db)]
        commands = {
            "floor_import": [sys.executable, "-c", "import typer, sqlmodel"],
            "cmd_show_json": [*plandesk, "show", "--format", "json"],
            "cmd_export": [*plandesk, "export", "-o", str(exported), "--date", "2026-01-01"],
        }
        for key, argv in commands.items():
            forget_verdicts(plan.db)
            wall, rss = time_command(argv, self.env, _CWD)
            plan.add({key: [wall], f"rss_{key}": [rss]}, {})
        exported.unlink(missing_ok=True)
        self.log(f"  [{plan.size.key}] commands {run + 1}: show, export, floor")

    def measure(self, key: str, runs: int) -> Plan:
        """Every figure of one size, `runs` times."""
        plan = self.prepare(key)
        self.log(
            f"[{key}] {plan.info['activities']} activities, {plan.info['commitments']} commitments,"
            f" {plan.info['objectives']} objectives, {plan.info['periods']} periods"
        )
        for run in range(runs):
            self.import_run(plan, run)
        for run in range(runs):
            self.floor_run(plan, "lazy", run)
            self.floor_run(plan, "eager", run)
            self.app_run(plan, run)
            self.store_run(plan, run)
            self.cold_run(plan, run)
        return plan
