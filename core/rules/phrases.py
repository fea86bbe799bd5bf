"""The phrase-matching engine: each phrase list as one pattern, tried only where a word one of
its phrases can start with is (`Index` finds those words in one scan of the update)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from plandesk.core.rules.dates import DATE_PREFIXES, DATE_WORDS
from plandesk.core.rules.evidence import Span
from plandesk.core.rules.sentences import CLAUSE_WORDS
from plandesk.core.rules.syntax import phrase_pattern, phrase_starts

__all__ = ["CLAUSE_BIT", "DATE_BIT", "Candidate", "Index", "PhraseSet", "Scanned", "alternation"]

# Where a phrase or date may start: offset, bits (`Index`), and the word there in lower case
# (from its first digit to its end, for a number the slower scan finds).
Candidate = tuple[int, int, str]


def alternation(phrases: Sequence[str]) -> str:
    """One pattern for a phrase list: longer phrases first, so the longest one matches."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(phrase_pattern(p) for p in ordered) or r"(?!x)x"


# Bits of the index's words: a date or a clause may start there (phrase sets have the rest).
DATE_BIT = 1
CLAUSE_BIT = 2


class Scanned(Protocol):
    """An update as the index scanned it (`plandesk.core.rules.update.UpdateText`)."""

    folded: str
    candidates: list[Candidate]


class PhraseSet:
    """One phrase list as one pattern, tried only where a word a phrase can start with is."""

    __slots__ = (
        "pattern",
        "bit",
        "starts",
        "scan_all",
        "quick",
        "_start_finder",
        "_first_words",
        "_by_word",
        "_by_phrases",
    )

    def __init__(self, phrases: Sequence[str], bit: int = 0) -> None:
        self.pattern = re.compile(alternation(phrases), re.IGNORECASE)
        self.bit = bit
        self.scan_all = False
        starts: list[tuple[str, bool]] = []
        # phrase -> the words it can start with (a star word's prefix among them)
        self._first_words: dict[str, tuple[str, ...]] = {}
        for phrase in phrases:
            found = phrase_starts(phrase)
            self.scan_all = self.scan_all or not found
            starts += found
            self._first_words[phrase] = tuple(word for word, _ in found)
        self.starts = tuple(starts)
        self._by_word: dict[str, re.Pattern[str]] = {}  # see `_pattern_at`
        self._by_phrases: dict[tuple[str, ...], re.Pattern[str]] = {}
        # For `within_words`: every word a phrase can start with, when plain ASCII letters.
        words = tuple(sorted({word for word, _ in starts}))
        self.quick = words if not self.scan_all and all(w.isascii() for w in words) else None
        # For `could_start`: those words after a space, in words in lower case each after a
        # space, with every apostrophe a space too (so a part after one is a word).
        self._start_finder = None
        if self.quick:
            spaced = (" " + re.escape(word.replace("'", " ")) for word in self.quick)
            self._start_finder = re.compile("|".join(spaced))

    def spans(self, text: Scanned, *, first: bool = False) -> list[Span]:
        """Where the phrases are in the text, left to right, not overlapping."""
        folded = text.folded
        if self.scan_all:
            found = [(m.start(), m.end()) for m in self.pattern.finditer(folded)]
            return found[:1] if first else found
        bit = self.bit
        by_word = self._by_word
        found = []
        reached = -1
        for position, bits, word in text.candidates:
            if bits & bit and position >= reached:
                pattern = by_word.get(word) or self._pattern_at(word)
                hit = pattern.match(folded, position)
                if hit is not None:
                    found.append((position, hit.end()))
                    if first:
                        break
                    reached = hit.end()
        return found

    def _pattern_at(self, word: str) -> re.Pattern[str]:
        """The pattern to try where `word` (a candidate's) starts: of the phrases, those that
        can start there, in the same order, so it finds what the whole pattern would.

        A phrase starts with one of its first words (`phrase_starts`), matched from where the
        word starts, so it can start only where the word starts with one of them. Words
        that are not ASCII get the whole pattern (see `within_words`)."""
        if self.quick is None or not word.isascii():
            pattern = self.pattern
        else:
            phrases = tuple(
                phrase for phrase, firsts in self._first_words.items() if word.startswith(firsts)
            )
            pattern = self._by_phrases.get(phrases)
            if pattern is None:
                pattern = re.compile(alternation(phrases), re.IGNORECASE)
                self._by_phrases[phrases] = pattern
        if len(self._by_word) > 10_000:  # a bound, as words with a prefix are many
            self._by_word.clear()
        self._by_word[word] = pattern
        return pattern

    def within(self, snippet: str) -> bool:
        """True when a phrase is anywhere in a short piece of text."""
        return self.pattern.search(snippet) is not None

    def within_words(self, words: list[str]) -> bool:
        """`within(" ".join(words))` for words as `WORDS` finds them, mostly answered without
        searching (`could_start`)."""
        return self.could_start(words) and self.within(" ".join(words))

    def could_start(self, words: list[str]) -> bool:
        """False when no phrase can start in these words (as `WORDS` finds them): a phrase
        starts where a word does, or a part of a word after an apostrophe, and there it starts
        with one of `quick` (the words given in lower case). Words that are not ASCII may
        start one, as case-insensitive matching is more than `str.lower` there ("ſ" matches
        "s")."""
        if self._start_finder is None:  # no phrases (False), or no quick answer (True)
            return self.quick is None
        joined = " ".join(words)
        if not joined.isascii():
            return True
        spaced = " " + joined.lower().replace("'", " ")
        return self._start_finder.search(spaced) is not None


