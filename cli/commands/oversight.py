"""`plandesk oversight`: the plan's boards and what each oversees, and an officer's corrections.

With no subcommand it lists the bodies (as it always has); `link` and `unlink` fix one
activity's link to a body, `alias` and `unalias` record or forget another name for a body.
Each correction is recorded in the plan's history; an unknown ref, body or alias exits 2
having written nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from plandesk.cli import render
from plandesk.cli.options import (
    AsOption,
    CommandDbOption,
    FormatOption,
    IndentOption,
    OutputFormat,
    PlanOption,
    state,
    valid_text,
)
from plandesk.cli.output import echo, emit_json
from plandesk.cli.render_oversight import change_text, oversight_links_json

if TYPE_CHECKING:
    from plandesk.core.plan import PlanChangeView

app = typer.Typer()
oversight_app = typer.Typer(
    help="List a plan's oversight bodies and how many activities each oversees; "
    "link, unlink and alias them.",
)
app.add_typer(oversight_app, name="oversight")

ActivityRef = Annotated[
    str, typer.Argument(help="Activity ref, COMMITMENT/ACTIVITY when it repeats, or #ID.")
]
Body = Annotated[
    str,
    typer.Argument(help="The body: its name, an alias, or initials ('IOM', 'TIE Committee')."),
]


@oversight_app.callback(invoke_without_command=True)
def oversight_list(
    ctx: typer.Context,
    plan: PlanOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
    indent: IndentOption = None,
    db: CommandDbOption = None,
) -> None:
    """List a plan's oversight bodies and how many activities each oversees (json: each
    body's activities, and how each link was made)."""
    if ctx.invoked_subcommand is not None:
        return
    with state(ctx, db).open_store(reading=True) as store:
        info = store.resolve_plan(plan)
        if fmt is OutputFormat.JSON:
            links = store.oversight_links(info.id)
        else:
            bodies = store.oversight(info.id)
    if fmt is OutputFormat.JSON:
        emit_json(oversight_links_json(links), indent)
    else:
        echo(render.oversight_text(info, bodies))


def _done(change: PlanChangeView | None, unchanged: str) -> None:
    echo(change_text(change) if change is not None else unchanged)


@oversight_app.command("link")
def link_command(
    ctx: typer.Context,
    activity: ActivityRef,
    body: Body,
    plan: PlanOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Link an activity to a body by hand (kept over what the oversight text says)."""
    change = _correct_link(ctx, db, plan, activity, body, author, unlink=False)
    _done(change, f"{activity} was already linked to that body by hand; nothing changed")


@oversight_app.command("unlink")
def unlink_command(
    ctx: typer.Context,
    activity: ActivityRef,
    body: Body,
    plan: PlanOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Remove an activity's link to a body (reading the oversight text again keeps it off)."""
    _done(_correct_link(ctx, db, plan, activity, body, author, unlink=True), "")


def _correct_link(
    ctx: typer.Context,
    db: str | None,
    plan: str | None,
    activity: str,
    body: str,
    author: str | None,
    *,
    unlink: bool,
) -> PlanChangeView | None:
    from plandesk.store.service import current_user

    with state(ctx, db).open_store(reading=True) as store:
        info = store.resolve_plan(plan)
        activity_id = store.resolve_activity(info.id, activity).id
        correct = store.unlink_oversight if unlink else store.link_oversight
        return correct(info.id, activity_id, body, author=current_user(author))


@oversight_app.command("alias")
def alias_command(
    ctx: typer.Context,
    body: Body,
    alias: Annotated[
        str,
        typer.Argument(
            help="Another name officers write for it, e.g. 'IOM Board'.", callback=valid_text
        ),
    ],
    plan: PlanOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Record another name for a body; every oversight text naming it links to the body."""
    from plandesk.store.service import current_user

    with state(ctx, db).open_store(reading=True) as store:
        info = store.resolve_plan(plan)
        _done(store.add_oversight_alias(info.id, body, alias, author=current_user(author)), "")


@oversight_app.command("unalias")
def unalias_command(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(help="The alias to forget.", callback=valid_text)],
    plan: PlanOption = None,
    author: AsOption = None,
    db: CommandDbOption = None,
) -> None:
    """Forget an alias; the links it made go (links made by hand stay)."""
    from plandesk.store.service import current_user

    with state(ctx, db).open_store(reading=True) as store:
        info = store.resolve_plan(plan)
        _done(store.remove_oversight_alias(info.id, alias, author=current_user(author)), "")
