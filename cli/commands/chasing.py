"""`plandesk chase`: per lead, the activities that still owe an update for a period."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from plandesk.cli import render_chase
from plandesk.cli.errors import CommandError
from plandesk.cli.options import (
    CommandDbOption,
    IndentOption,
    PeriodOption,
    PlanOption,
    choice,
    state,
)
from plandesk.cli.output import echo, emit_json

app = typer.Typer()


class ChaseFormat(StrEnum):
    """`chase --format`: Markdown too, to paste into an email."""

    TEXT = "text"
    JSON = "json"
    MD = "md"


@app.command("chase")
def chase_command(
    ctx: typer.Context,
    plan: PlanOption = None,
    period: PeriodOption = None,
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead",
            help='Only this lead: a name in any case, initials or its start; "no lead" for '
            "the activities nobody leads.",
        ),
    ] = None,
    fmt: Annotated[
        ChaseFormat,
        typer.Option("--format", help="text, json or md.", parser=choice(ChaseFormat, "--format")),
    ] = ChaseFormat.TEXT,
    indent: IndentOption = None,
    db: CommandDbOption = None,
) -> None:
    """Who still owes an update: per lead, each activity not done with no update for the period
    yet or a flagged one, with its due date and the last update it was given."""
    from plandesk.core.chase import LeadNotFound, chase, for_lead, leads, match_lead

    with state(ctx, db).open_store(reading=True) as store:
        # The stall rules run: a flagged update is owed again.
        shown = store.read_plan(plan, period)
        info, period_info = shown.plan, shown.period
        assert period_info is not None  # read_plan names a period or raises NotFound
        last = store.last_updates(info.id, period_info.id)
    groups = chase(shown, last)
    if lead is not None:
        try:
            groups = for_lead(groups, match_lead(leads(shown), lead))
        except LeadNotFound as exc:
            raise CommandError(str(exc)) from None
    if fmt is ChaseFormat.JSON:
        emit_json(render_chase.chase_json(groups), indent)
    elif fmt is ChaseFormat.MD:
        echo(render_chase.chase_markdown(info, period_info, groups))
    else:
        echo(render_chase.chase_text(info, period_info, groups))
