"""`plandesk rules`: where the stall rules are configured, and their values."""

from __future__ import annotations

from typing import Annotated

import typer

from plandesk.cli.errors import CommandError
from plandesk.cli.options import PlanOption, state
from plandesk.cli.render import rules_text

app = typer.Typer()


@app.command("rules")
def rules_command(
    ctx: typer.Context,
    init: Annotated[
        bool, typer.Option("--init", help="Write the default rules file to edit (commented).")
    ] = False,
    plan: PlanOption = None,
) -> None:
    """Where the stall rules' thresholds and phrases are configured, and their values."""
    from plandesk.store.rules_file import config_path, load_config, write_default_config

    path = config_path()
    if init:
        if path.exists():
            raise CommandError(f"{path} exists already; edit it, or delete it to start again")
        write_default_config(path)
        typer.echo(f"wrote {path}: every setting is there, commented out")
        return
    if plan is not None:
        # Settings are kept per plan title: a title that names no plan would show settings
        # that apply to nothing, so it is refused like everywhere else.
        with state(ctx).open_store(reading=True) as store:
            plan = store.resolve_plan(plan).title
    config = load_config(plan)
    typer.echo(rules_text(path, path.exists(), config))
