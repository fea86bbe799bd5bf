"""The commands that write: an activity's update, an acknowledgement of its flags."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plandesk.cli.errors import CommandError
from plandesk.cli.options import (
    AsOption,
    CommandDbOption,
    PlanOption,
    WritePeriodOption,
    state,
    valid_text,
)
from plandesk.cli.output import echo

if TYPE_CHECKING:
    from plandesk.core.plan import PeriodInfo
    from plandesk.store.service import PlanStore

app = typer.Typer()


@app.command("update")
def update_command(
    ctx: typer.Context,
    activity_ref: Annotated[
        str, typer.Argument(help="Activity ref, COMMITMENT/ACTIVITY when it repeats, or #ID.")
    ],
    plan: PlanOption = None,
    period: WritePeriodOption = None,
    text: Annotated[
        str | None, typer.Option("--text", help="The new update text.", callback=valid_text)
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", help="Read the update from a file, or - for stdin.")
    ] = None,
    clear_text: Annotated[
        bool,
        typer.Option(
            "--clear-text", help="Empty the update's text on purpose (its history keeps it)."
        ),
    ] = False,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Status to record: Not started, In progress, On track, At risk, Stalled, "
            'Complete (any case; Green/Amber/Red, "On target", "Done" too; "" clears it).',
        ),
    ] = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Write an activity's update for a period (recorded in its history).

    Empty text (--text "" or an empty --file) is refused; --clear-text empties it on purpose.
    """
    run = state(ctx, db)
    from plandesk.store.service import current_user

    if text is not None and file is not None:
        raise CommandError("give the update with one of --text or --file, not both")
    if clear_text and (text is not None or file is not None):
        raise CommandError("--clear-text empties the update: give it without --text or --file")
    if text is None and file is None and status is None and not clear_text:
        raise CommandError("give the update with --text or --file, or a --status on its own")
    if status is not None:
        from plandesk.core.statuses import parse_status

        status = parse_status(status)
    body = "" if clear_text else None
    if text is not None or file is not None:
        body = (_read_update(file) if file is not None else text or "").rstrip("\n")
        if not body.strip():
            # An empty --text is more often a script's unset variable than a wish to clear.
            raise CommandError(
                "the update is empty; nothing was changed (to empty an update on purpose, "
                "give --clear-text)"
            )
    with run.open_store() as store:
        info = store.resolve_plan(plan)
        period_info = store.writable_period(info.id, period)
        older = _older_than_latest(store, info.id, period_info)
        match = store.resolve_activity(info.id, activity_ref)
        if body is None:
            # A status on its own keeps the text as it is (none yet: an empty update).
            current = store.update_for(match.id, period_info.id)
            body = current.text if current is not None else ""
        saved = store.save_update(
            match.id,
            period_info.id,
            body,
            author=current_user(author),
            status=status,
            source="cli",
        )
    echo(
        f"saved {match.qualified_ref} for {period_info.label} in {info.title!r} "
        f"(version {saved.version}, by {saved.author}){older}"
    )


def _read_update(file: str) -> str:
    """The text of `--file` (`-`: standard input), bounded like an imported document."""
    from plandesk.core.records import ImportProblem
    from plandesk.importers.reading import MAX_DOCUMENT_BYTES, read_bounded

    try:
        # Bytes, decoded strictly: the locale may otherwise smuggle bad bytes in as surrogates.
        # Bounded like an imported document: /dev/zero or a FIFO must not hang the command.
        if file == "-":
            data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
            if len(data) > MAX_DOCUMENT_BYTES:
                raise ImportProblem("standard input", 0, "more than 50 MB of text")
        else:
            data = read_bounded(Path(file))
        return data.decode("utf-8")
    except ImportProblem as problem:
        raise CommandError(f"cannot read {problem.path}: {problem.message}") from None
    except OSError as exc:
        raise CommandError(f"cannot read {file}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        where = "standard input" if file == "-" else file
        raise CommandError(
            f"{where} is not UTF-8 text (byte {exc.start + 1}); nothing was changed"
        ) from None


@app.command("acknowledge")
def acknowledge_command(
    ctx: typer.Context,
    activity_ref: Annotated[str, typer.Argument(help="Activity ref, COMMITMENT/ACTIVITY or #ID.")],
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help="What was done, e.g. 'chased at HTA 12 June'.", callback=valid_text
        ),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Withdraw the acknowledgement instead.")
    ] = False,
    plan: PlanOption = None,
    period: WritePeriodOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Acknowledge an activity's flags with a note; they stop counting as open.

    Only an activity flagged in the period (see `plandesk stalled`) can be acknowledged, and
    --clear only withdraws an acknowledgement that stands."""
    from plandesk.store.service import current_user

    run = state(ctx, db)
    if clear and note is not None:
        raise CommandError(
            "give --note to acknowledge or --clear to withdraw an acknowledgement, not both"
        )
    if not clear and not (note and note.strip()):
        raise CommandError(
            "give --note 'what was done' (or --clear to withdraw an acknowledgement)"
        )
    with run.open_store() as store:
        info = store.resolve_plan(plan)
        period_info = store.writable_period(info.id, period)
        older = _older_than_latest(store, info.id, period_info)
        match = store.resolve_activity(info.id, activity_ref)
        store.acknowledge(
            match.id, period_info.id, note or "", author=current_user(author), clear=clear
        )
    verb = "withdrew the acknowledgement of" if clear else "acknowledged"
    echo(f"{verb} {match.qualified_ref} for {period_info.label} in {info.title!r}{older}")


def _older_than_latest(store: PlanStore, plan_id: int, written: PeriodInfo) -> str:
    """Words naming the period written when it is not the plan's latest (nobody overwrites
    last quarter's text by accident), else ""."""
    latest = store.resolve_period(plan_id)
    if latest.id == written.id:
        return ""
    return f"; written in {written.label}, not the latest period {latest.label}"
