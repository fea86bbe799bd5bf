"""Where the data lives, and copies of it: backup, restore, locate.

plandesk copies SQLite files itself; for PostgreSQL these commands print the `pg_dump` /
`pg_restore` command to use instead and exit 1, since nothing was backed up or restored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from plandesk.cli.errors import FAILED, CommandError, clean_errors
from plandesk.cli.options import (
    CommandDbOption,
    FormatOption,
    IndentOption,
    OutputFormat,
    state,
)
from plandesk.cli.output import emit_json
from plandesk.cli.render import places_text

app = typer.Typer()


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="File (or folder) to write; default: a new file in the backups folder.",
            show_default=False,
        ),
    ] = None,
    db: CommandDbOption = None,
) -> None:
    """Copy the SQLite database to a checked private file, safe while others use it.

    For PostgreSQL, prints the pg_dump command to use instead (PATH as the dump file) and
    exits 1: nothing was backed up.
    """
    from plandesk.store.backup import (
        backup_into,
        backup_sqlite,
        ensure_backup_dir,
        postgres_commands,
    )
    from plandesk.store.db import sqlite_target

    url, db_path = sqlite_target(state(ctx, db).db)
    if db_path is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        dump_file = str(path.expanduser()) if path is not None else f"plandesk-{stamp}.dump"
        dump, restore = postgres_commands(url, dump_file)
        raise CommandError(
            "plandesk backs up SQLite files only; back up this PostgreSQL database "
            "with pg_dump (the password comes from PGPASSWORD or ~/.pgpass):\n"
            f"  {dump}\nand restore it with:\n  {restore}",
            FAILED,
        )
    if not db_path.is_file():
        raise CommandError(f"no database at {db_path}: nothing to back up", FAILED)
    target = None if path is None or path.expanduser().is_dir() else path.expanduser()
    if target is not None:
        if target.exists():
            raise CommandError(f"{target} exists already; choose another name")
        if not target.parent.is_dir():
            raise CommandError(f"cannot write {target}: the folder {target.parent} does not exist")
    if target is not None:
        written = backup_sqlite(db_path, target)
    else:
        # Numbered, never overwritten, when two are taken within the same second.
        folder = ensure_backup_dir() if path is None else path.expanduser()
        written = backup_into(db_path, folder)
    size = written.stat().st_size
    typer.echo(f"backed up {db_path} to {written} ({size} bytes)")


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The backup file to restore.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: CommandDbOption = None,
) -> None:
    """Replace the database with a checked backup, keeping the old one; asks unless --yes.

    For PostgreSQL, prints the pg_restore command to use instead and exits 1.
    """
    from plandesk.store.backup import BackupError, postgres_commands
    from plandesk.store.db import schema_head, sqlite_target
    from plandesk.store.restore import check_backup, restore_sqlite

    url, db_path = sqlite_target(state(ctx, db).db)
    path = path.expanduser()
    if db_path is None:
        _, restore = postgres_commands(url, str(path))
        raise CommandError(
            "plandesk restores SQLite files only; restore a PostgreSQL dump with "
            f"pg_restore (the password comes from PGPASSWORD or ~/.pgpass):\n  {restore}",
            FAILED,
        )
    # A backup that fails its checks is a bad file given, not a failing database.
    with clean_errors(bad_input=(BackupError,)):
        schema = check_backup(path)
    if not yes and not typer.confirm(f"Replace {db_path} with {path}?", default=False):
        typer.echo("Nothing was changed.")
        raise typer.Exit(FAILED)
    result = restore_sqlite(path, db_path)
    upgrade = "; upgraded when next opened" if schema != schema_head() else ""
    typer.echo(f"restored {db_path} from {path} (schema {schema}{upgrade})")
    if result.previous is not None:
        typer.echo(f"the database as it was is kept in {result.previous}")


@app.command("locate")
def locate_command(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    db: CommandDbOption = None,
) -> None:
    """Where the database, config and backups live."""
    from plandesk.core.secrets import mask_url
    from plandesk.store.db import database_url
    from plandesk.store.locations import backup_dir, config_dir, data_dir

    places = {
        # Never print a password, and never re-parse a URL that may not parse.
        "database": mask_url(database_url(state(ctx, db).db)),
        "data": str(data_dir()),
        "config": str(config_dir()),
        "backups": str(backup_dir()),
    }
    if fmt is OutputFormat.JSON:
        emit_json(places, indent)
    else:
        typer.echo(places_text(places))
