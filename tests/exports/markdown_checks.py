"""Reading an export's Markdown back, as a reader's renderer would, and the lines most likely
to break it."""

from __future__ import annotations

from markdown_it import MarkdownIt

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # raw HTML *on*: to find it


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
