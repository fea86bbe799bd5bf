"""One update's text as the rules read it: folded for matching (same offsets), the words
worth stopping at, its sentences and clauses, and the phrases it says as facts."""

from __future__ import annotations

from bisect import bisect_right

from plandesk.core.rules.compiled import Compiled
from plandesk.core.rules.evidence import Span
from plandesk.core.rules.phrases import CLAUSE_BIT, PhraseSet
from plandesk.core.rules.sentences import WORDS, cut

__all__ = ["FOLD", "UpdateText", "facts", "fold", "prefixed", "text_of"]

# Same-length replacements only, so offsets found in the folded text hold in the original.
FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


_FOLD_PAIRS = tuple((chr(code), plain) for code, plain in FOLD.items())


def fold(text: str) -> str:
    """`text.translate(FOLD)`, faster: translate looks up every character of a text that is
    not ASCII, and most such texts have none of these or one or two."""
    for char, plain in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return text


class UpdateText:
    """An update: folded for matching (same offsets), the words worth stopping at, and its
    sentences and clauses (found on first use, looked up by bisect)."""

    __slots__ = (
        "original",
        "folded",
        "candidates",
        "found",
        "complete",
        "_sentence_cuts",
        "_clause_cuts",
    )

    def __init__(self, original: str, rules: Compiled) -> None:
        self.original = original
        if original.isascii():
            self.folded = folded = original
            lowered = folded.lower()
        else:
            self.folded = folded = fold(original)
            lowered = folded.lower()
            if len(lowered) != len(folded):  # a letter whose lower case is longer: keep offsets
                lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in folded)
        self.candidates = rules.index.candidates(lowered)
        # Phrases found so far (`facts`), as several rules look for the same ones.
        self.found: dict[tuple[PhraseSet, int], list[Span]] = {}
        self.complete: dict[int, bool] = {}  # `says_complete` (engine) by negation window
        self._sentence_cuts: list[int] | None = None
        self._clause_cuts: list[int] = []

    def _cut(self) -> list[int]:
        if self._sentence_cuts is not None:
            return self._sentence_cuts
        clause_words = [at for at, bits, _ in self.candidates if bits & CLAUSE_BIT]
        sentences, self._clause_cuts = cut(self.folded, clause_words)
        self._sentence_cuts = sentences
        return sentences

    def sentence(self, at: int) -> int:
        """The number of the sentence offset `at` is in."""
        return bisect_right(self._cut(), at)

    def clause(self, at: int) -> int:
        """The number of the clause offset `at` is in."""
        self._cut()
        return bisect_right(self._clause_cuts, at)

    def clause_start(self, at: int) -> int:
        """Where the clause offset `at` is in starts."""
        self._cut()
        index = bisect_right(self._clause_cuts, at)
        return self._clause_cuts[index - 1] if index else 0

    def clause_end(self, at: int) -> int:
        """Where the clause offset `at` is in ends."""
        self._cut()
        index = bisect_right(self._clause_cuts, at)
        cuts = self._clause_cuts
        return cuts[index] if index < len(cuts) else len(self.folded)

    def words_before(self, at: int, count: int) -> list[str]:
        """The last `count` words of the clause before offset `at`."""
        if count <= 0:
            return []
        start = max(self.clause_start(at), at - 24 * count)
        return WORDS.findall(self.folded, start, at)[-count:]


_last_text: tuple[str, Compiled, UpdateText] | None = None


def text_of(original: str, rules: Compiled) -> UpdateText:
    """The update's `UpdateText`, reused when `infer_status` follows `evaluate` on the same text."""
    global _last_text
    cached = _last_text
    if cached is not None and cached[0] is original and cached[1] is rules:
        return cached[2]
    text = UpdateText(original, rules)
    _last_text = (original, rules, text)
    return text


def prefixed(text: UpdateText, at: int, phrases: PhraseSet, window: int) -> bool:
    """Whether one of `phrases` is in the `window` words of the clause before offset `at`."""
    return window > 0 and phrases.within_words(text.words_before(at, window))


def facts(text: UpdateText, phrases: PhraseSet, rules: Compiled, window: int) -> list[Span]:
    """Where `phrases` are said as facts: not negated, not merely planned (kept on the text,
    as slipping, overdue and the completion check all ask; callers do not change the list)."""
    key = (phrases, window)
    found = text.found.get(key)
    if found is not None:
        return found
    found = []
    for start, end in phrases.spans(text):
        if prefixed(text, start, rules.negation, window):
            continue
        if prefixed(text, start, rules.pending, window):
            continue
        found.append((start, end))
    text.found[key] = found
    return found
