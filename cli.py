"""The `plandesk` command: every job that needs no screen, and the door to the TUI.

Textual is imported only by the commands that open the app, so scripted commands start fast.
Exit codes: 0 done · 1 the database could not be used or an edit conflicted · 2 bad input
(a file, an argument, an unknown plan, period or ref).
"""

from __future__ import annotations

import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plandesk.cli_errors import DISK_ERRNOS, describe, exit_code
from plandesk.cli_output import echo, emit_json, error, valid_text

if TYPE_CHECKING:
    from plandesk.store.service import PlanStore
    from plandesk.store.views import ImportReport, PlanSnapshot

app = typer.Typer(
    name="plandesk",
    help="Review and update a delivery plan: import documents, show, edit, export.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="PLANDESK_DB",
        help="SQLite file path or postgresql:// URL (default: the file under your data dir).",
    ),
]
PlanOption = Annotated[
    str | None,
    typer.Option("--plan", help="Plan name and/or edition (default: the last imported plan)."),
]
PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="Period label, e.g. '2020/21 Q2' (default: the latest)."),
]
CommandDbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file path or postgresql:// URL (same as before the command)."
    ),
]
FormatOption = Annotated[str, typer.Option("--format", help="text or json.", case_sensitive=False)]
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Author to record (default: $PLANDESK_USER or your login).",
        callback=valid_text,
    ),
]


class State:
    """Options given before the command."""

    db: str | None = None


state = State()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `error: message` on stderr (control characters shown, never sent) and return the
    Exit to raise."""
    return error(message, code)


def use_db(db: str | None) -> None:
    """`--db` given after the command wins over one given before it."""
    if db is not None:
        state.db = db


def _check_format(value: str) -> str:
    value = value.lower()
    if value not in ("text", "json"):
        raise fail(f"--format must be text or json, not {value!r}")
    return value


@contextmanager
def open_store(target: str | None = None):
    """The store for `--db`, with its errors (and the disk's) turned into clean exits."""
    from plandesk.store.service import PlanStore

    with clean_errors():
        store = PlanStore.open(target or state.db)
    try:
        with clean_errors():
            yield store
    finally:
        store.close()


@contextmanager
def clean_errors():
    """Turn the failures `cli_errors` knows into `error: …` and its exit code."""
    try:
        yield
    except Exception as exc:
        described = describe(exc)
        if described is None:
            raise
        raise fail(*described) from None


def _emit_json(data: Any) -> None:
    emit_json(data)


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context, db: DbOption = None) -> None:
    """Review and update a delivery plan. With no command, opens the app."""
    state.db = db
    if ctx.invoked_subcommand is None:
        _open_tui(db, None, None)


def _open_tui(db: str | None, plan: str | None, period: str | None) -> None:
    from plandesk.store.service import current_user

    with open_store(db) as store:
        plan_id = period_id = None
        if plan is not None or period is not None:
            info = store.resolve_plan(plan)
            plan_id = info.id
            period_id = store.resolve_period(info.id, period).id if period else None
        _run_app(store, plan_id, period_id, current_user(None))


def _run_app(store: PlanStore, plan_id: int | None, period_id: int | None, author: str) -> None:
    from plandesk.tui import make_app

    make_app(store, author, plan_id=plan_id, period_id=period_id).run()


@app.command("tui")
def tui_command(
    plan: PlanOption = None, period: PeriodOption = None, db: CommandDbOption = None
) -> None:
    """Open the review app (the same as running plandesk with no command)."""
    use_db(db)
    _open_tui(state.db, plan, period)


@app.command("demo")
def demo_command(
    keep: Annotated[
        Path | None,
        typer.Option("--keep", help="Keep the demo database at this path instead of a temp file."),
    ] = None,
) -> None:
    """Open the app on a fresh temporary copy of the bundled sample plans."""
    import tempfile

    from plandesk.importers import read_document
    from plandesk.samples import ALL
    from plandesk.store.service import current_user

    documents = [read_document(path) for path in ALL]
    with tempfile.TemporaryDirectory(prefix="plandesk-demo-") as tmp:
        target = str(keep.expanduser().resolve()) if keep else str(Path(tmp) / "demo.db")
        with open_store(target) as store:
            if not store.plans():
                store.import_documents(documents, author="sample import")
            _run_app(store, None, None, current_user(None))


