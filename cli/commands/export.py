"""`plandesk export`: a Markdown or HTML summary, a Word appendix or an Excel tracker.

Kept light to start fast: the exporters are imported when the command runs.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Annotated, BinaryIO

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
        ExportFormat | None,
        typer.Option(
            "--format",
            help="md, html, docx or xlsx (default: the -o file's suffix, else md).",
            parser=choice(ExportFormat, "--format"),
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", help="A .docx to start the Word appendix from (docx only)."),
    ] = None,
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
    """Write a Markdown or HTML summary, a Word appendix or an Excel tracker.

    Officers are named as settings.toml's [authors] table says (login = "Name")."""
    from plandesk.exports import ExportError, ExportOptions
    from plandesk.exports.formats import BINARY_FORMATS, format_for, write_export
    from plandesk.exports.writing import atomic_stream
    from plandesk.store.settings import SettingsError, load_settings

    run = state(ctx, db)
    try:
        generated_on = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise CommandError(f"--date must look like 2026-06-30, not {on!r}") from None
    name = fmt.value if fmt is not None else (format_for(output) if output != "-" else None)
    name = name or "md"
    if output == "-" and name in BINARY_FORMATS:
        raise CommandError(
            f"--format {name} writes a binary file, which cannot go to standard output; "
            f"name the file with -o, e.g. -o appendix.{name}"
        )
    if template is not None and name != "docx":
        raise CommandError("--template is for --format docx only")
    template_data = _read_template(template) if template is not None else None
    try:
        authors = {} if public else load_settings().authors
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    with run.open_store(reading=True) as store:
        shown = snapshot(store, plan, period)
        bodies = store.oversight(shown.plan.id)
        if oversight is not None:
            # By name, alias or initials ("IOM"), as `plandesk oversight link` reads it.
            oversight = store.resolve_body(shown.plan.id, oversight).name
    options = ExportOptions(
        objective=objective,
        oversight=oversight,
        only=only.value if only else None,
        generated_on=generated_on,
        public=public,
        authors=authors,
    )

    def render(stream: BinaryIO) -> int:
        try:
            return write_export(name, shown, bodies, options, stream, template_data)
        except (ValueError, KeyError, zipfile.BadZipFile) as exc:
            if template_data is None or isinstance(exc, ExportError):
                raise
            raise CommandError(f"--template {template!r} is not a Word document: {exc}") from None

    # Written as it is made: a big plan's document is never held whole in memory.
    if output == "-":
        sys.stdout.flush()
        render(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    target = Path(output).expanduser()
    rendering = False
    try:
        with atomic_stream(target) as stream:
            rendering = True
            size = render(stream)
    except OSError as exc:
        kept = " (the file there is unchanged)" if target.exists() else ""
        code = exit_code(exc) if exc.errno in DISK_ERRNOS else BAD_INPUT
        raise CommandError(f"cannot write {target}: {exc.strerror}{kept}", code) from None
    except ValueError as exc:  # e.g. a NUL byte in the path
        if rendering:
            raise
        raise CommandError(f"cannot write {output!r}: {exc}") from None
    typer.echo(f"wrote {target} ({size} bytes)")


def _read_template(template: str) -> bytes:
    """The template's bytes, read once (a clear message for a file that is not there)."""
    path = Path(template).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read --template {template!r}: {exc.strerror}") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CommandError(f"--template {template!r} is not a Word document (.docx)")
    return data
