"""What the `plandesk` command writes to a terminal, made safe to write.

Stored text may hold anything (rows written before control characters were cleaned on the way
in, a document's terminal escapes): every line goes through `core.text.printable()`, so an
update can never retitle, clear or link an officer's terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

import typer

from plandesk.core.text import BIDI_CONTROLS, printable

__all__ = ["echo", "emit_json"]

# JSON escapes C0 itself; C1, bidi controls and undecodable bytes it would leave raw.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]")


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """`typer.echo` with control characters shown as escapes (`\\x1b`), never sent."""
    typer.echo(printable(message), err=err, nl=nl)


def emit_json(data: Any, indent: int | None = None) -> None:
    """`data` as JSON; every character a terminal could act on is a `\\u` escape.

    Compact (for programs) unless `indent` (`--indent N`, for people) asks for lines indented
    by N spaces. Compact JSON is pure ASCII, every other character escaped: the fastest the
    encoder writes, and then only DEL is left to escape. Indented JSON keeps characters as
    written, the unsafe ones escaped.
    """
    if indent is None:
        text = json.dumps(data, separators=(",", ":"), default=str)
        typer.echo(text.replace("\x7f", "\\u007f"))
        return
    text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    typer.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
