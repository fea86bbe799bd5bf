"""Escaping officers' text and the word diff."""

from __future__ import annotations

import pytest

from plandesk.exports.markdown_text import block, escape_inline, one_line, quote, table
from plandesk.exports.word_diff import diff_lines, same_words, words
from tests.exports.markdown_checks import NASTY_LINES, PARSER, html_tokens


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