class Index:
    """The words worth stopping at in an update: where a phrase or a date may start."""

    __slots__ = ("exact", "prefixes", "by_length", "finder", "fast")

    def __init__(self, sets: Sequence[PhraseSet]) -> None:
        exact: dict[str, int] = {word: DATE_BIT for word in DATE_WORDS}
        for word in CLAUSE_WORDS:
            exact[word] = exact.get(word, 0) | CLAUSE_BIT
        prefix_bits: dict[str, int] = {prefix: DATE_BIT for prefix in DATE_PREFIXES}
        for phrase_set in sets:
            for word, is_prefix in phrase_set.starts:
                table = prefix_bits if is_prefix else exact
                table[word] = table.get(word, 0) | phrase_set.bit
        self.exact = exact
        self.prefixes = tuple(sorted(prefix_bits))
        by_length: dict[int, dict[str, int]] = {}
        for prefix, bits in prefix_bits.items():
            by_length.setdefault(len(prefix), {})[prefix] = bits
        self.by_length = tuple(sorted(by_length.items()))
        # One scan finds every word worth a look: a word in `exact`, a word starting with a
        # prefix, or a number. Tries keep the pattern fast on long updates.
        self.finder = re.compile(
            rf"(?<!\w)(?<!\w')(?:(?:{_trie(exact)})(?!\w)(?!'\w)|(?:{_trie(prefix_bits)})"
            r"\w*(?:'\w+)*|\d)"
        )
        # The same words, found faster, in most updates (see `_FastScan`).
        words = [*exact, *prefix_bits]
        self.fast = _FastScan(self) if all(word.isascii() for word in words) else None

    def candidates(self, lowered: str) -> list[Candidate]:
        """(offset, bits, word) of every word where a phrase set's bit or a date may start."""
        if self.fast is not None:
            data = _ascii_view(lowered)
            if data is not None:
                return self.fast.candidates(data)
        found = []
        for match in self.finder.finditer(lowered):
            word = match.group()
            bits = self.bits_of(word)
            if bits:
                found.append((match.start(), bits, word))
        return found

    def bits_of(self, word: str) -> int:
        """The bits of a word the finder stopped at (a number: just the date bit)."""
        if word[0].isdigit():
            return DATE_BIT
        return self.exact.get(word, 0) | self.prefix_bits(word)

    def prefix_bits(self, word: str) -> int:
        """The bits of every prefix the word starts with."""
        bits = 0
        if word.startswith(self.prefixes):
            for length, table in self.by_length:
                bits |= table.get(word[:length], 0)
        return bits


