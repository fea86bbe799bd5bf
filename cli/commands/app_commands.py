"""The commands that open the review app. Only these import Textual, and only when run."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plandesk.cli.options import CommandDbOption, PeriodOption, PlanOption, State, state

if TYPE_CHECKING:
    from plandesk.store.service import PlanStore

app = typer.Typer()


def open_tui(run: State, plan: str | None, period: str | None) -> None:
    """Open the app on `--db`, at a plan and period when given."""
    from plandesk.store.service import current_user

    with run.open_store() as store:
        plan_id = period_id = None
        if plan is not None or period is not None:
            info = store.resolve_plan(plan)
            plan_id = info.id
            period_id = store.resolve_period(info.id, period).id if period else None
        _run_app(store, plan_id, period_id, current_user(None))


def _run_app(
    store: PlanStore,
    plan_id: int | None,
    period_id: int | None,
    author: str,
    *,
    temporary_db: bool = False,
) -> None:
    from plandesk.store.settings import SettingsError, load_settings
    from plandesk.tui import make_app

    try:
        authors = load_settings().authors
    except SettingsError:
        authors = {}  # the exports then name officers by login; the app still opens
    make_app(
        store,
        author,
        plan_id=plan_id,
        period_id=period_id,
        temporary_db=temporary_db,
        authors=authors,
    ).run()


@app.command("tui")
def tui_command(
    ctx: typer.Context,
    plan: PlanOption = None,
    period: PeriodOption = None,
    db: CommandDbOption = None,
) -> None:
    """Open the review app (the same as running plandesk with no command)."""
    open_tui(state(ctx, db), plan, period)


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    keep: Annotated[
        Path | None,
        typer.Option("--keep", help="Keep the demo database at this path instead of a temp file."),
    ] = None,
) -> None:
    """Open the app on a fresh temporary copy of the bundled sample plans."""
    from plandesk.importers import read_document
    from plandesk.samples import ALL
    from plandesk.store.service import current_user

    documents = [read_document(path) for path in ALL]
    with tempfile.TemporaryDirectory(prefix="plandesk-demo-") as tmp:
        target = str(keep.expanduser().resolve()) if keep else str(Path(tmp) / "demo.db")
        with state(ctx).open_store(target) as store:
            if not store.plans():
                store.import_documents(documents, author="sample import")
            _run_app(store, None, None, current_user(None), temporary_db=keep is None)