@app.command("import")
def import_command(
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
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
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
    """Import delivery-plan documents: all of them or, on any error, none.

    An update an officer edited since the last import is kept (and listed) unless --overwrite.
    """
    use_db(db)
    from plandesk.importers import ImportProblem, read_document
    from plandesk.store.importing import ImportRaceLost
    from plandesk.store.service import current_user

    try:
        documents = [read_document(path, period=period) for path in files]
    except ImportProblem as exc:
        raise fail(str(exc)) from None
    with open_store() as store, _backup_before_import(store, dry_run) as backup:
        try:
            reports = store.import_documents(
                documents,
                author=current_user(author),
                plan_name=plan,
                edition=edition,
                dry_run=dry_run,
                overwrite=overwrite,
            )
        except ImportRaceLost as exc:
            raise fail(str(exc), 1) from None
        backup.changed = not all(report.is_noop for report in reports)
        for report in reports:
            _print_report(report)


def _print_report(report: ImportReport) -> None:
    verb = "would import" if report.dry_run else "imported"
    echo(f"{report.source}: {verb} into {report.plan!r}, period {report.period!r}")
    if report.is_noop:
        echo("  nothing created or changed" + ("" if report.kept else " (already up to date)"))
    for bucket in ("created", "changed"):
        counts = getattr(report, bucket)
        parts = [f"{n} {kind}" for kind, n in counts.items() if n]
        if parts:
            echo(f"  {bucket}: " + ", ".join(parts))
    if report.kept:
        echo(
            f"  kept your edit; the document says something else ({len(report.kept)}): "
            + ", ".join(report.kept)
        )
        echo("    (import again with --overwrite to take the document's text)")
    if report.overwritten:
        verb = "would replace" if report.dry_run else "replaced"
        echo(
            f"  {verb} an edit with the document's text, status cleared "
            f"({len(report.overwritten)}): " + ", ".join(report.overwritten)
        )


@app.command("plans")
def plans_command(fmt: FormatOption = "text", db: CommandDbOption = None) -> None:
    """List the plans, most recently imported first."""
    use_db(db)
    fmt = _check_format(fmt)
    with open_store() as store:
        plans = store.plans()
    if fmt == "json":
        _emit_json(
            [
                {
                    "name": p.name,
                    "edition": p.edition,
                    "imported_at": p.imported_at.isoformat(),
                    "activities": p.activity_count,
                    "periods": list(p.period_labels),
                }
                for p in plans
            ]
        )
        return
    if not plans:
        echo("No plans yet: import one with 'plandesk import FILE'.")
    for p in plans:
        periods = ", ".join(p.period_labels) or "no periods"
        echo(
            f"{p.title}  ({p.activity_count} activities; {periods}; "
            f"imported {p.imported_at:%Y-%m-%d %H:%M})"
        )


@app.command("periods")
def periods_command(
    plan: PlanOption = None, fmt: FormatOption = "text", db: CommandDbOption = None
) -> None:
    """List a plan's reporting periods."""
    use_db(db)
    fmt = _check_format(fmt)
    with open_store() as store:
        info = store.resolve_plan(plan)
        periods = store.periods(info.id)
    if fmt == "json":
        _emit_json(
            [
                {
                    "label": p.label,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "updates": p.update_count,
                }
                for p in periods
            ]
        )
        return
    echo(f"Plan: {info.title}")
    for p in periods:
        echo(f"  {p.label:<14} {p.start} to {p.end}  {p.update_count} updates")


@app.command("oversight")
def oversight_command(
    plan: PlanOption = None, fmt: FormatOption = "text", db: CommandDbOption = None
) -> None:
    """List a plan's oversight bodies and how many activities each oversees."""
    use_db(db)
    fmt = _check_format(fmt)
    with open_store() as store:
        info = store.resolve_plan(plan)
        bodies = store.oversight(info.id)
    if fmt == "json":
        _emit_json(
            [
                {
                    "name": b.name,
                    "purpose": b.purpose,
                    "meets": b.frequency,
                    "notes_published": b.notes_published,
                    "public_meeting": b.public_meeting,
                    "area": b.area,
                    "activities": b.activity_count,
                }
                for b in bodies
            ]
        )
        return
    echo(f"Plan: {info.title}")
    if not bodies:
        echo("  no oversight bodies recorded for this plan")
    for b in bodies:
        marks = ("*" if b.notes_published else "") + ("#" if b.public_meeting else "")
        meets = b.frequency or "meets: not stated"
        echo(f"  {b.activity_count:>3}  {b.name}{marks}  ({meets})")
    echo("  * notes published   # public meeting")


def _snapshot(
    store: PlanStore, plan: str | None, period: str | None, *, review: bool = True
) -> PlanSnapshot:
    info = store.resolve_plan(plan)
    period_info = store.resolve_period(info.id, period)
    # Only the commands that show flags or inferred statuses read the stall rules.
    return store.snapshot(info.id, period_info.id, review=review)


def snapshot_json(snapshot: PlanSnapshot) -> dict[str, Any]:
    """The `show --format json` document."""

    def update(u):
        if u is None:
            return None
        return {
            "text": u.text,
            "status": u.status,
            "author": u.author,
            "updated_at": u.updated_at.isoformat(),
        }

    period = snapshot.period
    return {
        "plan": {"name": snapshot.plan.name, "edition": snapshot.plan.edition},
        "period": {
            "label": period.label if period else None,
            "start": period.start.isoformat() if period else None,
            "end": period.end.isoformat() if period else None,
        },
        "objectives": [
            {
                "title": o.title,
                "commitments": [
                    {
                        "ref": c.ref,
                        "kind": c.kind,
                        "title": c.title,
                        "activities": [
                            {
                                "ref": a.ref,
                                "text": a.text,
                                "oversight": a.oversight,
                                "update": update(a.update),
                            }
                            for a in c.activities
                        ],
                    }
                    for c in o.commitments
                ],
            }
            for o in snapshot.objectives
        ],
    }


def _wrap(text: str, indent: str) -> str:
    lines = []
    for line in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(line, 96, initial_indent=indent, subsequent_indent=indent))
        if not line.strip():
            lines.append("")
    return "\n".join(lines)


