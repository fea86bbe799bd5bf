"""`plandesk rules`: where the stall rules are configured, and their values."""

from __future__ import annotations

from typing import Annotated

import typer

from plandesk.cli.errors import CommandError
from plandesk.cli.options import PlanOption
from plandesk.cli.render import rules_text

app = typer.Typer()


@app.command("rules")
def rules_command(
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
    config = load_config(plan)
    typer.echo(rules_text(path, path.exists(), config))
