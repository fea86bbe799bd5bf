"""The export's word matcher finds exactly the blocks `difflib.SequenceMatcher` finds.

`exports/word_diff._matching_blocks` is a faster search for the same matching blocks (each word
one character, substring searches in C); the diffs officers read must not change because of it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from plandesk.exports.word_diff import _matching_blocks
from plandesk.samples import QUARTERLY_EXTRACT

# A small vocabulary makes repeated words (the hard case for longest-match ties) common.
WORDS = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "the", "\x00", "Q2"]), max_size=40)


def _difflib(before: list[str], after: list[str]) -> list[tuple[int, int, int]]:
    blocks = SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks()
    return [tuple(block) for block in blocks[:-1]]


@settings(max_examples=400, derandomize=True, deadline=None)
@given(WORDS, WORDS)
def test_the_same_blocks_as_difflib_on_repetitive_word_lists(before, after):
    assert _matching_blocks(before, after) == _difflib(before, after)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.data())
def test_the_same_blocks_as_difflib_on_edited_sample_text(data):
    sample = QUARTERLY_EXTRACT.read_text(encoding="utf-8", errors="replace").split()
    start = data.draw(st.integers(0, max(0, len(sample) - 200)))
    before = sample[start : start + data.draw(st.integers(0, 200))]
    after = list(before)
    for _ in range(data.draw(st.integers(0, 12))):
        action = data.draw(st.sampled_from(["insert", "delete", "repeat"]))
        at = data.draw(st.integers(0, len(after)))
        if action == "insert":
            after.insert(at, data.draw(st.sampled_from(sample[:300] or ["x"])))
        elif action == "delete" and after:
            del after[min(at, len(after) - 1)]
        elif after:
            piece = after[at : at + data.draw(st.integers(1, 8))]
            after[at:at] = piece
    assert _matching_blocks(before, after) == _difflib(before, after)