def _print_snapshot(snapshot: PlanSnapshot) -> None:
    period = snapshot.period.label if snapshot.period else "no period"
    echo(f"Plan: {snapshot.plan.title} · period {period}")
    for objective in snapshot.objectives:
        echo(f"\n{objective.position}. {objective.title}")
        for c in objective.commitments:
            echo(f"\n  {c.ref} [{c.kind}] " + _wrap(c.title, "    ").lstrip())
            for a in c.activities:
                label = a.ref or ("(the commitment)" if a.stands_for_commitment else "—")
                if a.text:
                    echo(f"    {label}: " + _wrap(a.text, "      ").lstrip())
                else:
                    echo(f"    {label}")
                if a.oversight:
                    echo("      oversight: " + " ".join(a.oversight.split()))
                if a.update:
                    status = f" [{a.update.status}]" if a.update.status else ""
                    echo(f"      update{status}:")
                    echo(_wrap(a.update.text, "        "))
                else:
                    echo("      update: none this period")


@app.command("show")
def show_command(
    plan: PlanOption = None,
    period: PeriodOption = None,
    fmt: FormatOption = "text",
    db: CommandDbOption = None,
) -> None:
    """Print a plan with each activity's update for a period."""
    use_db(db)
    fmt = _check_format(fmt)
    with open_store() as store:
        snapshot = _snapshot(store, plan, period, review=False)
    if fmt == "json":
        _emit_json(snapshot_json(snapshot))
    else:
        _print_snapshot(snapshot)


