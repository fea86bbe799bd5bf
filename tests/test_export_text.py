"""Escaping officers' text and the word diff; also the hand-built snapshot the export tests share.

`make_snapshot` builds views directly (no database), so the export tests run even while the
store's stall rules change; it uses `plandesk.core.rules.engine.Flag` when that module exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from markdown_it import MarkdownIt

from plandesk.core.plan import (
    AckView,
    ActivityView,
    BodyView,
    CommitmentView,
    ObjectiveView,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    UpdateView,
)
from plandesk.exports.markdown_text import block, escape_inline, one_line, quote, table
from plandesk.exports.word_diff import diff_lines, same_words, words

try:
    from plandesk.core.rules.engine import Flag
except ImportError:  # the stall rules are being written; a look-alike does for these tests

    @dataclass(frozen=True)
    class Flag:  # type: ignore[no-redef]
        rule: str
        detail: str
        spans: tuple[tuple[int, int], ...] = ()


PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # raw HTML *on*: to find it

PLAN = PlanInfo(1, "Test Plan", "2030", datetime(2030, 1, 1, tzinfo=UTC))
Q1 = PeriodInfo(1, 1, "2030/31 Q1", date(2030, 4, 1), date(2030, 6, 30))
Q2 = PeriodInfo(2, 1, "2030/31 Q2", date(2030, 7, 1), date(2030, 9, 30))
AT = datetime(2030, 10, 2, 9, 30, tzinfo=UTC)
BODIES = [
    BodyView(1, "Victims Board", "Oversees victim services", "Quarterly", True, False, "", 3),
    BodyView(2, "Crime Reduction Board", "Partnership", "Monthly", False, True, "Alliance", 2),
]


def make_snapshot(
    update: str = "Work continues.\nNext step agreed.",
    previous: str = "Work started.",
    officer: str | None = None,
    *,
    with_previous: bool = True,
) -> PlanSnapshot:
    """A small plan in period Q2 covering every case the document shows.

    `update` and `previous` become every activity's update texts in Q2 and Q1 ("Progress: "
    and "Earlier: " in front, so each always counts as changed); `officer`, when given,
    replaces every other piece of officers' text (titles, activity text, oversight, notes,
    flag details) too.
    """
    o = officer

    def upd(aid: int, period: PeriodInfo, text: str, status: str = "") -> UpdateView:
        return UpdateView(aid * 10 + period.id, aid, period.id, text, status, "importer", AT, 1)

    def act(aid, cid, pos, ref, text, oversight, **kw) -> ActivityView:
        current = kw.pop("current", f"Progress: {update}")
        earlier = kw.pop("earlier", f"Earlier: {previous}")
        return ActivityView(
            aid,
            cid,
            pos,
            ref,
            o if o is not None else text,
            o if o is not None else oversight,
            kw.pop("stands", False),
            update=upd(aid, Q2, current, kw.pop("officer_status", "")) if current else None,
            previous=upd(aid, Q1, earlier) if earlier and with_previous else None,
            **kw,
        )

    def flag(rule: str, detail: str) -> Flag:
        return Flag(rule, o if o is not None else detail, ())

    a11 = act(
        11,
        1,
        1,
        "A1.1",
        "Train officers",
        "Victims Board",
        bodies=("Victims Board",),
        status="Stalled",
        flags=(flag("no news", 'says only "Refer to A1.2"'),),
    )
    a12 = act(12, 1, 2, "A1.2", "Audit skills", "VB", bodies=("Victims Board",), status="Complete")
    a21 = act(
        21,
        2,
        1,
        None,
        "",
        "Crime Reduction Board; Victims Board",
        stands=True,
        bodies=("Crime Reduction Board", "Victims Board"),
        status="At risk",
        flags=(flag("slipping", 'the update says "postponed"'),),
        acknowledged=AckView(o if o is not None else "chased at the board", "ann", AT),
    )
    b11 = act(31, 3, 1, None, "Unnumbered activity", "", status="No update", current="")
    b12 = act(
        32,
        3,
        2,
        "B1.2",
        "Response times",
        "Crime Reduction Board",
        bodies=("Crime Reduction Board",),
        status="In Progress",
        officer_status="in progress",
        earlier="",
    )
    objectives = [
        ObjectiveView(
            1,
            1,
            o if o is not None else "Putting victims first",
            [
                CommitmentView(1, 1, 1, "A1", "policing", o or "Support victims", [a11, a12]),
                CommitmentView(2, 1, 2, "A2", "commissioner", o or "Commission services", [a21]),
            ],
        ),
        ObjectiveView(
            2,
            2,
            o if o is not None else "Building a secure place",
            [CommitmentView(3, 2, 3, "B1", "policing", o or "Respond quickly", [b11, b12])],
        ),
        ObjectiveView(3, 3, o if o is not None else "Empty objective", []),
    ]
    return PlanSnapshot(PLAN, Q2, Q1 if with_previous else None, objectives)


def html_tokens(markdown: str) -> list:
    """Every raw-HTML token markdown-it finds (it must find none)."""
    found = []
    for token in PARSER.parse(markdown):
        if token.type == "html_block":
            found.append(token)
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(child)
    return found


def inline_text(markdown: str) -> str:
    """The text of a Markdown fragment as markdown-it reads it (one paragraph per line)."""
    out = []
    for token in PARSER.parse(markdown):
        if token.type == "inline":
            parts = []
            for child in token.children or ():
                if child.type == "text":
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                elif child.type not in ("strong_open", "strong_close", "s_open", "s_close"):
                    raise AssertionError(f"unexpected inline token {child.type}")
            out.append("".join(parts))
    return "\n".join(out)


# ------------------------------------------------------------------------------ escaping

NASTY_LINES = [
    "| a | b |",
    "*bold* _it_ **x** __y__",
    "# heading",
    "## heading ##",
    "`code` ```fence",
    "~~~",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![img](http://example.com/x.png)",
    "<http://example.com>",
    "1. first",
    "2) second",
    "- dash",
    "+ plus",
    "* star",
    "> quote",
    "---",
    "===",
    "&amp; &#60; &lt;",
    "back\\slash\\",
    "[ref]: http://example.com",
    "    indented code",
    "trailing two spaces  ",
]


@pytest.mark.parametrize("line", NASTY_LINES)
def test_inline_text_reads_back_literally(line):
    escaped = escape_inline(line.strip())
    parsed = PARSER.parse(escaped)
    assert [t.type for t in parsed] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(escaped) == line.strip()
    assert not html_tokens(escaped)


def test_one_line_collapses_newlines():
    assert one_line("a\nb\r\nc\u2028d") == "a b c d"
    assert one_line("a\n\nb", newline=" / ") == "a / b"
    assert one_line("1. x", at_line_start=False) == "1. x"
    assert one_line("1. x") == "1\\. x"


def test_block_keeps_lines_paragraphs_and_bullets():
    text = "Intro line\nsecond line\n\n• first\n· second\n- third\n* fourth\nAfter\n\n\n1. one"
    lines = block(text)
    assert lines == [
        "Intro line\\",
        "second line",
        "",
        "- first",
        "- second",
        "- third",
        "- fourth",
        "",
        "After",
        "",
        "1\\. one",
    ]
    html = PARSER.render("\n".join(quote(lines)))
    assert html.count("<li>") == 4 and "<br />" in html and "<ol" not in html


def test_block_drops_controls_and_blank_text():
    assert block("  \n\t\n") == []
    assert block("a\x00b\x1bc\td") == ["abc d"]


def test_table_cells_cannot_split():
    rows = [[one_line("a | b \\"), "1"]]
    md = "\n".join(table(["Name", "N"], rows, ["l", "r"]))
    tokens = PARSER.parse(md)
    cells = [t for t in tokens if t.type == "inline"]
    # The table plugin consumes the backslash before the pipe; the cell stays whole.
    assert [c.content for c in cells][2:] == ["a | b \\\\", "1"]
    assert inline_text(md).split("\n")[2] == "a | b \\"


# ------------------------------------------------------------------------------ word diff


def test_words_keep_line_breaks():
    assert words("a  b\n\n c\n") == ["a", "b", "\n", "c"]
    assert same_words("a b\nc", "a  b c")
    assert not same_words("a b", "a c")


def test_diff_marks_deleted_and_inserted_words():
    lines = diff_lines("Board met in May.", "Board met in June, *again*.")
    assert lines == ["Board met in ~~May.~~ **June, \\*again\\*.**"]
    html = PARSER.render("\n".join(lines))
    assert "<s>May.</s> <strong>June, *again*.</strong>" in html


def test_diff_keeps_lines_and_never_spans_a_break():
    lines = diff_lines("one two\nthree", "one\nthree four")
    assert lines == ["one ~~two~~\\", "three **four**"]
    assert not html_tokens("\n".join(lines))
