"""Hostile text (issue 11, items 10 and 15): terminal escapes, bidi overrides and bytes that are
not UTF-8, from documents, the command line, stdin and rows written before any cleaning.

Nothing written to a terminal may hold a control character other than newline and tab; what
is stored has none; exports hold no bidi override; bad bytes end in `error: …` and exit 2.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.core.text import clean_line, clean_text, for_document, printable
from plandesk.exports import ExportOptions, render_html, render_markdown
from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore, current_user

runner = CliRunner()

# Retitle the terminal, clear it, an OSC-8 link, an 8-bit CSI, and a lone carriage return.
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\x9b31m\rX"
BIDI = "\u202eevil\u202c \u2066iso\u2069"
RAW = ("\x1b", "\x07", "\x9b", "\r")


def run(db, *args, stdin=None):
    return runner.invoke(app, ["--db", str(db), *args], input=stdin)


def ok(result):
    assert result.exit_code == 0, result.output
    return result.output


def assert_terminal_safe(output: str) -> None:
    """No raw control character reached the output, and the escapes are visible instead."""
    for char in RAW:
        assert char not in output, f"raw {char!r} written to the terminal"
    assert "\\x1b]0;PWNED" in output


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "hostile.db"
    ok(run(path, "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT)))
    return path


def _stored(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


# ------------------------------------------------------------------ core.text


def test_clean_text_keeps_newlines_and_tabs_and_drops_every_other_control():
    assert clean_text("a\r\nb\rc\td") == "a\nb\nc\td"
    assert clean_text("x" + ESCAPES) == "x]0;PWNED[2J]8;;http://evil.example\\link]8;;\\31m\nX"
    assert clean_text("Word\vline\fpage") == "Word line page"
    assert clean_text("bad \udcff byte") == "bad \ufffd byte"
    assert clean_text("plain text") == "plain text"


def test_clean_line_makes_one_line():
    assert clean_line("  Bob\n\x1b[31mSmith\t[/] ") == "Bob [31mSmith [/]"


def test_printable_shows_controls_and_keeps_newlines():
    shown = printable("a\x1b[2Jb\n\tc\x9b\x00\u202e\udcff")
    assert shown == "a\\x1b[2Jb\n\tc\\x9b\\x00\\u202e\\udcff"
    assert shown.replace("\n", "").replace("\t", "").isprintable()


def test_for_document_drops_bidi_controls():
    assert for_document("x" + BIDI + "\x1b") == "xevil iso"


# ------------------------------------------------------------------ on the way in


def test_update_text_and_author_are_stored_without_controls(db):
    out = ok(run(db, "update", "A2.2", "--text", "done" + ESCAPES, "--as", "Mal\x1b[31mlory\n"))
    assert "\x1b" not in out
    rows = _stored(db, "SELECT text, author FROM progress_update WHERE author LIKE 'Mal%'")
    assert rows == [("done]0;PWNED[2J]8;;http://evil.example\\link]8;;\\31m\nX", "Mal[31mlory")]
    revisions = _stored(db, "SELECT after_text, author FROM revision WHERE author LIKE 'Mal%'")
    assert revisions == rows


def test_update_from_stdin_and_acknowledge_note_are_cleaned(db):
    ok(run(db, "update", "A2.2", "--file", "-", stdin="from stdin\x1b[2J\r\nline two\n"))
    assert _stored(db, "SELECT text FROM progress_update WHERE text LIKE 'from stdin%'") == [
        ("from stdin[2J\nline two",)
    ]
    # A3.1 is flagged (postponed): only a flagged activity can be acknowledged.
    ok(run(db, "acknowledge", "A3.1", "--note", "chased\x1b]0;x\x07 at HTA"))
    assert _stored(db, "SELECT note FROM acknowledgement") == [("chased]0;x at HTA",)]


def test_plandesk_user_with_escapes_is_cleaned(monkeypatch):
    monkeypatch.setenv("PLANDESK_USER", "\x1b]0;owned\x07Eve\r\n")
    assert current_user(None) == "]0;ownedEve"
    assert current_user("  \x1b  ") == "]0;ownedEve"  # nothing left of --as: the next source


def test_imported_document_text_and_plan_name_are_cleaned(tmp_path):
    text = QUARTERLY_EXTRACT.read_text(encoding="utf-8")
    assert "A new Victims' Strategy has been drafted" in text
    hostile = text.replace(
        "A new Victims' Strategy has been drafted",
        "A new\x1b]0;PWNED\x07 Victims'\x1b[2J Strategy has been drafted",
    )
    doc = tmp_path / "hostile.txt"
    doc.write_text(hostile, encoding="utf-8")
    db = tmp_path / "import.db"
    out = ok(run(db, "import", "--plan", "Finance\x1b[2J [/] copy", str(doc)))
    assert "\x1b" not in out
    assert _stored(db, "SELECT name FROM plan") == [("Finance[2J [/] copy",)]
    texts = [t for (t,) in _stored(db, "SELECT text FROM progress_update")]
    assert any("A new]0;PWNED Victims'[2J Strategy" in t for t in texts)
    assert not any(ch in t for t in texts for ch in RAW)


def test_store_cleans_every_writer_not_only_the_cli(store):
    """SQLite and PostgreSQL (which refuses NUL in text outright)."""
    store.import_documents(
        [read_document(QUARTERLY_EXTRACT)], author="imp\x1b[2Jorter", plan_name="P\x07lan"
    )
    info = store.resolve_plan()
    assert info.name == "Plan"
    period = store.resolve_period(info.id)
    activity = store.resolve_activity(info.id, "A2.2")
    saved = store.save_update(activity.id, period.id, "t\x1b]0;x\x07\x00", author="a\x1bb")
    assert (saved.text, saved.author) == ("t]0;x", "ab")
    assert store.history(activity.id)[-1].after_text == "t]0;x"
    flagged = store.resolve_activity(info.id, "A3.1")  # postponed: flagged by the rules
    ack = store.acknowledge(flagged.id, period.id, "n\x1b[2J", author="c\x9bd")
    assert ack is not None and (ack.note, ack.author) == ("n[2J", "cd")
    store.save_draft(activity.id, period.id, "draft\x1b[2J\x00", author="c\x9bd")
    assert [d.text for d in store.drafts(info.id, "cd")] == ["draft[2J"]


# ------------------------------------------------------------------ on the way out


@pytest.fixture
def old_rows(db):
    """Rows written before any cleaning: escapes in every name and text a command prints."""
    flagged = json.loads(ok(run(db, "stalled", "--format", "json")))[0]["ref"]
    ok(run(db, "acknowledge", flagged, "--note", "seen"))
    with sqlite3.connect(db) as conn:
        for sql in (
            "UPDATE plan SET name = name || :e",
            "UPDATE period SET label = label || :e",
            "UPDATE objective SET title = title || :e",
            "UPDATE commitment SET title = title || :e",
            "UPDATE activity SET text = text || :e",
            "UPDATE activity SET ref = ref || :e WHERE ref = 'A3.1'",
            "UPDATE oversightbody SET name = name || :e",
            "UPDATE progress_update SET text = text || :e, author = author || :e",
            "UPDATE revision SET after_text = after_text || :e, author = author || :e",
            "UPDATE acknowledgement SET note = note || :e, author = author || :e",
        ):
            conn.execute(sql, {"e": ESCAPES})
    return db


@pytest.mark.parametrize(
    "args",
    [
        ("show",),
        ("plans",),
        ("periods",),
        ("oversight", "--plan", "2018"),
        ("stalled",),
        ("history", "A2.2"),
    ],
    ids=lambda args: args[0],
)
def test_commands_never_write_raw_controls(old_rows, args):
    assert_terminal_safe(ok(run(old_rows, *args)))


@pytest.mark.parametrize(
    "args", [("show",), ("plans",), ("periods",), ("oversight", "--plan", "2018"), ("stalled",)]
)
def test_json_output_escapes_every_control(old_rows, args):
    out = ok(run(old_rows, *args, "--format", "json"))
    for char in RAW:
        assert char not in out
    # The data are all there, as JSON escapes.
    assert json.dumps(ESCAPES)[1:-1] in json.dumps(json.loads(out))


def test_error_messages_show_escapes_in_what_they_echo(db):
    result = run(db, "show", "--plan", "nope\x1b]0;PWNED\x07")
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\\x1b]0;PWNED" in result.output


def test_update_confirmation_shows_escapes_of_an_old_plan_name(old_rows):
    out = ok(run(old_rows, "update", "A2.2", "--text", "fine"))
    assert_terminal_safe(out)


# ------------------------------------------------------------------ exports


@pytest.mark.parametrize("render", [render_markdown, render_html], ids=["md", "html"])
def test_exports_hold_no_bidi_override_or_control(tmp_path, render):
    store = PlanStore.open(str(tmp_path / "e.db"))
    try:
        store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
        info = store.resolve_plan()
        period = store.resolve_period(info.id)
        activity = store.resolve_activity(info.id, "A2.2")
        store.save_update(activity.id, period.id, "Budget " + BIDI + " agreed", author="x")
    finally:
        store.close()
    # An old row (written before cleaning) with controls and bidi in names and text.
    with sqlite3.connect(tmp_path / "e.db") as conn:
        conn.execute("UPDATE plan SET name = name || ?", (BIDI + ESCAPES,))
        conn.execute("UPDATE commitment SET title = title || ?", (BIDI + ESCAPES,))
    store = PlanStore.open(str(tmp_path / "e.db"))
    try:
        info = store.resolve_plan()
        snapshot = store.snapshot(info.id, store.resolve_period(info.id).id)
        bodies = store.oversight(info.id)
    finally:
        store.close()
    text = render(snapshot, bodies, ExportOptions(generated_on=date(2026, 6, 30)))
    assert "evil" in text and "iso" in text
    for char in (*BIDI_CHARS, *RAW):
        assert char not in text, f"{char!r} in the export"


BIDI_CHARS = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068")


# ------------------------------------------------------------------ bytes that are not UTF-8


def _plandesk(db, *args: str | bytes, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "plandesk", "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def _update_rows(db):
    return _stored(db, "SELECT activity_id, period_id, text, author, version FROM progress_update")


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        ((b"update", b"A2.2", b"--text", b"bad \xff byte"), None),
        ((b"update", b"A2.2", b"--text", b"fine", b"--as", b"\xffbob"), None),
        ((b"update", b"A2.2", b"--file", b"-"), b"bad \xff stdin"),
        ((b"acknowledge", b"A2.2", b"--note", b"bad \xfe note"), None),
    ],
    ids=["text", "as", "stdin", "note"],
)
def test_invalid_bytes_are_a_clean_error_and_change_nothing(db, args, stdin):
    before = _update_rows(db)
    acks = _stored(db, "SELECT * FROM acknowledgement")
    result = _plandesk(db, *args, stdin=stdin)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert stderr.startswith("error: ") and "Traceback" not in stderr
    assert "not UTF-8" in stderr
    assert _update_rows(db) == before
    assert _stored(db, "SELECT * FROM acknowledgement") == acks


def test_invalid_bytes_in_a_file_are_a_clean_error(db, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 latin-1")
    before = _update_rows(db)
    result = run(db, "update", "A2.2", "--file", str(bad))
    assert result.exit_code == 2
    assert "is not UTF-8" in result.output
    assert _update_rows(db) == before