@app.command("update")
def update_command(
    activity_ref: Annotated[
        str, typer.Argument(help="Activity ref, COMMITMENT/ACTIVITY when it repeats, or #ID.")
    ],
    plan: PlanOption = None,
    period: PeriodOption = None,
    text: Annotated[
        str | None, typer.Option("--text", help="The new update text.", callback=valid_text)
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", help="Read the update from a file, or - for stdin.")
    ] = None,
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
    """Write an activity's update for a period (recorded in its history)."""
    use_db(db)
    from plandesk.store.service import current_user

    if (text is None) == (file is None):
        raise fail("give the update with exactly one of --text or --file")
    if status is not None:
        from plandesk.core.statuses import UnknownStatus, parse_status

        try:
            status = parse_status(status)
        except UnknownStatus as exc:
            raise fail(str(exc)) from None
    if file is not None:
        from plandesk.importers.reading import MAX_DOCUMENT_BYTES, read_bounded
        from plandesk.importers.records import ImportProblem

        try:
            # Bytes, decoded strictly: the locale may otherwise smuggle bad bytes in as surrogates.
            # Bounded like an imported document: /dev/zero or a FIFO must not hang the command.
            if file == "-":
                data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
                if len(data) > MAX_DOCUMENT_BYTES:
                    raise ImportProblem("standard input", 0, "more than 50 MB of text")
            else:
                data = read_bounded(Path(file))
            body = data.decode("utf-8")
        except ImportProblem as problem:
            raise fail(f"cannot read {problem.path}: {problem.message}") from None
        except OSError as exc:
            raise fail(f"cannot read {file}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            where = "standard input" if file == "-" else file
            raise fail(
                f"{where} is not UTF-8 text (byte {exc.start + 1}); nothing was changed"
            ) from None
    else:
        body = text or ""
    body = body.rstrip("\n")
    with open_store() as store:
        info = store.resolve_plan(plan)
        period_info = store.resolve_period(info.id, period)
        match = store.resolve_activity(info.id, activity_ref)
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
        f"(version {saved.version}, by {saved.author})"
    )


@app.command("history")
def history_command(
    activity_ref: Annotated[str, typer.Argument(help="Activity ref, COMMITMENT/ACTIVITY or #ID.")],
    plan: PlanOption = None,
    fmt: FormatOption = "text",
    db: CommandDbOption = None,
) -> None:
    """Every recorded change of an activity's updates, with author and time."""
    use_db(db)
    fmt = _check_format(fmt)
    with open_store() as store:
        info = store.resolve_plan(plan)
        match = store.resolve_activity(info.id, activity_ref)
        revisions = store.history(match.id)
    if fmt == "json":
        _emit_json(
            [
                {
                    "period": r.period_label,
                    "version": r.version,
                    "author": r.author,
                    "at": r.at.isoformat(),
                    "source": r.source,
                    "before": r.before_text,
                    "after": r.after_text,
                    "status_before": r.before_status,
                    "status_after": r.after_status,
                }
                for r in revisions
            ]
        )
        return
    echo(f"{match.qualified_ref} in {info.title}: {len(revisions)} revisions")
    for r in revisions:
        echo(
            f"\n  {r.period_label} v{r.version}  {r.at:%Y-%m-%d %H:%M} UTC"
            f"  {r.author}  ({r.source})"
        )
        if r.before_status != r.after_status and (r.after_status or r.before_status):
            echo(f"    status: {r.before_status or '—'} → {r.after_status or '—'}")
        echo(_wrap(r.after_text, "    "))


def _flagged(snapshot: PlanSnapshot) -> list[tuple[Any, Any, Any]]:
    """(objective, commitment, activity) for every flagged activity, in plan order."""
    return [
        (o, c, a)
        for o in snapshot.objectives
        for c in o.commitments
        for a in c.activities
        if a.flags
    ]


def _name(commitment: Any, activity: Any) -> str:
    return activity.ref or commitment.ref


@app.command("stalled")
def stalled_command(
    plan: PlanOption = None,
    period: PeriodOption = None,
    fmt: FormatOption = "text",
    open_only: Annotated[
        bool, typer.Option("--open", help="Leave out flags an officer has acknowledged.")
    ] = False,
    db: CommandDbOption = None,
) -> None:
    """Activities the stall rules flag, with the reasons (words quoted) and acknowledgements."""
    use_db(db)
    fmt = _check_format(fmt)
    with open_store() as store:
        snapshot = _snapshot(store, plan, period)
    rows = [
        row for row in _flagged(snapshot) if not (open_only and row[2].acknowledged is not None)
    ]
    if fmt == "json":
        _emit_json(
            [
                {
                    "ref": _name(c, a),
                    "commitment_ref": c.ref,
                    "objective": o.title,
                    "status": a.status,
                    "reasons": [{"rule": f.rule, "detail": f.detail} for f in a.flags],
                    "acknowledged": (
                        {
                            "note": a.acknowledged.note,
                            "author": a.acknowledged.author,
                            "at": a.acknowledged.at.isoformat(),
                        }
                        if a.acknowledged
                        else None
                    ),
                }
                for o, c, a in rows
            ]
        )
        return
    assert snapshot.period is not None
    open_count = sum(1 for _, _, a in rows if a.acknowledged is None)
    echo(
        f"Plan: {snapshot.plan.title} · period {snapshot.period.label} · "
        f"{len(rows)} flagged, {open_count} open"
    )
    current = None
    for o, c, a in rows:
        if o.title != current:
            current = o.title
            echo(f"\n{o.title}")
        echo(f"  {_name(c, a):<8} {a.status:<10} " + _wrap(a.text or c.title, "").strip()[:70])
        for flag in a.flags:
            echo(f"           {flag.rule}: {flag.detail}")
        if a.acknowledged:
            ack = a.acknowledged
            echo(f"           acknowledged by {ack.author} {ack.at:%Y-%m-%d}: {ack.note}")


@app.command("acknowledge")
def acknowledge_command(
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
    period: PeriodOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Acknowledge an activity's flags with a note; they stop counting as open."""
    from plandesk.store.service import current_user

    use_db(db)
    if not clear and not (note and note.strip()):
        raise fail("give --note 'what was done' (or --clear to withdraw an acknowledgement)")
    with open_store() as store:
        info = store.resolve_plan(plan)
        period_info = store.resolve_period(info.id, period)
        match = store.resolve_activity(info.id, activity_ref)
        store.acknowledge(
            match.id, period_info.id, note or "", author=current_user(author), clear=clear
        )
    verb = "withdrew the acknowledgement of" if clear else "acknowledged"
    echo(f"{verb} {match.qualified_ref} for {period_info.label} in {info.title!r}")


@app.command("export")
def export_command(
    plan: PlanOption = None,
    period: PeriodOption = None,
    objective: Annotated[
        str | None, typer.Option("--objective", help="Only this objective (number or title).")
    ] = None,
    oversight: Annotated[
        str | None, typer.Option("--oversight", help="A pack for one oversight body's meeting.")
    ] = None,
    only: Annotated[
        str | None, typer.Option("--only", help="stalled or changed (since the previous period).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    output: Annotated[
        str, typer.Option("-o", "--output", help="File to write, or - for standard output.")
    ] = "-",
    on: Annotated[
        str | None,
        typer.Option("--date", help="Date printed as 'generated on' (YYYY-MM-DD; default today)."),
    ] = None,
    db: CommandDbOption = None,
) -> None:
    """Write a Markdown (or HTML) summary for circulation."""
    from datetime import date

    from plandesk.exports import ExportError, ExportOptions, render_html, render_markdown
    from plandesk.exports.writing import write_atomically

    use_db(db)
    fmt = fmt.lower()
    if fmt not in ("md", "html"):
        raise fail(f"--format must be md or html, not {fmt!r}")
    if only is not None and only not in ("stalled", "changed"):
        raise fail(f"--only must be stalled or changed, not {only!r}")
    try:
        generated_on = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise fail(f"--date must look like 2026-06-30, not {on!r}") from None
    with open_store() as store:
        snapshot = _snapshot(store, plan, period)
        bodies = store.oversight(snapshot.plan.id)
    options = ExportOptions(
        objective=objective, oversight=oversight, only=only, generated_on=generated_on
    )
    render = render_html if fmt == "html" else render_markdown
    try:
        text = render(snapshot, bodies, options)
    except ExportError as exc:
        raise fail(str(exc)) from None
    if output == "-":
        typer.echo(text, nl=False)
        return
    target = Path(output).expanduser()
    try:
        size = write_atomically(target, text)
    except OSError as exc:
        kept = " (the file there is unchanged)" if target.exists() else ""
        code = exit_code(exc) if exc.errno in DISK_ERRNOS else 2
        raise fail(f"cannot write {target}: {exc.strerror}{kept}", code) from None
    except ValueError as exc:  # e.g. a NUL byte in the path
        raise fail(f"cannot write {output!r}: {exc}") from None
    typer.echo(f"wrote {target} ({size} bytes)")


@app.command("rules")
def rules_command(
    init: Annotated[
        bool, typer.Option("--init", help="Write the default rules file to edit (commented).")
    ] = False,
    plan: PlanOption = None,
) -> None:
    """Where the stall rules' thresholds and phrases are configured, and their values."""
    from dataclasses import asdict

    from plandesk.store.stall_config import (
        ConfigError,
        config_path,
        load_config,
        write_default_config,
    )

    path = config_path()
    if init:
        if path.exists():
            raise fail(f"{path} exists already; edit it, or delete it to start again")
        write_default_config(path)
        typer.echo(f"wrote {path}: every setting is there, commented out")
        return
    try:
        config = load_config(plan)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    state_text = "in use" if path.exists() else "not created yet; the defaults apply"
    typer.echo(f"rules file: {path} ({state_text})")
    for key, value in asdict(config).items():
        shown = ", ".join(value) if isinstance(value, tuple) else value
        typer.echo(f"  {key}: {shown}")


def _sqlite_target() -> tuple[str, Path | None]:
    from plandesk.store.db import sqlite_target

    with clean_errors():
        return sqlite_target(state.db)


@contextmanager
def _backup_before_import(store: PlanStore, dry_run: bool):
    from plandesk.store.backup import backup_before_import

    with (
        clean_errors(),
        backup_before_import(
            str(store.engine.url), dry_run=dry_run, has_data=lambda: bool(store.plans())
        ) as pending,
    ):
        yield pending
    if pending.path is not None:
        typer.echo(f"backup of the database before this import: {pending.path}")


@app.command("backup")
def backup_command(
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
    use_db(db)
    from datetime import UTC, datetime

    from plandesk.store.backup import (
        BackupError,
        backup_into,
        backup_sqlite,
        ensure_backup_dir,
        postgres_commands,
    )

    url, db_path = _sqlite_target()
    if db_path is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        dump_file = str(path.expanduser()) if path is not None else f"plandesk-{stamp}.dump"
        dump, restore = postgres_commands(url, dump_file)
        typer.echo(
            "error: plandesk backs up SQLite files only; back up this PostgreSQL database "
            "with pg_dump (the password comes from PGPASSWORD or ~/.pgpass):\n"
            f"  {dump}\nand restore it with:\n  {restore}",
            err=True,
        )
        raise typer.Exit(1)
    if not db_path.is_file():
        raise fail(f"no database at {db_path}: nothing to back up", 1)
    target = None if path is None or path.expanduser().is_dir() else path.expanduser()
    if target is not None:
        if target.exists():
            raise fail(f"{target} exists already; choose another name")
        if not target.parent.is_dir():
            raise fail(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        if target is not None:
            written = backup_sqlite(db_path, target)
        else:
            # Numbered, never overwritten, when two are taken within the same second.
            written = backup_into(
                db_path, ensure_backup_dir() if path is None else path.expanduser()
            )
    except BackupError as exc:
        raise fail(str(exc), 1) from None
    size = written.stat().st_size
    typer.echo(f"backed up {db_path} to {written} ({size} bytes)")


@app.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="The backup file to restore.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: CommandDbOption = None,
) -> None:
    """Replace the database with a checked backup, keeping the old one; asks unless --yes.

    For PostgreSQL, prints the pg_restore command to use instead and exits 1.
    """
    use_db(db)
    from plandesk.store.backup import BackupError, postgres_commands
    from plandesk.store.restore import check_backup, restore_sqlite

    url, db_path = _sqlite_target()
    path = path.expanduser()
    if db_path is None:
        _, restore = postgres_commands(url, str(path))
        typer.echo(
            "error: plandesk restores SQLite files only; restore a PostgreSQL dump with "
            f"pg_restore (the password comes from PGPASSWORD or ~/.pgpass):\n  {restore}",
            err=True,
        )
        raise typer.Exit(1)
    try:
        schema = check_backup(path)
    except BackupError as exc:
        raise fail(str(exc)) from None
    if not yes and not typer.confirm(f"Replace {db_path} with {path}?", default=False):
        typer.echo("Nothing was changed.")
        raise typer.Exit(1)
    try:
        result = restore_sqlite(path, db_path)
    except BackupError as exc:
        raise fail(str(exc), 1) from None
    from plandesk.store.db import schema_head

    upgrade = "; upgraded when next opened" if schema != schema_head() else ""
    typer.echo(f"restored {db_path} from {path} (schema {schema}{upgrade})")
    if result.previous is not None:
        typer.echo(f"the database as it was is kept in {result.previous}")


@app.command("locate")
def locate_command(fmt: FormatOption = "text", db: CommandDbOption = None) -> None:
    """Where the database, config and backups live."""
    use_db(db)
    from plandesk.core.secrets import mask_url
    from plandesk.store.db import database_url
    from plandesk.store.locations import backup_dir, config_dir, data_dir

    fmt = _check_format(fmt)
    with clean_errors():
        url = database_url(state.db)
    places = {
        # Never print a password, and never re-parse a URL that may not parse.
        "database": mask_url(url),
        "data": str(data_dir()),
        "config": str(config_dir()),
        "backups": str(backup_dir()),
    }
    if fmt == "json":
        _emit_json(places)
        return
    for name, where in places.items():
        typer.echo(f"{name:<9} {where}")


def main() -> None:
    """Console-script entry point."""
    app()
