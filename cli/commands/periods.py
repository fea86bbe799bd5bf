"""`plandesk period open`: start the next reporting period and write its updates."""

from __future__ import annotations

from typing import Annotated

import typer

from plandesk.cli.options import CommandDbOption, PlanOption, state
from plandesk.cli.output import echo

app = typer.Typer()
period_app = typer.Typer(help="Open the plan's next reporting period.", no_args_is_help=True)
app.add_typer(period_app, name="period")


@period_app.command("open")
def open_command(
    ctx: typer.Context,
    label: Annotated[
        str | None,
        typer.Argument(
            help='The period ("2020/21 Q3", "Jan 2021 - Mar 2021"); default: the quarter '
            "after the plan's latest period."
        ),
    ] = None,
    plan: PlanOption = None,
    db: CommandDbOption = None,
) -> None:
    """Open a new reporting period: it starts with no updates, beside the previous ones."""
    with state(ctx, db).open_store() as store:
        info = store.resolve_plan(plan)
        opened = store.open_period(info.id, label)
    echo(
        f"opened {opened.label} ({opened.start:%d %b %Y} – {opened.end:%d %b %Y}) "
        f"in {info.title!r}; updates written without --period now go to it"
    )
