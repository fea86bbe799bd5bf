"""`cli.wrapping` wraps exactly as `textwrap.wrap` does: on every line of both samples, on the
texts of a generated plan, and on random text made of the characters where the two could differ
(hyphens, runs of spaces, tabs, other whitespace, words longer than the width)."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from plandesk.bench.generate import synthetic_documents
from plandesk.cli import render
from plandesk.cli.wrapping import wrap_line, wrap_text
from plandesk.samples import ALL

INDENTS = ["", "    ", "      ", "        "]


def reference_text(text: str, width: int, indent: str) -> str:
    """What `render.wrap` printed before `cli.wrapping`: `textwrap` line by line."""
    lines = []
    for line in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent))
        if not line.strip():
            lines.append("")
    return "\n".join(lines)


def test_every_line_of_the_samples_wraps_as_textwrap_wraps_it():
    lines = [line for path in ALL for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 500
    for indent in INDENTS:
        for width in (render.WIDTH, 40, 12):
            for line in lines:
                expected = textwrap.wrap(
                    line, width, initial_indent=indent, subsequent_indent=indent
                )
                assert wrap_line(line, width, indent) == expected, (line, width, indent)


def test_a_generated_plans_texts_wrap_as_textwrap_wraps_them():
    texts = []
    for document in synthetic_documents(300, 2, seed=3):
        for activity in document.activities():
            texts += [activity.text, activity.oversight, activity.update or ""]
    assert sum("-" in t for t in texts) > 10 and sum(len(t) > 200 for t in texts) > 100
    for indent in INDENTS:
        for text in texts:
            assert render.wrap(text, indent) == reference_text(text, render.WIDTH, indent)


PIECES = [*"ab- .,\t\xa0\u2009\x1fé—", "--", "  ", "word", "long" * 9, "\n"]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=600, deadline=None)
@given(TRICKY, st.integers(min_value=1, max_value=50), st.sampled_from(INDENTS))
def test_random_text_wraps_as_textwrap_wraps_it(text, width, indent):
    if width <= len(indent):
        width = len(indent) + 1
    assert wrap_text(text, width, indent) == reference_text(text, width, indent)


# Words and single spaces only: the lines cut at the last space that fits.
PLAIN = st.lists(st.sampled_from(["a", "bb", "word", "é—x", "long" * 6]), max_size=60).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(PLAIN, st.integers(min_value=1, max_value=40), st.sampled_from(INDENTS))
def test_random_plain_words_wrap_as_textwrap_wraps_them(text, width, indent):
    width = max(width, len(indent) + 1)
    assert wrap_text(text, width, indent) == reference_text(text, width, indent)