# Every byte that is not a word character or an apostrophe, as a space: then (nearly) every
# word starts just after a space, which the regular expression engine finds much faster than a
# word boundary. Bytes from 128 up never occur (`_ascii_view`).
_SPACED = bytes(b if b < 128 and (chr(b).isalnum() or chr(b) in "_'") else 32 for b in range(256))


_NON_ASCII_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")


def _ascii_view(lowered: str) -> bytes | None:
    """The text as ASCII bytes with the same offsets (other characters as "?"), or None when a
    character outside ASCII is a letter or digit, and so part of a word."""
    if lowered.isascii():
        return lowered.encode("ascii")
    if _NON_ASCII_WORD_CHAR.search(lowered):
        return None
    return lowered.encode("ascii", "replace")


class _FastScan:
    """`Index.candidates` for text `_ascii_view` can turn into bytes: the same offsets and bits.

    The finder stops where a word starts: not after a word character, nor after a word
    character and an apostrophe. With `_SPACED` bytes and a space in front, that is after a
    space, or after an apostrophe that follows no word character; a pattern starting with a
    space is fast to search. Each match is that space or apostrophe and the whole word, whose
    bits are kept (never none: every word in the index has some).
    """

    __slots__ = ("after_space", "after_quote", "index", "known")

    def __init__(self, index: Index) -> None:
        rest = r"\w*(?:'\w+)*"  # the rest of the word, whatever it is
        root: dict[str, dict] = {}
        for words, kind in ((index.exact, _EXACT), (index.prefixes, _PREFIX)):
            for word in words:
                node = root
                for char in word:
                    node = node.setdefault(char, {})
                node[kind] = {}
        words = f"(?:{_fast_trie(root, rest)}|\\d{rest})".encode("ascii")
        self.after_space = re.compile(b" " + words)
        self.after_quote = re.compile(b"'(?<!\\w')" + words)
        self.index = index
        # (bits, word) by match: the same few words come up again and again
        self.known: dict[bytes, tuple[int, str]] = {}

    def candidates(self, data: bytes) -> list[Candidate]:
        # The space in front shifts every offset by one, which makes each match's start the
        # word's offset in the text.
        spaced = b" " + data.translate(_SPACED)
        known = self.known
        if len(known) > 100_000:  # a bound, should a plan's words never repeat
            known.clear()
        found = []
        quoted = b"'" in spaced
        for matches in (
            self.after_space.finditer(spaced),
            self.after_quote.finditer(spaced) if quoted else (),
        ):
            for match in matches:
                key = match.group()
                entry = known.get(key)
                if entry is None:
                    word = key[1:].decode("ascii")
                    entry = known[key] = (self.index.bits_of(word), word)
                found.append((match.start(), *entry))
        if quoted:
            found.sort()  # words after an apostrophe were found last
        return found


_EXACT = "exact"  # trie marks: a word ends here, or any word starting here will do
_PREFIX = "prefix"
# The first letters of English words, most frequent first: `_fast_trie` tries them in this
# order, as the engine tries a pattern's alternatives one by one.
_LETTER_ORDER = {char: rank for rank, char in enumerate("tasoiwcbpfhmdrelnguyvjkqzx")}


def _fast_trie(node: dict[str, dict], rest: str) -> str:
    """A pattern for the words of a trie, each matched whole: one in `_EXACT` alone, one with
    a prefix in `_PREFIX` with its `rest`."""
    if _PREFIX in node:  # whatever follows, the match is the same: the whole word
        return rest
    chars = sorted((c for c in node if len(c) == 1), key=lambda c: (_LETTER_ORDER.get(c, 99), c))
    branches = [re.escape(char) + _fast_trie(node[char], rest) for char in chars]
    if _EXACT in node:
        branches.append(r"(?!\w)(?!'\w)")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, shaped as a trie (fast to try)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root) or r"(?!x)x"
