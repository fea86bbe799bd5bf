"""The `plandesk` command: every job that needs no screen, and the door to the TUI.

One Typer app combines the command groups in `cli.commands`. The options given before the
command live in `ctx.obj` (`options.State`). Every failure a command raises goes through
`errors.clean_errors` once, here. Textual is imported only by the commands that open the app,
so scripted commands start fast. Exit codes: 0 done · 1 the database could not be used or an
edit conflicted · 2 bad input (a file, an argument, an unknown plan, period or ref).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from plandesk.cli.commands import (
    app_commands,
    backup,
    chasing,
    editing,
    export,
    importing,
    oversight,
    periods,
    plan_items,
    reading,
    rules,
)
from plandesk.cli.errors import clean_errors
from plandesk.cli.options import DbOption, State

__all__ = ["app", "main"]


class _CleanErrors(TyperGroup):
    """The root command group: every command's failures become `error: …` and an exit code.

    Wrapping `invoke` covers option callbacks and parsers as well as the commands' bodies.
    """

    def invoke(self, ctx: typer.Context) -> Any:
        with clean_errors():
            return super().invoke(ctx)


app = typer.Typer(
    name="plandesk",
    cls=_CleanErrors,
    help="Review and update a delivery plan: import documents, show, edit, export.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for group in (
    app_commands,
    importing,
    reading,
    oversight,
    periods,
    editing,
    plan_items,
    export,
    rules,
    backup,
):
    app.add_typer(group.app)
app.add_typer(chasing.app)


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context, db: DbOption = None) -> None:
    """Review and update a delivery plan. With no command, opens the app."""
    ctx.obj = State(db=db)
    if ctx.invoked_subcommand is None:
        app_commands.open_tui(ctx.obj, None, None)


def main() -> None:
    """Console-script entry point."""
    app()
