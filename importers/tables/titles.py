"""Objective titles written in capitals ("PUTTING VICTIMS AND SURVIVORS FIRST") put in sentence
case, as the text layouts store them, keeping the names the document itself capitalises
("West Mercia" where its sentences say "West Mercia")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["sentence_case_titles"]

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:;•\n]\s*$")


def _proper_words(texts: Iterable[str]) -> set[str]:
    """Lower-cased words the texts write capitalised mid-sentence more often than not."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group()
            if word.islower():
                lower[word] += 1
            elif word[0].isupper() and word[1:].islower():
                before = text[: match.start()]
                if before.strip() and not _SENTENCE_END.search(before):
                    capital[word.lower()] += 1
    return {word for word, count in capital.items() if count > lower[word]}


def sentence_case_titles(objectives: list, texts: Iterable[str]) -> None:
    """Put every all-capitals objective title of `objectives` in sentence case."""
    shouting = [o for o in objectives if o.title.isupper() and len(_WORD.findall(o.title)) > 1]
    if not shouting:
        return
    proper = _proper_words(texts)
    for objective in shouting:
        text = objective.title.lower()
        text = _WORD.sub(
            lambda m: m.group().capitalize() if m.group() in proper else m.group(), text
        )
        objective.title = text[:1].upper() + text[1:]
