"""Whatever officers type, the summary keeps its structure and carries no HTML.

Property tests (hypothesis) put arbitrary text, heavy on Markdown and HTML syntax, into a
snapshot's updates and into every other piece of officers' text, then re-parse the Markdown
with markdown-it and compare it with the document made from harmless text. Explicit examples
cover each known-nasty input on its own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plandesk.exports import ExportOptions, render_html, render_markdown
from plandesk.exports.markdown_text import block, normalise, one_line, quote
from plandesk.exports.word_diff import diff_lines
from tests.exports.markdown_checks import NASTY_LINES, PARSER, html_tokens
from tests.factories import BODIES, make_snapshot

OPTIONS = ExportOptions(generated_on=date(2024, 5, 1))
NASTY = [
    *NASTY_LINES,
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "[x]: javascript:alert(1)",
    "[x]\n\n[x]: javascript:alert(1)",
    "<!-- comment -->",
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "\\",
    "\\\n",
    "-",
    "1.",
    "#",
    "|",
    "| --- | --- |",
    "|---|",
    "• bullet\n· middle dot\n- dash",
    "line\n\n\nafter blank lines",
    "\r\n\r",
    "\u2028\u2029\x85\x0b\x0c",
    "\x00\x1b[31m",
    "\t\tcode",
    "    ```\n    code\n    ```",
    "Setext\n===",
    "Setext\n---",
    "***",
    "~~strike~~",
    "**",
    "~~",
    "a\\\nb",
]
PIECES = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.sampled_from(list("|*_#`<>[]()!~\\-+=.:&;/\"' \n\r\tx1aA•·")), max_size=15),
    st.text(max_size=10),  # any code point
    st.sampled_from(["\n", "\n\n", "  \n", "\r\n", " ", "1. ", "- ", "# ", "> ", "    "]),
)
TEXT = st.lists(PIECES, max_size=8).map("".join)


def outline(markdown: str) -> list[tuple]:
    """Everything markdown-it sees outside block quotes (updates live inside them)."""
    found = []
    depth = 0
    for token in PARSER.parse(markdown):
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif depth == 0:
            found.append((token.type, token.tag, token.content if token.type == "inline" else ""))
    assert depth == 0
    return found


def skeleton(markdown: str) -> dict:
    """Heading levels and table shape: what any officer text must leave alone."""
    tokens = PARSER.parse(markdown)
    return {
        "headings": [t.tag for t in tokens if t.type == "heading_open"],
        "tables": sum(1 for t in tokens if t.type == "table_open"),
        "rows": sum(1 for t in tokens if t.type == "tr_open"),
        "cells": sum(1 for t in tokens if t.type in ("td_open", "th_open")),
        "blockquotes": sum(1 for t in tokens if t.type == "blockquote_open"),
    }


BASE = render_markdown(make_snapshot("Plain words.", "Older words."), BODIES, OPTIONS)
BASE_OUTLINE = outline(BASE)
BASE_SKELETON = skeleton(BASE)
BASE_OFFICER = skeleton(render_markdown(make_snapshot(officer="Plain words"), BODIES, OPTIONS))


def check_html(page: str) -> None:
    """No script, no link or embedded resource, nothing from an entry inside a tag.

    The only links are the exporter's own to a heading of the same page (`<a href="#a1-1">`,
    anchors of `a-z 0-9 -` only), and each goes to an id the page has.
    """
    ids = set(re.findall(r'<h[1-6] id="([a-z0-9-]+)">', page))
    targets = re.findall(r'<a href="#([^"]*)">', page)
    assert set(targets) <= ids, set(targets) - ids
    assert all(re.fullmatch(r"[a-z0-9-]+", target) for target in targets)
    own_links = re.sub(r'<a href="#[a-z0-9-]+">', "<own-link>", page)
    tags = "\n".join(re.findall(r"<[^>]*>", own_links)).lower()
    assert "<script" not in tags and "javascript:" not in tags
    assert not re.search(r"<(a|img|iframe|object|embed|link|svg|form|input)\b", tags)
    assert not re.search(r"\b(src|href|on[a-z]+)\s*=", tags)
    assert "http:" not in tags and "https:" not in tags


def check_update_text(update: str, previous: str) -> None:
    for only in (None, "changed"):
        options = ExportOptions(generated_on=OPTIONS.generated_on, only=only)
        snapshot = make_snapshot(update, previous)
        md = render_markdown(snapshot, BODIES, options)
        assert not html_tokens(md)
        if only is None:
            assert outline(md) == BASE_OUTLINE
            assert skeleton(md) == BASE_SKELETON
            check_html(render_html(snapshot, BODIES, options))


def check_officer_text(text: str) -> None:
    snapshot = make_snapshot(text, text, officer=text)
    md = render_markdown(snapshot, BODIES, OPTIONS)
    assert not html_tokens(md)
    assert skeleton(md) == BASE_OFFICER
    check_html(render_html(snapshot, BODIES, OPTIONS))


@settings(max_examples=200, deadline=None)
@given(update=TEXT, previous=TEXT)
def test_update_text_cannot_change_the_document(update, previous):
    check_update_text(update, previous)


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_officer_text_anywhere_cannot_change_the_skeleton(text):
    check_officer_text(text)


_BULLET = re.compile(r"^(?:[•·◦▪‣∙●○■□➢➤►▸]\s*|[-*–—]\s+|-(?=[^\W\d_]))(?=\S)")


def visible_text(markdown: str) -> str:
    """All text markdown-it reads from a fragment, whitespace removed."""
    parts = []
    for token in PARSER.parse(markdown):
        for child in token.children or ():
            assert child.type in (
                "text",
                "softbreak",
                "hardbreak",
                "strong_open",
                "strong_close",
                "s_open",
                "s_close",
            ), child.type
            parts.append(child.content)
    return "".join("".join(parts).split())


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
@example("• a\n-b\n- c\n1. d\n\\")
def test_block_reads_back_as_the_same_text(text):
    lines = [" ".join(line.split()) for line in normalise(text).split("\n")]
    expected = "".join(_BULLET.sub("", line) for line in lines)
    assert visible_text("\n".join(quote(block(text)))) == "".join(expected.split())


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_one_line_reads_back_as_the_same_text(text):
    assert visible_text(one_line(text)) == "".join(normalise(text).split())


def read_diff(markdown: str) -> tuple[list[str], list[str]]:
    """(old words, new words) as a reader of the diff sees them."""
    old: list[str] = []
    new: list[str] = []
    state = "plain"
    for token in PARSER.parse(markdown):
        for child in token.children or ():
            if child.type in ("strong_open", "s_open"):
                assert state == "plain"
                state = child.type
            elif child.type in ("strong_close", "s_close"):
                state = "plain"
            elif child.type in ("softbreak", "hardbreak"):
                old.append(" ")
                new.append(" ")
            else:
                assert child.type == "text", child.type
                if state != "strong_open":
                    old.append(child.content)
                if state != "s_open":
                    new.append(child.content)
    return "".join(old).split(), "".join(new).split()


@settings(max_examples=200, deadline=None)
@given(old=TEXT, new=TEXT)
@example("Board met in May.", "Board met in June, *again*.")
@example("a ~~ b", "a ** b")
@example(".", ",")
def test_word_diff_marks_exactly_the_changed_words(old, new):
    markdown = "\n".join(quote(diff_lines(old, new)))
    assert not html_tokens(markdown)
    assert read_diff(markdown) == (normalise(old).split(), normalise(new).split())


@pytest.mark.parametrize("nasty", NASTY)
def test_each_nasty_update(nasty):
    check_update_text(nasty, nasty)
    check_update_text(f"intro\n{nasty}\noutro", "intro")
    check_officer_text(nasty)


@pytest.mark.parametrize(
    "nasty, shown",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("| a | b |", "| a | b |"),
        ("# heading", "# heading"),
        ("1. first", "1. first"),
        ("&amp;", "&amp;amp;"),
        ("`code`", "`code`"),
    ],
)
def test_nasty_text_is_shown_literally(nasty, shown):
    page = render_html(make_snapshot(nasty, "x"), BODIES, OPTIONS)
    assert f"Progress: {shown}" in page


@pytest.mark.parametrize("nasty", ["| x |", "*x*", "<b>", "[a](javascript:x)", "# h", " ", "\\"])
def test_nasty_refs_statuses_authors_and_rules(nasty):
    snapshot = make_snapshot()
    for objective in snapshot.objectives:
        for commitment in objective.commitments:
            commitment.ref = nasty
            for activity in commitment.activities:
                activity.ref = nasty
                activity.status = f"{nasty} status"
                if activity.update is not None:
                    activity.update = replace(activity.update, author=nasty)
                activity.flags = tuple(replace(f, rule=nasty) for f in activity.flags)
    md = render_markdown(snapshot, BODIES, OPTIONS)
    assert not html_tokens(md)
    found = skeleton(md)
    assert found["headings"] == BASE_SKELETON["headings"]
    assert found["rows"] == BASE_SKELETON["rows"]
    check_html(render_html(snapshot, BODIES, OPTIONS))


def test_the_parser_itself_refuses_javascript_links():
    # Entries never reach the parser as link syntax (brackets are escaped); this checks the
    # second line of defence: markdown-it's validateLink drops javascript: and data: URLs.
    from plandesk.exports.html import markdown_parser

    html = markdown_parser().render("[x](javascript:alert(1)) [y](JAVASCRIPT:x) <b>raw</b>")
    assert "href" not in html and "<b>" not in html
