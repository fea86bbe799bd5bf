"""The commands that read a plan: plans, periods, show, history, stalled (oversight: its own
group, `oversight.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from plandesk.cli import plan_render, render
from plandesk.cli.options import (
    CommandDbOption,
    FormatOption,
    IndentOption,
    OutputFormat,
    PeriodOption,
    PlanOption,
    state,
)
from plandesk.cli.output import echo, emit_json

if TYPE_CHECKING:
    from plandesk.core.plan import PlanSnapshot
    from plandesk.store.service import PlanStore

app = typer.Typer()

JSON = OutputFormat.JSON


def snapshot(
    store: PlanStore,
    plan: str | None,
    period: str | None,
    *,
    review: bool = True,
    include_retired: bool = False,
) -> PlanSnapshot:
    """The snapshot of `--plan` at `--period` (defaults: the last plan, its latest period), with
    the plan and its periods read once; `review` runs the stall rules."""
    return store.read_plan(plan, period, review=review, include_retired=include_retired)


@app.command("plans")
def plans_command(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    db: CommandDbOption = None,
) -> None:
    """List the plans, most recently imported first."""
    with state(ctx, db).open_store(reading=True) as store:
        plans = store.plans()
    if fmt is JSON:
        emit_json(render.plans_json(plans), indent)
    else:
        echo(render.plans_text(plans))


@app.command("periods")
def periods_command(
    ctx: typer.Context,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    db: CommandDbOption = None,
) -> None:
    """List a plan's reporting periods."""
    with state(ctx, db).open_store(reading=True) as store:
        info = store.resolve_plan(plan)
        periods = store.periods(info.id)
    if fmt is JSON:
        emit_json(render.periods_json(periods), indent)
    else:
        echo(render.periods_text(info, periods))


@app.command("show")
def show_command(
    ctx: typer.Context,
    plan: PlanOption = None,
    period: PeriodOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    retired: Annotated[
        bool,
        typer.Option("--retired", help="Also list retired commitments and activities (marked)."),
    ] = False,
    suggest: Annotated[
        bool,
        typer.Option(
            "--suggest",
            help="Also run the stall rules: their flags, and the statuses they suggest "
            "where no officer set one (marked suggested).",
        ),
    ] = False,
    db: CommandDbOption = None,
) -> None:
    """Print a plan as written: each activity's update for a period, the status an officer set
    and whether it is done (`--suggest`: with the stall rules' flags and suggested statuses)."""
    shown = None
    if not suggest and plan is None and period is None:
        shown = _plain_snapshot(state(ctx, db).db, retired)
    if shown is None:
        with state(ctx, db).open_store(reading=True) as store:
            # The stall rules cost far more than reading the plan: only `--suggest` pays.
            shown = snapshot(store, plan, period, review=suggest, include_retired=retired)
    if fmt is JSON:
        document = render.snapshot_json(shown)
        emit_json(plan_render.mark_retired(document, shown) if retired else document, indent)
    else:
        echo(render.snapshot_text(shown))


def _plain_snapshot(db: str | None, include_retired: bool) -> PlanSnapshot | None:
    """The latest plan at its latest period read without the SQL stack and the table models
    (`store.plain_snapshot`), when the store would open the SQLite file without a word; None:
    the store reads it."""
    # The app's fast start asks the same of the file (and keeps these names to itself).
    from plandesk.cli.fast_start import opens_quietly, sqlite_path

    path = sqlite_path(db)
    if path is None or not opens_quietly(path):
        return None
    from plandesk.store.plain_snapshot import read_latest_snapshot

    return read_latest_snapshot(path, include_retired=include_retired)


@app.command("history")
def history_command(
    ctx: typer.Context,
    activity_ref: Annotated[
        str | None,
        typer.Argument(
            help="Activity ref, COMMITMENT/ACTIVITY or #ID (retired ones too); "
            "none: every change to the plan itself."
        ),
    ] = None,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    db: CommandDbOption = None,
) -> None:
    """Every recorded change of an activity (its updates, acknowledgements and the activity
    itself), with author and time; without REF, every change to the plan itself."""
    with state(ctx, db).open_store(reading=True) as store:
        info = store.resolve_plan(plan)
        if activity_ref is None:
            changes = store.plan_changes(info.id)
            if fmt is JSON:
                emit_json([plan_render.change_json(c) for c in changes], indent)
            else:
                echo(plan_render.plan_history_text(info, changes))
            return
        match = store.resolve_activity(info.id, activity_ref, include_retired=True)
        revisions = store.history(match.id)
        changes = store.plan_changes(info.id, match.id)
        acks = plan_render.ack_entries(store.acknowledgements(match.id))
    if fmt is JSON:
        emit_json(plan_render.activity_history_json(revisions, changes, acks), indent)
    else:
        echo(plan_render.activity_history_text(match.qualified_ref, info, revisions, changes, acks))


@app.command("stalled")
def stalled_command(
    ctx: typer.Context,
    plan: PlanOption = None,
    period: PeriodOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Leave out flags an officer has acknowledged.")
    ] = False,
    db: CommandDbOption = None,
) -> None:
    """Activities the stall rules flag, with the reasons (words quoted) and acknowledgements."""
    with state(ctx, db).open_store(reading=True) as store:
        shown = snapshot(store, plan, period)
    rows = render.flagged(shown, open_only=open_only)
    if fmt is JSON:
        emit_json(render.stalled_json(rows), indent)
    else:
        echo(render.stalled_text(shown, rows))
