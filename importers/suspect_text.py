"""Updates that look cut off or repeated: imported as written, reported for an officer's look.

A document exported from a spreadsheet or a PDF can lose the start or the end of a cell
("sults to since last year…" for "results …"), or hold a passage twice. The importer cannot
know what was meant, so it keeps the text and says where it looks wrong.

With no dictionary to hand, the document itself is the vocabulary: a word that appears
nowhere else in it but is the tail of a word it does use is a fragment. The signals are kept
narrow on purpose (the two samples have one suspect update between them): a false alarm on
every import would teach officers to ignore the warnings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from plandesk.core.records import ActivityRecord, ObjectiveRecord, TextWarning

__all__ = ["suspect_text"]

_WORD = re.compile(r"[A-Za-z]+")
# A lowercase word at the start of the text, of a paragraph, or after a sentence's end.
_SENTENCE_START = re.compile(r"(?:\A\s*|[.!?]\s+|\n\s*)([a-z]+)\b")
_LAST_WORD = re.compile(r"\b([A-Za-z]+)\W*\Z")
# Words a sentence cannot end on: text ending on one was cut off mid-sentence.
_DANGLING = frozenset(
    "a an the and or but of to with whilst while for from by into than because although "
    "whether our their its my your".split()
)
_VOWELS = set("aeiouy")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
# A repeated sentence shorter than this is more likely a set phrase ("No change.").
_REPEAT_MIN = 40
_QUOTED_WORDS = 5

SUFFIX = "part of it may be missing from the document"


def suspect_text(source: str, objectives: Sequence[ObjectiveRecord]) -> list[TextWarning]:
    """A warning for each update in `objectives` that starts or ends mid-word or mid-sentence,
    or holds a passage twice, with the activity's line in `source`."""
    vocabulary = _Vocabulary(_texts(objectives))
    warnings = []
    for objective in objectives:
        for commitment in objective.commitments:
            for activity in commitment.activities:
                name = activity.ref or commitment.ref or f"the activity on line {activity.line}"
                for message in _suspicions(activity, vocabulary):
                    warnings.append(TextWarning(source, activity.line, f"{name}'s {message}"))
    return warnings


def _texts(objectives: Iterable[ObjectiveRecord]) -> Iterator[str]:
    for objective in objectives:
        yield objective.title
        for commitment in objective.commitments:
            yield commitment.title
            for activity in commitment.activities:
                yield activity.text
                yield activity.update or ""


def _suspicions(activity: ActivityRecord, vocabulary: _Vocabulary) -> Iterator[str]:
    text = (activity.update or "").strip()
    if not text:
        return
    for match in _SENTENCE_START.finditer(text):
        word = match.group(1)
        if vocabulary.is_fragment(word):
            where = "starts" if match.start(1) == 0 else "has a sentence that starts"
            yield f"update {where} mid-word (“{_opening(text[match.start(1) :])}”); {SUFFIX}"
            break
    last = _LAST_WORD.search(text)
    if last and text[-1].isalpha():
        word = last.group(1)
        if word.lower() in _DANGLING:
            yield f"update ends mid-sentence (“{_closing(text)}”); {SUFFIX}"
        elif word.islower() and 2 <= len(word) <= 4 and not _VOWELS & set(word):
            yield f"update ends mid-word (“{_closing(text)}”); {SUFFIX}"
    repeated = _repeated(text)
    if repeated:
        yield f"update repeats a passage (“{_opening(repeated)}”); one copy may be a left-over"


class _Vocabulary:
    """The document's words with how often each is used, and (worked out on first need) every
    tail of three letters or more of each word."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.counts = Counter(word.lower() for text in texts for word in _WORD.findall(text))
        self._tails: set[str] | None = None

    def is_fragment(self, word: str) -> bool:
        """`word` is used only here and is no word: vowel-less, or the tail of another word."""
        if self.counts[word] > 1:
            return False
        if len(word) >= 2 and not _VOWELS & set(word):
            return True
        if len(word) < 3:
            return False
        if self._tails is None:
            self._tails = {w[i:] for w in self.counts for i in range(1, len(w) - 2)}
        return word in self._tails


def _repeated(text: str) -> str | None:
    seen: set[str] = set()
    for match in _SENTENCE.finditer(text):
        sentence = " ".join(match.group().split())
        if len(sentence) < _REPEAT_MIN:
            continue
        if sentence in seen:
            return sentence
        seen.add(sentence)
    return None


def _opening(text: str) -> str:
    words = text.split()
    shown = " ".join(words[:_QUOTED_WORDS])
    return shown.rstrip(".,;:!?") + (
        "…" if len(words) > _QUOTED_WORDS or shown[-1:] in ".,;:" else ""
    )


def _closing(text: str) -> str:
    words = text.split()
    return ("…" if len(words) > _QUOTED_WORDS - 1 else "") + " ".join(words[-(_QUOTED_WORDS - 1) :])
