"""Words, sentences and clauses of an update, as the rules count them."""

from __future__ import annotations

import re

__all__ = ["CLAUSE_WORDS", "WORDS", "cut"]

WORDS = re.compile(r"\w+(?:'\w+)*")
# The marks that cut an update into sentences and clauses, told apart by the group that
# matches: a sentence ends after a line break, or after ".", "!" or "?" followed by a space or
# the end; a clause ends before and starts after a comma, bracket and the like, and ends before
# a dash between spaces. (A pattern starting with a set of characters is fast to search.)
_CUT_MARK = re.compile(
    r"[.!?\n,;:()\[\]\"\-]"
    r"(?:(?<=\n)()|(?<=[.!?])(?!\S)()|(?<=[,;:()\[\]\"])()|(?<=\s-)(?=\s)())"
)
_SENTENCE_ENDS = frozenset({1, 2})  # the groups of `_CUT_MARK`
_CLAUSE_MARK = 3
CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "whereas", "therefore"})


def cut(folded: str, clause_words: list[int]) -> tuple[list[int], list[int]]:
    """Where sentences end and where clauses start or end in a folded update, in order;
    `clause_words` are the offsets of words that start a clause ("but", "however")."""
    sentences = []
    clauses = list(clause_words)
    for mark in _CUT_MARK.finditer(folded):
        end = mark.end()
        if mark.lastindex in _SENTENCE_ENDS:
            sentences.append(end)
            clauses.append(end)
        elif mark.lastindex == _CLAUSE_MARK:
            clauses += (end - 1, end)
        else:  # a dash between spaces
            clauses.append(end - 1)
    return sentences, sorted(set(clauses))
