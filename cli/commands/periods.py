"""`plandesk period open|close|reopen`: the quarterly cycle of the plan's reporting periods."""

from __future__ import annotations

from typing import Annotated

import typer

from plandesk.cli.options import AsOption, CommandDbOption, PlanOption, state, valid_text
from plandesk.cli.output import echo

app = typer.Typer()
period_app = typer.Typer(
    help="Open, close and reopen the plan's reporting periods.", no_args_is_help=True
)
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
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Open a new reporting period: it starts with no updates, beside the previous ones."""
    from plandesk.store.service import current_user

    with state(ctx, db).open_store() as store:
        info = store.resolve_plan(plan)
        opened = store.open_period(info.id, label, author=current_user(author))
    echo(
        f"opened {opened.label} ({opened.start:%d %b %Y} – {opened.end:%d %b %Y}) "
        f"in {info.title!r}; updates written without --period now go to it"
    )


@period_app.command("close")
def close_command(
    ctx: typer.Context,
    label: Annotated[
        str | None,
        typer.Argument(help="The period to close; default: the plan's latest open period."),
    ] = None,
    plan: PlanOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Close a period once it has gone to the Panel: its updates, statuses and
    acknowledgements can no longer change."""
    from plandesk.store.service import current_user

    with state(ctx, db).open_store() as store:
        info = store.resolve_plan(plan)
        closed = store.close_period(info.id, label, author=current_user(author))
    echo(
        f"closed {closed.label} in {info.title!r}; its updates can no longer change "
        f'(plandesk period reopen "{closed.label}" --reason … unlocks it)'
    )


@period_app.command("reopen")
def reopen_command(
    ctx: typer.Context,
    label: Annotated[str, typer.Argument(help="The closed period to reopen.")],
    reason: Annotated[
        str,
        typer.Option(
            "--reason", help="Why it is reopened (kept in the plan's history).", callback=valid_text
        ),
    ],
    plan: PlanOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Reopen a closed period so its updates can change again, saying why."""
    from plandesk.store.service import current_user

    with state(ctx, db).open_store() as store:
        info = store.resolve_plan(plan)
        opened = store.reopen_period(info.id, label, reason=reason, author=current_user(author))
    echo(f"reopened {opened.label} in {info.title!r}; its updates can change again")
