"""Editing the plan itself: `activity`, `commitment` and `objective` add, edit, retire, reopen.

Each command is one transaction in the store, recorded in the plan's history (`plandesk
history`); bad input (an unknown ref, a ref taken, a date that cannot be read) exits 2 having
written nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from plandesk.cli import plan_render
from plandesk.cli.errors import CommandError
from plandesk.cli.options import (
    AsOption,
    CommandDbOption,
    FormatOption,
    IndentOption,
    OutputFormat,
    PlanOption,
    choice,
    state,
    valid_text,
)
from plandesk.cli.output import echo, emit_json

if TYPE_CHECKING:
    from plandesk.core.plan import PlanInfo
    from plandesk.core.plan_edits import PlanEdit
    from plandesk.store.service import PlanStore

app = typer.Typer()
activity_app = typer.Typer(
    help="Add, edit, move, retire and reopen the plan's activities.", no_args_is_help=True
)
commitment_app = typer.Typer(
    help="Add, edit, move, retire and reopen the plan's commitments.", no_args_is_help=True
)
objective_app = typer.Typer(help="Add and retitle the plan's objectives.", no_args_is_help=True)
app.add_typer(activity_app, name="activity")
app.add_typer(commitment_app, name="commitment")
app.add_typer(objective_app, name="objective")


class Kind(StrEnum):
    """`commitment --kind`."""

    POLICING = "policing"
    COMMISSIONER = "commissioner"


def _text(name: str, help_: str):
    return typer.Option(name, help=help_, callback=valid_text)


ActivityRef = Annotated[
    str, typer.Argument(help="Activity ref, COMMITMENT/ACTIVITY when it repeats, or #ID.")
]
CommitmentRef = Annotated[str, typer.Argument(help="Commitment ref, e.g. A3 or 1.2.")]
ObjectiveName = Annotated[
    str,
    typer.Argument(help="Objective: its number as 'show' lists it, or the start of its title."),
]
Reason = Annotated[str, _text("--reason", "Why it leaves the plan (kept in its history).")]
Text = Annotated[str | None, _text("--text", "The activity's text.")]
NewRef = Annotated[str | None, _text("--ref", "Its ref (new within the commitment).")]
Lead = Annotated[str | None, _text("--lead", "The officer leading it (name or initials).")]
Due = Annotated[
    str | None,
    _text("--due", 'Due date: 2021-03-31, 31/03/2021, 31 March 2021 or March 2021 ("" clears).'),
]
Oversight = Annotated[str | None, _text("--oversight", "The board or meeting overseeing it.")]
Title = Annotated[str | None, _text("--title", "The title.")]
KindOption = Annotated[
    Kind | None,
    typer.Option(
        "--kind",
        help="policing or commissioner (default: what the ref says).",
        parser=choice(Kind, "--kind"),
    ),
]


def _run(
    ctx: typer.Context,
    db: str | None,
    plan: str | None,
    fmt: OutputFormat,
    indent: int | None,
    verb: str,
    edit: Callable[[PlanStore, PlanInfo, str], PlanEdit],
    author: str | None,
) -> None:
    """Open the store, resolve the plan, make the edit and print what it did."""
    from plandesk.store.service import current_user

    with state(ctx, db).open_store() as store:
        info = store.resolve_plan(plan)
        done = edit(store, info, current_user(author))
    if fmt is OutputFormat.JSON:
        emit_json(plan_render.edit_json(done), indent)
    else:
        echo(plan_render.edit_text(done, verb, info))


def _current_activity(store: PlanStore, info: PlanInfo, ref: str) -> int:
    """The id of the activity `ref` names; a retired one too, when no current one answers, so
    that the store can say it is retired rather than unknown."""
    from plandesk.store.errors import NotFound

    try:
        return store.resolve_activity(info.id, ref).id
    except NotFound:
        found = store.find_activities(info.id, ref, include_retired=True)
        if len(found) != 1:
            raise
        return found[0].id


# ------------------------------------------------------------------------------ activities


@activity_app.command("add")
def activity_add(
    ctx: typer.Context,
    commitment: CommitmentRef,
    text: Text = None,
    ref: NewRef = None,
    lead: Lead = None,
    due: Due = None,
    oversight: Oversight = None,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Add an activity at the end of a commitment."""
    if not (text and text.strip()):
        raise CommandError("give the activity's text with --text")
    _run(
        ctx,
        db,
        plan,
        fmt,
        indent,
        "added",
        lambda store, info, who: store.add_activity(
            info.id,
            commitment,
            text,
            author=who,
            ref=ref,
            lead=lead or "",
            due=due or "",
            oversight=oversight or "",
        ),
        author,
    )


