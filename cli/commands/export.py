"""`plandesk export`: a Markdown or HTML summary for circulation. Kept light to start fast."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from plandesk.cli.commands.reading import snapshot
from plandesk.cli.errors import BAD_INPUT, DISK_ERRNOS, CommandError, exit_code
from plandesk.cli.options import (
    CommandDbOption,
    ExportFormat,
    Only,
    PeriodOption,
    PlanOption,
    choice,
    state,
)

app = typer.Typer()


@app.command("export")
def export_command(
    ctx: typer.Context,
    plan: PlanOption = None,
    period: PeriodOption = None,
    objective: Annotated[
        str | None, typer.Option("--objective", help="Only this objective (number or title).")
    ] = None,
    oversight: Annotated[
        str | None, typer.Option("--oversight", help="A pack for one oversight body's meeting.")
    ] = None,
    only: Annotated[
        Only | None,
        typer.Option(
            "--only",
            help="stalled or changed (since the previous period).",
            parser=choice(Only, "--only", any_case=False),
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="md or html.", parser=choice(ExportFormat, "--format")),
    ] = ExportFormat.MD,
    output: Annotated[
        str, typer.Option("-o", "--output", help="File to write, or - for standard output.")
    ] = "-",
    on: Annotated[
        str | None,
        typer.Option("--date", help="Date printed as 'generated on' (YYYY-MM-DD; default today)."),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="A public paper: no officer's name, no acknowledgement notes."
        ),
    ] = False,
    db: CommandDbOption = None,
) -> None:
    """Write a Markdown (or HTML) summary for circulation.

    Officers are named as settings.toml's [authors] table says (login = "Name")."""
    from plandesk.exports import ExportOptions, render_html, render_markdown
    from plandesk.exports.writing import write_atomically
    from plandesk.store.settings import SettingsError, load_settings

    run = state(ctx, db)
    try:
        generated_on = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise CommandError(f"--date must look like 2026-06-30, not {on!r}") from None
    try:
        authors = {} if public else load_settings().authors
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    with run.open_store(reading=True) as store:
        shown = snapshot(store, plan, period)
        bodies = store.oversight(shown.plan.id)
    options = ExportOptions(
        objective=objective,
        oversight=oversight,
        only=only.value if only else None,
        generated_on=generated_on,
        public=public,
        authors=authors,
    )
    render = render_html if fmt is ExportFormat.HTML else render_markdown
    text = render(shown, bodies, options)
    if output == "-":
        typer.echo(text, nl=False)
        return
    target = Path(output).expanduser()
    try:
        size = write_atomically(target, text)
    except OSError as exc:
        kept = " (the file there is unchanged)" if target.exists() else ""
        code = exit_code(exc) if exc.errno in DISK_ERRNOS else BAD_INPUT
        raise CommandError(f"cannot write {target}: {exc.strerror}{kept}", code) from None
    except ValueError as exc:  # e.g. a NUL byte in the path
        raise CommandError(f"cannot write {output!r}: {exc}") from None
    typer.echo(f"wrote {target} ({size} bytes)")
