"""`plandesk import`: documents into the database, all of them or none."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from plandesk.cli.options import AsOption, CommandDbOption, state
from plandesk.cli.output import echo
from plandesk.cli.render import import_report_text

app = typer.Typer()


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Documents to import.", show_default=False)],
    plan: Annotated[
        str | None, typer.Option("--plan", help="Import into the plan with this name.")
    ] = None,
    edition: Annotated[
        str | None, typer.Option("--edition", help="The plan edition (default: from the file).")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="Override the period the document names.")
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--map",
            help="What table columns hold, where their headers do not say: "
            '"Actions=commitment,R/A/G=status,Q3 update=update:2023/24 Q3".',
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The workbook sheet to read (Excel).")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Report what would change (and, for tables, what was detected); write nothing.",
        ),
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace updates edited since the last import with the document's text "
            "(and clear their status). Without it, those edits are kept and listed.",
        ),
    ] = False,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Import delivery-plan documents (text exports, CSV, Excel, Word): all or, on error, none.

    A table's columns are found by their headers; --map says what the others hold. A tracker
    with one update column per quarter imports each quarter's updates into its period.

    An update an officer edited since the last import is kept (and listed) unless --overwrite.
    Text that looks cut off or repeated is imported as written and reported on stderr as
    FILE:LINE: warning: ...
    """
    run = state(ctx, db)
    from plandesk.importers import read_file
    from plandesk.store.backup import backup_before_import
    from plandesk.store.service import current_user

    read = [read_file(path, period=period, mapping=mapping, sheet=sheet) for path in files]
    documents = [document for one in read for document in one.documents]
    if dry_run:
        for one in read:
            if one.detected:
                echo(one.detected)
    with run.open_store() as store:
        with backup_before_import(
            str(store.engine.url), dry_run=dry_run, has_data=lambda: bool(store.plans())
        ) as backup:
            reports = store.import_documents(
                documents,
                author=current_user(author),
                plan_name=plan,
                edition=edition,
                dry_run=dry_run,
                overwrite=overwrite,
            )
            backup.changed = not all(report.is_noop for report in reports)
            for report in reports:
                echo(import_report_text(report))
        # Imported as written all the same: the officer decides whether the text needs fixing.
        for document in documents:
            for warning in document.warnings:
                echo(str(warning), err=True)
        if backup.path is not None:
            typer.echo(f"backup of the database before this import: {backup.path}")
