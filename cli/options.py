"""What every command shares: the run's state (`ctx.obj`), option types and choices, the store.

Choices are `Enum`s, parsed here rather than by Click so that a bad value reads like every
other input error (`error: --format must be text or json, not 'xml'`, exit 2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from plandesk.cli.errors import CommandError
from plandesk.core.text import has_undecodable

if TYPE_CHECKING:
    from plandesk.store.service import PlanStore

__all__ = [
    "AsOption",
    "CommandDbOption",
    "DbOption",
    "ExportFormat",
    "FormatOption",
    "IndentOption",
    "Only",
    "OutputFormat",
    "PeriodOption",
    "WritePeriodOption",
    "PlanOption",
    "State",
    "choice",
    "state",
    "valid_text",
]


class OutputFormat(StrEnum):
    """`--format` of the reading commands."""

    TEXT = "text"
    JSON = "json"


class ExportFormat(StrEnum):
    """`export --format`."""

    MD = "md"
    HTML = "html"
    DOCX = "docx"
    XLSX = "xlsx"


class Only(StrEnum):
    """`export --only`: which activities the summary keeps."""

    STALLED = "stalled"
    CHANGED = "changed"


E = TypeVar("E", bound=Enum)


def choice(kind: type[E], option: str, *, any_case: bool = True) -> Callable[[Any], E]:
    """An option parser for `kind`'s values (in any case, unless `any_case` is False)."""
    names = " or ".join(str(member.value) for member in kind)

    def parse(value: Any) -> E:
        if isinstance(value, kind):
            return value
        given = str(value).lower() if any_case else str(value)
        try:
            return kind(given)
        except ValueError:
            raise CommandError(f"{option} must be {names}, not {given!r}") from None

    return parse


def valid_text(ctx: typer.Context, param: Any, value: str | None) -> str | None:
    """Option callback: refuse text holding bytes that are not UTF-8, before anything runs."""
    if value is not None and has_undecodable(value):
        name = param.opts[0] if getattr(param, "opts", None) else param.name
        raise CommandError(f"{name} holds bytes that are not UTF-8; nothing was changed")
    return value


@dataclass
class State:
    """What the options before the command chose, kept in the Typer context's `obj`."""

    db: str | None = None

    @contextmanager
    def open_store(
        self, target: str | None = None, *, reading: bool = False
    ) -> Iterator[PlanStore]:
        """The store for `target` (default: `--db`), closed afterwards. A command that is
        `reading` only never creates a database: a missing SQLite file is an error."""
        from plandesk.store.service import PlanStore

        store = PlanStore.open(target or self.db, create=not reading)
        try:
            yield store
        finally:
            store.close()


def state(ctx: typer.Context, db: str | None = None) -> State:
    """The run's state; a `--db` given after the command wins over one given before it."""
    found = ctx.find_object(State) or ctx.ensure_object(State)
    if db is not None:
        found.db = db
    return found


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
WritePeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="Period label, e.g. '2020/21 Q2' (default: the latest open period; a closed "
        "period refuses writes).",
    ),
]
CommandDbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file path or postgresql:// URL (same as before the command)."
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="text or json.", parser=choice(OutputFormat, "--format")),
]
MAX_INDENT = 16


def _indent(value: Any) -> int:
    """`--indent`: a number of spaces, refused like every other bad input."""
    try:
        spaces = int(str(value).strip())
    except ValueError:
        spaces = -1
    if not 0 <= spaces <= MAX_INDENT:
        raise CommandError(
            f"--indent must be a number of spaces from 0 to {MAX_INDENT}, not {value!r}"
        )
    return spaces


IndentOption = Annotated[
    int | None,
    typer.Option(
        "--indent",
        metavar="N",
        help="With --format json: indent by N spaces (default: compact, on one line).",
        parser=_indent,
    ),
]
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Author to record (default: $PLANDESK_USER or your login).",
        callback=valid_text,
    ),
]