@activity_app.command("edit")
def activity_edit(
    ctx: typer.Context,
    activity: ActivityRef,
    text: Text = None,
    ref: NewRef = None,
    lead: Lead = None,
    due: Due = None,
    oversight: Oversight = None,
    commitment: Annotated[
        str | None, _text("--commitment", "Move it to the end of this commitment.")
    ] = None,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Fix an activity's text, ref, lead, due date or oversight, or move it."""
    if all(v is None for v in (text, ref, lead, due, oversight, commitment)):
        raise CommandError(
            "say what to change: --text, --ref, --lead, --due, --oversight or --commitment"
        )

    def edit(store: PlanStore, info: PlanInfo, who: str) -> PlanEdit:
        return store.edit_activity(
            info.id,
            _current_activity(store, info, activity),
            author=who,
            text=text,
            ref=ref,
            lead=lead,
            due=due,
            oversight=oversight,
            commitment=commitment,
        )

    _run(ctx, db, plan, fmt, indent, "edited", edit, author)


@activity_app.command("retire")
def activity_retire(
    ctx: typer.Context,
    activity: ActivityRef,
    reason: Reason,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Take an activity out of the plan; it keeps its updates and history."""

    def edit(store: PlanStore, info: PlanInfo, who: str) -> PlanEdit:
        activity_id = _current_activity(store, info, activity)
        return store.retire_activity(info.id, activity_id, reason, author=who)

    _run(ctx, db, plan, fmt, indent, "retired", edit, author)


@activity_app.command("reopen")
def activity_reopen(
    ctx: typer.Context,
    activity: ActivityRef,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Bring back a retired activity, or reopen one that is done (Complete)."""

    def edit(store: PlanStore, info: PlanInfo, who: str) -> PlanEdit:
        match = store.resolve_activity(info.id, activity, include_retired=True)
        return store.reopen_activity(info.id, match.id, author=who)

    _run(ctx, db, plan, fmt, indent, "reopened", edit, author)


# ------------------------------------------------------------------------------ commitments


@commitment_app.command("add")
def commitment_add(
    ctx: typer.Context,
    objective: ObjectiveName,
    ref: NewRef = None,
    title: Title = None,
    kind: KindOption = None,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Add a commitment at the end of an objective."""
    if not (ref and ref.strip()) or not (title and title.strip()):
        raise CommandError("give the commitment's --ref and --title")
    _run(
        ctx,
        db,
        plan,
        fmt,
        indent,
        "added",
        lambda store, info, who: store.add_commitment(
            info.id, objective, ref, title, author=who, kind=kind.value if kind else None
        ),
        author,
    )


@commitment_app.command("edit")
def commitment_edit(
    ctx: typer.Context,
    commitment: CommitmentRef,
    ref: NewRef = None,
    title: Title = None,
    kind: KindOption = None,
    objective: Annotated[
        str | None, _text("--objective", "Move it to this objective (number or title start).")
    ] = None,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Change a commitment's ref, title or kind, or move it to another objective."""
    if all(v is None for v in (ref, title, kind, objective)):
        raise CommandError("say what to change: --ref, --title, --kind or --objective")
    _run(
        ctx,
        db,
        plan,
        fmt,
        indent,
        "edited",
        lambda store, info, who: store.edit_commitment(
            info.id,
            commitment,
            author=who,
            ref=ref,
            title=title,
            kind=kind.value if kind else None,
            objective=objective,
        ),
        author,
    )


@commitment_app.command("retire")
def commitment_retire(
    ctx: typer.Context,
    commitment: CommitmentRef,
    reason: Reason,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Take a commitment and its activities out of the plan (history kept)."""
    _run(
        ctx,
        db,
        plan,
        fmt,
        indent,
        "retired",
        lambda store, info, who: store.retire_commitment(info.id, commitment, reason, author=who),
        author,
    )


@commitment_app.command("reopen")
def commitment_reopen(
    ctx: typer.Context,
    commitment: CommitmentRef,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Bring a retired commitment back, with its activities."""
    _run(
        ctx,
        db,
        plan,
        fmt,
        indent,
        "reopened",
        lambda store, info, who: store.reopen_commitment(info.id, commitment, author=who),
        author,
    )


# ------------------------------------------------------------------------------ objectives


@objective_app.command("add")
def objective_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The objective's title.", callback=valid_text)],
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Add an objective after the plan's last."""
    _run(
        ctx,
        db,
        plan,
        fmt,
        indent,
        "added",
        lambda store, info, who: store.add_objective(info.id, title, author=who),
        author,
    )


@objective_app.command("edit")
def objective_edit(
    ctx: typer.Context,
    objective: ObjectiveName,
    title: Title = None,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Retitle an objective."""
    if title is None:
        raise CommandError("give the new title with --title")
    _run(
        ctx,
        db,
        plan,
        fmt,
        indent,
        "edited",
        lambda store, info, who: store.edit_objective(info.id, objective, title, author=who),
        author,
    )
