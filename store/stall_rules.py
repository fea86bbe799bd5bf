"""Stall rules: which activities look stalled this period, and the words that say why.

Pure functions over plain values (no database, no UI). `evaluate` turns one activity's
`Evidence` into `Flag`s, in the order of `RULES`; each flag's `detail` quotes the words that
triggered it and its `spans` locate them in `Evidence.text` for highlighting. `infer_status`
gives the status to show when the officer has not set one.

The rules, in order:

missing
    No update at all for the period (`Evidence.text is None`).
no news
    The update is empty, or made only of no-news phrases ("No further update") and
    cross-references ("Refer to 3.5, 1.2 & 2.1.2", "See B1.1").
copied
    The update is (nearly) the previous period's: `difflib.SequenceMatcher` over the
    case-folded words (the first 1,000 of each, to bound the cost), at least `similarity`
    alike; cheap upper bounds of the ratio refuse most pairs first. A completion statement
    ("Complete") may repeat.
slipping
    Language of delay ("postponed", "on hold", "taken far longer than predicted"), unless
    - a negation shortly before it in the same clause cancels it ("no longer on hold");
    - a resolution anywhere later in the update, or before it in the same clause, reports it
      over ("re-introduced", "recommenced", "the delay has been resolved", "back on track");
    - a completion later in the same sentence, or before it in the same clause, reports the
      work done anyway ("was delayed by Covid but is now complete").
unchanged status
    The officer-set status is the same open status (not one of `final_statuses`) for
    `unchanged_periods` periods in a row, counting this one.
overdue
    A date named as a deadline or plan that fell before the period's end, with no sign of
    completion in the same sentence. A date counts when a deadline phrase comes straight before
    it ("by the end of April", "deadline of 8 Jun") or a plan phrase comes earlier in the same
    clause with no other date between ("planned for May2018", "will be taken to the Board on
    17/09/2020"); a past-tense word just before the plan phrase or between it and the date makes
    it a report of the past ("was scheduled for 21.03.18", "the target was met in April").
    Dates are compared by month: a date in the period's last month is not yet overdue, since
    updates are written during that month. A month with no year is the occurrence of that month
    nearest the period's end, from five months before it to six after ("by the end of April" in
    Jan–May 2018 is April 2018; "due in June" is June 2018, not June 2017). Bare years
    ("by 2019") end in December, financial years ("2019/20") in March; quarters ("Q1 2018") are
    ambiguous (calendar or financial) and never count.

An officer-set final status ("Complete") suppresses copied, slipping and overdue.
"""

from __future__ import annotations

import calendar
import locale
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from plandesk.core.statuses import INFERRED, is_final, known_status, shown_status
from plandesk.store.stall_config import DEFAULT_CONFIG, RuleConfig, phrase_pattern, phrase_starts

__all__ = [
    "Evidence",
    "Flag",
    "RULES",
    "STATUSES",
    "evaluate",
    "infer_status",
]

RULES: tuple[str, ...] = (
    "missing",
    "no news",
    "copied",
    "slipping",
    "unchanged status",
    "overdue",
)
# The statuses the rules infer (the vocabulary itself lives in `plandesk.core.statuses`).
STATUSES: tuple[str, ...] = INFERRED

_STALLED_RULES = frozenset({"no news", "copied", "unchanged status"})
_AT_RISK_RULES = frozenset({"slipping", "overdue"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules look at for one activity in one period."""

    text: str | None  # this period's update (None = no update at all)
    status: str = ""  # officer-set status this period, "" = not set
    previous_text: str | None = None  # the previous period's update, if any
    # statuses of the same activity in the periods before this one, most recent first
    earlier_statuses: tuple[str, ...] = ()
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """One rule that fired, why (quoting the trigger), and where the trigger is in the text."""

    rule: str
    detail: str
    spans: tuple[tuple[int, int], ...] = ()


# --- compiled patterns ---------------------------------------------------------------------

# Same-length replacements only, so offsets found in the folded text hold in the original.
_FOLD = str.maketrans(
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


_FOLD_PAIRS = tuple((chr(code), plain) for code, plain in _FOLD.items())


def _fold(text: str) -> str:
    """`text.translate(_FOLD)`, faster: translate looks up every character of a text that is
    not ASCII, and most such texts have none of these or one or two."""
    for char, plain in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return text


_WORDS = re.compile(r"\w+(?:'\w+)*")
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
_CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "whereas", "therefore"})

_REF = r"(?:\(?(?:[^\W\d_]{1,2}\.?\s?)?\d+(?:\.\d+)*\)?|above|below)"
_REF_WORDS = (
    "the update updates entry entries row rows section sections activity activities commitment "
    "commitments item items ref refs at for under in of and to or above below"
).split()
_REF_TAIL = (
    r"[\s:]*(?:(?:the\s+)?(?:update|entry|entries|row|section|activity|activities|commitment"
    r"|item|ref)s?\s+(?:at|for|under|in|of)?\s*)?"
    rf"{_REF}(?:\s*(?:,|&|and|/|-|to|or|\+)\s*{_REF})*"
)
_NO_NEWS_MAX_WORDS = 40
_COPY_WORDS = 1000  # copied: words of each update compared

_MONTH_NUMBERS = {
    name[:3].lower(): number for number, name in enumerate(calendar.month_name) if name
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])"
)
_QUAL = (
    r"(?i:(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle|close)\s+of\s+(?:the\s+)?"
    r"|mid[\s-]*|early\s+|late\s+|(?:the\s+)?(?:first|second|last)\s+(?:week|half|fortnight)"
    r"\s+of\s+)?"
)
_DAY = r"(?:(?i:the\s+)?\d{1,2}(?i:st|nd|rd|th)?\s+(?i:of\s+)?)?"
_YEAR4 = r"(?:19|20)\d{2}(?![\d/%]|\.\d)"
_ELEMENT = rf"{_DAY}{_MONTH}(?:\s*,?\s*{_YEAR4})?"
_DATE = re.compile(
    r"(?<![\w£$.])(?:"
    r"(?P<fy>(?:19|20)\d{2})\s*/\s*(?P<fy2>\d{2})(?!\d)"
    r"|(?P<quarter>Q[1-4]\s*(?:of\s*)?(?:(?:19|20)\d{2}(?:/\d{2})?|\d{2}/\d{2})?)"
    r"|(?P<num>(?P<nd>\d{1,2})[./](?P<nm>\d{1,2})[./](?P<ny>\d{4}|\d{2}))(?!\d|[./]\d)"
    rf"|(?P<chain>{_QUAL}{_ELEMENT}(?:\s*(?:/|-|,|&|and|or|to)\s*{_ELEMENT})*)"
    rf"|(?P<season>(?i:spring|summer|autumn|fall|winter)\s+(?i:of\s+)?{_YEAR4})"
    rf"|(?P<year>{_QUAL}{_YEAR4})"
    r")"
)
# Words a date can start with (lower case); any word starting with a digit can too. "the" is
# left out: a date found at "end of April" still counts after "by the".
_DATE_WORDS = frozenset(
    "very end start beginning middle close early late first second last spring summer "
    "autumn fall winter q1 q2 q3 q4".split()
)
_DATE_PREFIXES = tuple(_MONTH_NUMBERS) + ("mid",)
_CHAIN_ELEMENT = re.compile(rf"(?P<m>{_MONTH})(?:\s*,?\s*(?P<y>{_YEAR4}))?")
_SEASON_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
_YEAR_QUAL_MONTH = (("early", 3), ("mid", 6), ("middle", 6), ("first half", 6))

Span = tuple[int, int]
# Where a phrase or date may start: offset, bits (`_Index`), and the word there in lower case
# (from its first digit to its end, for a number the slower scan finds).
_Candidate = tuple[int, int, str]


def _alternation(phrases: Sequence[str]) -> str:
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(phrase_pattern(p) for p in ordered) or r"(?!x)x"


_DATE_BIT = 1
_CLAUSE_BIT = 2


class _PhraseSet:
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
        self.pattern = re.compile(_alternation(phrases), re.IGNORECASE)
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

    def spans(self, text: _Text, *, first: bool = False) -> list[Span]:
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
                pattern = re.compile(_alternation(phrases), re.IGNORECASE)
                self._by_phrases[phrases] = pattern
        if len(self._by_word) > 10_000:  # a bound, as words with a prefix are many
            self._by_word.clear()
        self._by_word[word] = pattern
        return pattern

    def within(self, snippet: str) -> bool:
        """True when a phrase is anywhere in a short piece of text."""
        return self.pattern.search(snippet) is not None

    def within_words(self, words: list[str]) -> bool:
        """`within(" ".join(words))` for words as `_WORDS` finds them, mostly answered without
        searching (`could_start`)."""
        return self.could_start(words) and self.within(" ".join(words))

    def could_start(self, words: list[str]) -> bool:
        """False when no phrase can start in these words (as `_WORDS` finds them): a phrase
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


class _Index:
    """The words worth stopping at in an update: where a phrase or a date may start."""

    __slots__ = ("exact", "prefixes", "by_length", "finder", "fast")

    def __init__(self, sets: Sequence[_PhraseSet]) -> None:
        exact: dict[str, int] = {word: _DATE_BIT for word in _DATE_WORDS}
        for word in _CLAUSE_WORDS:
            exact[word] = exact.get(word, 0) | _CLAUSE_BIT
        prefix_bits: dict[str, int] = {prefix: _DATE_BIT for prefix in _DATE_PREFIXES}
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

    def candidates(self, lowered: str) -> list[_Candidate]:
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
            return _DATE_BIT
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
    """`_Index.candidates` for text `_ascii_view` can turn into bytes: the same offsets and bits.

    The finder stops where a word starts: not after a word character, nor after a word
    character and an apostrophe. With `_SPACED` bytes and a space in front, that is after a
    space, or after an apostrophe that follows no word character; a pattern starting with a
    space is fast to search. Each match is that space or apostrophe and the whole word, whose
    bits are kept (never none: every word in the index has some).
    """

    __slots__ = ("after_space", "after_quote", "index", "known")

    def __init__(self, index: _Index) -> None:
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

    def candidates(self, data: bytes) -> list[_Candidate]:
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


class _Vocabulary:
    """Every word the no-news phrases and cross-references can contain, for a quick refusal."""

    __slots__ = ("exact", "prefixes", "any_word")

    def __init__(self, phrases: Sequence[str]) -> None:
        exact: set[str] = set(_REF_WORDS)
        prefixes: set[str] = set()
        self.any_word = False
        for phrase in phrases:
            for raw in re.split(r"[\s\[\]|]+", phrase.lower()):
                if not raw:
                    continue
                parts = _WORDS.findall(raw)
                if not parts:
                    self.any_word = True
                    continue
                exact.update(parts)
                exact.add("".join(parts))
                if raw.endswith("*"):
                    prefixes.add(parts[-1])
                    prefixes.add("".join(parts))
        self.exact = frozenset(exact)
        self.prefixes = tuple(sorted(prefixes))

    def could_be_no_news(self, text: _Text) -> bool:
        """False when the update has too many words, or a word no phrase has."""
        if len(text.folded) > 20 * _NO_NEWS_MAX_WORDS:
            return False
        lowered = text.folded.lower()
        if self.any_word:
            return len(_WORDS.findall(lowered)) <= _NO_NEWS_MAX_WORDS
        # Word by word, as most updates fail on one of their first few words.
        exact, prefixes = self.exact, self.prefixes
        for count, match in enumerate(_WORDS.finditer(lowered), 1):
            if count > _NO_NEWS_MAX_WORDS:
                return False
            word = match.group()
            if len(word) <= 2 or word in exact:
                continue
            if not word.isalpha() and any(c.isdigit() for c in word):  # letters are no digits
                continue
            if prefixes and word.startswith(prefixes):
                continue
            return False
        return True


@dataclass(frozen=True, slots=True)
class _Compiled:
    no_news: re.Pattern[str]
    vocabulary: _Vocabulary
    index: _Index
    slipping: _PhraseSet
    resolved: _PhraseSet
    completion: _PhraseSet
    ongoing: _PhraseSet
    plan: _PhraseSet
    negation: _PhraseSet
    pending: _PhraseSet
    past: _PhraseSet
    deadline_tail: re.Pattern[str]
    deadline: _PhraseSet  # the same phrases, for `_PhraseSet.could_start`
    final_statuses: frozenset[str]


@lru_cache(maxsize=16)
def _compile_config(config: RuleConfig) -> _Compiled:
    references = _alternation(config.reference_phrases)
    no_news = f"{_alternation(config.no_news_phrases)}|(?:{references}){_REF_TAIL}"
    # Sets found by scanning the update get a bit in the index; the rest only look at the few
    # words before a phrase (`_PhraseSet.within`).
    slipping = _PhraseSet(config.slipping_phrases, 4)
    resolved = _PhraseSet(config.resolved_phrases, 8)
    completion = _PhraseSet(config.completion_phrases, 16)
    ongoing = _PhraseSet(config.ongoing_phrases, 32)
    plan = _PhraseSet(config.plan_phrases, 64)
    deadlines = _alternation(config.deadline_phrases)
    return _Compiled(
        no_news=re.compile(no_news, re.IGNORECASE),
        vocabulary=_Vocabulary(config.no_news_phrases + config.reference_phrases),
        index=_Index((slipping, resolved, completion, ongoing, plan)),
        slipping=slipping,
        resolved=resolved,
        completion=completion,
        ongoing=ongoing,
        plan=plan,
        negation=_PhraseSet(config.negation_phrases),
        pending=_PhraseSet(config.pending_phrases),
        past=_PhraseSet(config.past_phrases),
        deadline_tail=re.compile(rf"(?:{deadlines})(?:\s+the)?\s*$", re.IGNORECASE),
        deadline=_PhraseSet(config.deadline_phrases),
        final_statuses=frozenset(_normal(s) for s in config.final_statuses),
    )


# The last few configs seen, by identity: `evaluate` gets the plan's config and `infer_status`
# often the default one, and looking a config up by value hashes every phrase.
_recent: dict[int, tuple[RuleConfig, _Compiled]] = {}


def _compiled(config: RuleConfig) -> _Compiled:
    """The config's patterns, compiled once: looked up by identity first, then by value."""
    cached = _recent.get(id(config))
    if cached is not None and cached[0] is config:
        return cached[1]
    compiled = _compile_config(config)
    if len(_recent) >= 8:
        _recent.clear()
    _recent[id(config)] = (config, compiled)  # keeps the config alive, so its id stays its own
    return compiled


# --- one update's text ---------------------------------------------------------------------


@lru_cache(maxsize=1024)  # statuses: a handful of strings, met on every activity
def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=1024)
def _status_key(status: str) -> str:
    """One key per status whatever its spelling: "Green" and "on track" are one status."""
    return _normal(known_status(status) or status)


class _Text:
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

    def __init__(self, original: str, rules: _Compiled) -> None:
        self.original = original
        if original.isascii():
            self.folded = folded = original
            lowered = folded.lower()
        else:
            self.folded = folded = _fold(original)
            lowered = folded.lower()
            if len(lowered) != len(folded):  # a letter whose lower case is longer: keep offsets
                lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in folded)
        self.candidates = rules.index.candidates(lowered)
        # Phrases found so far (`_facts`), as several rules look for the same ones.
        self.found: dict[tuple[_PhraseSet, int], list[Span]] = {}
        self.complete: dict[int, bool] = {}  # `_says_complete` by negation window
        self._sentence_cuts: list[int] | None = None
        self._clause_cuts: list[int] = []

    def _cut(self) -> list[int]:
        if self._sentence_cuts is not None:
            return self._sentence_cuts
        sentences = []
        clauses = [at for at, bits, _ in self.candidates if bits & _CLAUSE_BIT]
        for mark in _CUT_MARK.finditer(self.folded):
            end = mark.end()
            if mark.lastindex in _SENTENCE_ENDS:
                sentences.append(end)
                clauses.append(end)
            elif mark.lastindex == _CLAUSE_MARK:
                clauses += (end - 1, end)
            else:  # a dash between spaces
                clauses.append(end - 1)
        self._clause_cuts = sorted(set(clauses))
        self._sentence_cuts = sentences
        return sentences

    def sentence(self, at: int) -> int:
        return bisect_right(self._cut(), at)

    def clause(self, at: int) -> int:
        self._cut()
        return bisect_right(self._clause_cuts, at)

    def clause_start(self, at: int) -> int:
        self._cut()
        index = bisect_right(self._clause_cuts, at)
        return self._clause_cuts[index - 1] if index else 0

    def clause_end(self, at: int) -> int:
        self._cut()
        index = bisect_right(self._clause_cuts, at)
        cuts = self._clause_cuts
        return cuts[index] if index < len(cuts) else len(self.folded)

    def words_before(self, at: int, count: int) -> list[str]:
        """The last `count` words of the clause before offset `at`."""
        if count <= 0:
            return []
        start = max(self.clause_start(at), at - 24 * count)
        return _WORDS.findall(self.folded, start, at)[-count:]


_last_text: tuple[str, _Compiled, _Text] | None = None


def _text_of(original: str, rules: _Compiled) -> _Text:
    """The update's `_Text`, reused when `infer_status` follows `evaluate` on the same text."""
    global _last_text
    cached = _last_text
    if cached is not None and cached[0] is original and cached[1] is rules:
        return cached[2]
    text = _Text(original, rules)
    _last_text = (original, rules, text)
    return text


def _quote(text: str, limit: int = 80) -> str:
    # Flattening the start of a text gives the start of the flattened text (a word cut short
    # at the end is the start of the whole word), which is all a long update shows.
    head = text[: 2 * limit]
    flat = " ".join(head.split())
    if len(flat) <= limit and len(head) < len(text):
        flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"\u201c{flat}\u201d"


def _join_quotes(quotes: list[str], limit: int = 4) -> str:
    unique = list(dict.fromkeys(quotes))
    shown = ", ".join(unique[:limit])
    if len(unique) > limit:
        shown += f" and {len(unique) - limit} more"
    return shown


def _stripped_span(text: str) -> Span:
    start = len(text) - len(text.lstrip())
    return (start, len(text.rstrip()))


# --- the rules -----------------------------------------------------------------------------


def _no_news(text: _Text, rules: _Compiled) -> Flag | None:
    original = text.original
    if not original.strip():
        return Flag("no news", "the update is empty")
    if not rules.vocabulary.could_be_no_news(text):
        return None
    rest = rules.no_news.sub(" ", text.folded)
    if any(ch.isalnum() for ch in rest):
        return None
    return Flag("no news", f"says only {_quote(original)}", (_stripped_span(original),))


def _copied(text: str, previous: str, config: RuleConfig) -> Flag | None:
    ratio = _copy_ratio(text, previous, config.similarity)
    if ratio is None:
        return None
    how = "the same text as" if ratio == 1.0 else f"{int(ratio * 100)}% the same as"
    return Flag(
        "copied",
        f"{how} the previous period: {_quote(text, 60)}",
        (_stripped_span(text),),
    )


def _copy_ratio(text: str, previous: str, least: float) -> float | None:
    """How alike the two updates' case-folded words are, or None: no words, or less than
    `least` alike.

    `SequenceMatcher(None, before, now).ratio()` over the first `_COPY_WORDS` words of each
    (1.0 when all the words are the same). Building and running the matcher is slow, so exact
    upper bounds of its ratio (2 * words matched / words in both) refuse most pairs first; each
    is refused only where the matcher would refuse it too (`ratio < least`).
    """
    if text == previous:  # the same update again: the same words, without splitting
        return 1.0 if text.strip() else None
    count_now, count_before = _word_count(text), _word_count(previous)
    if not count_now or not count_before:
        return None
    if count_now != count_before:  # so the words differ, and the matcher decides
        # No more words can match than the shorter list has (`real_quick_ratio`).
        shorter = min(count_now, count_before, _COPY_WORDS)
        total = min(count_now, _COPY_WORDS) + min(count_before, _COPY_WORDS)
        if 2.0 * shorter / total < least:
            return None
    now = text.casefold().split()
    before = previous.casefold().split()
    if now == before:
        return 1.0
    # Bounded cost: a copy shows in its first words, and ratio() is quadratic at worst.
    before, now = before[:_COPY_WORDS], now[:_COPY_WORDS]
    total = len(before) + len(now)
    # A word of one list missing from the other is left unmatched at least once (a looser
    # `quick_ratio`, which costs as much as building the matcher).
    seen_before, seen_now = set(before), set(now)
    common = len(seen_before & seen_now)
    at_most = min(len(before) - len(seen_before) + common, len(now) - len(seen_now) + common)
    if 2.0 * at_most / total < least:
        return None
    ratio = SequenceMatcher(None, before, now).ratio()
    if ratio < least:
        return None
    return ratio


def _word_count(text: str) -> int:
    """`len(text.split())`, without making the words when single spaces are all the white
    space (a printable text has no white space but " ")."""
    if text.isprintable() and "  " not in text:
        if not text:
            return 0
        return text.count(" ") + 1 - text.startswith(" ") - text.endswith(" ")
    return len(text.split())


def _prefixed(text: _Text, at: int, phrases: _PhraseSet, window: int) -> bool:
    return window > 0 and phrases.within_words(text.words_before(at, window))


def _facts(text: _Text, phrases: _PhraseSet, rules: _Compiled, window: int) -> list[Span]:
    """Where `phrases` are said as facts: not negated, not merely planned (kept on the text,
    as slipping, overdue and the completion check all ask; callers do not change the list)."""
    key = (phrases, window)
    found = text.found.get(key)
    if found is not None:
        return found
    found = []
    for start, end in phrases.spans(text):
        if _prefixed(text, start, rules.negation, window):
            continue
        if _prefixed(text, start, rules.pending, window):
            continue
        found.append((start, end))
    text.found[key] = found
    return found


def _slipping(text: _Text, rules: _Compiled, config: RuleConfig) -> Flag | None:
    triggers = rules.slipping.spans(text)
    if not triggers:
        return None
    window = config.negation_window
    resolutions = _facts(text, rules.resolved, rules, window)
    completions = _facts(text, rules.completion, rules, window)
    # Looked up per trigger in constant time: the last resolution, the earliest end of a
    # resolution or completion in each clause, the last completion start in each sentence.
    last_resolution = max((r_start for r_start, _ in resolutions), default=-1)
    first_end_in_clause: dict[int, int] = {}
    for r_start, r_end in resolutions + completions:
        clause = text.clause(r_start)
        first_end_in_clause[clause] = min(r_end, first_end_in_clause.get(clause, r_end))
    last_completion_in_sentence: dict[int, int] = {}
    for c_start, _ in completions:
        sentence = text.sentence(c_start)
        last_completion_in_sentence[sentence] = c_start  # spans come left to right
    kept: list[Span] = []
    for start, end in triggers:
        if _prefixed(text, start, rules.negation, window):
            continue
        if last_resolution >= end:
            continue
        if first_end_in_clause.get(text.clause(start), start + 1) <= start:
            continue
        if last_completion_in_sentence.get(text.sentence(start), -1) >= end:
            continue
        kept.append((start, end))
    if not kept:
        return None
    quotes = []
    for start, end in kept:
        words = list(_WORDS.finditer(text.folded, end, text.clause_end(start)))[:4]
        quote_end = words[-1].end() if words else end
        quotes.append(_quote(text.original[start:quote_end]))
    return Flag("slipping", f"says {_join_quotes(quotes)}", tuple(kept))


def _unchanged(evidence: Evidence, config: RuleConfig, rules: _Compiled) -> Flag | None:
    status = _status_key(evidence.status)
    if not status or is_final(status) or status in rules.final_statuses:
        return None
    run = 1
    for earlier in evidence.earlier_statuses:
        if _status_key(earlier) != status:
            break
        run += 1
    if run < config.unchanged_periods:
        return None
    shown = " ".join(evidence.status.split())
    return Flag("unchanged status", f"status \u201c{shown}\u201d for {run} periods in a row")


def _month_near(month: int, end: date) -> tuple[int, int]:
    """The (year, month) of `month` nearest the period end: 5 months before to 6 after."""
    delta = (month - end.month) % 12
    if delta > 6:
        delta -= 12
    index = end.year * 12 + end.month - 1 + delta
    return index // 12, index % 12 + 1


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3].lower()]


def _dates(text: _Text) -> list[re.Match[str]]:
    """Every date expression in the text, left to right."""
    folded = text.folded
    found = []
    reached = -1
    for position, bits, _ in text.candidates:
        if bits & _DATE_BIT and position >= reached:
            hit = _DATE.match(folded, position)
            if hit is not None:
                found.append(hit)
                reached = hit.end()
    return found


def _resolve_date(match: re.Match[str], end: date) -> tuple[int, int] | None:
    """The (year, month) a date expression names, or None when it names none clearly."""
    if match.group("fy"):
        first, second = int(match.group("fy")), int(match.group("fy2"))
        return (first + 1, 3) if (first + 1) % 100 == second else None
    if match.group("quarter"):
        return None
    if match.group("num"):
        day, month, year = (int(match.group(k)) for k in ("nd", "nm", "ny"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return (year + 2000 if year < 100 else year, month)
    if match.group("chain"):
        elements = list(_CHAIN_ELEMENT.finditer(match.group("chain")))
        month = _month_number(elements[-1].group("m"))
        year = elements[-1].group("y")
        return (int(year), month) if year else _month_near(month, end)
    if match.group("season"):
        words = match.group("season").split()
        return (int(words[-1]), _SEASON_MONTH[words[0].lower()])
    text = match.group("year")
    year = int(text[-4:])
    lowered = text.lower()
    for qualifier, month in _YEAR_QUAL_MONTH:
        if qualifier in lowered:
            return (year, month)
    return (year, 12)


def _overdue(text: _Text, rules: _Compiled, config: RuleConfig, end: date) -> Flag | None:
    dates = _dates(text)
    if not dates:
        return None
    folded = text.folded
    plans: list[Span] | None = None
    completed_sentences: set[int] | None = None  # found once a date has a cue
    last_resolution = -1
    found: list[tuple[int, int, str, tuple[int, int]]] = []
    previous_end = 0
    this_month = (end.year, end.month)
    for match in dates:
        date_start, date_end = match.start(), match.end()
        after_previous = previous_end
        previous_end = date_end
        named = _resolve_date(match, end)
        if named is None or named >= this_month:
            continue
        region_start = max(text.clause_start(date_start), after_previous)
        if plans is None:
            plans = rules.plan.spans(text)
        cue = _cue(text, plans, region_start, date_start, rules, config)
        if cue is None:
            continue
        if completed_sentences is None:
            window = config.negation_window
            completions = _facts(text, rules.completion, rules, window)
            completed_sentences = {text.sentence(c_start) for c_start, _ in completions}
            resolutions = _facts(text, rules.resolved, rules, window)
            last_resolution = max((r_start for r_start, _ in resolutions), default=-1)
        if text.sentence(date_start) in completed_sentences or last_resolution >= date_end:
            continue
        cue_start, cue_end = cue
        between = list(_WORDS.finditer(folded, cue_end, date_start))
        original = text.original
        if len(between) > 3:
            quote = f"{original[cue_start:cue_end]} … {original[between[-3].start() : date_end]}"
        else:
            quote = original[cue_start:date_end]
        found.append((cue_start, date_end, quote, named))
    if not found:
        return None
    ended = f"{end.day} {_month_name(end.month)} {end.year}"
    quotes = [f"{_quote(q)} ({_month_name(m)} {y})" for _, _, q, (y, m) in found]
    detail = f"names {_join_quotes(quotes)}, before the period ended ({ended})"
    return Flag("overdue", detail, tuple((s, e) for s, e, _, _ in found))


_month_names: dict[tuple[str, str], tuple[str, ...]] = {}


def _month_name(month: int) -> str:
    """`calendar.month_name[month]`, which formats a date each time: kept for each locale."""
    where = (locale.setlocale(locale.LC_TIME), locale.setlocale(locale.LC_CTYPE))
    names = _month_names.get(where)
    if names is None:
        names = _month_names[where] = tuple(calendar.month_name)
    return names[month]


def _cue(
    text: _Text,
    plans: list[Span],
    region_start: int,
    date_start: int,
    rules: _Compiled,
    config: RuleConfig,
) -> Span | None:
    """The deadline or plan phrase that makes the date at `date_start` a deadline, if any."""
    folded = text.folded
    tail_start = max(region_start, date_start - 40)
    tail = None
    if rules.deadline.could_start(_WORDS.findall(folded, tail_start, date_start)):
        tail = rules.deadline_tail.search(folded, tail_start, date_start)
    if tail is not None:
        if _past_before(text, tail.start(), rules):
            return None
        return tail.start(), tail.start() + len(tail.group().rstrip())
    index = bisect_right(plans, (date_start, -1)) - 1
    while index >= 0 and plans[index][1] > date_start:
        index -= 1
    if index < 0 or plans[index][0] < region_start:
        return None
    plan_start, plan_end = plans[index]
    between = _WORDS.findall(folded, plan_end, date_start)
    if len(between) > config.plan_window:
        return None
    if rules.past.within_words(between) or _past_before(text, plan_start, rules):
        return None
    return plan_start, plan_end


def _past_before(text: _Text, at: int, rules: _Compiled) -> bool:
    return rules.past.within_words(text.words_before(at, 2))


def _says_complete(text: _Text, rules: _Compiled, config: RuleConfig) -> bool:
    """The update reports the work done, and nothing in it says work carries on (kept on the
    text: `evaluate` and then `infer_status` ask)."""
    window = config.negation_window
    known = text.complete.get(window)
    if known is None:
        known = text.complete[window] = _work_done(text, rules, window)
    return known


def _work_done(text: _Text, rules: _Compiled, window: int) -> bool:
    if not rules.completion.spans(text, first=True):
        return False
    if rules.ongoing.spans(text, first=True):
        return False
    return bool(_facts(text, rules.completion, rules, window))


# --- public API ----------------------------------------------------------------------------


def evaluate(evidence: Evidence, config: RuleConfig | None = None) -> list[Flag]:
    """Every rule that fires for this activity this period, in the order of `RULES`."""
    config = config or DEFAULT_CONFIG
    rules = _compiled(config)
    unchanged = _unchanged(evidence, config, rules)
    if evidence.text is None:
        missing = Flag("missing", "no update for this period")
        return [missing, unchanged] if unchanged else [missing]
    text = _text_of(evidence.text, rules)
    closed = is_final(evidence.status) or _normal(evidence.status) in rules.final_statuses
    no_news = _no_news(text, rules)
    copied = slipping = overdue = None
    if not closed:
        previous = evidence.previous_text
        if previous is not None and not _says_complete(text, rules, config):
            copied = _copied(evidence.text, previous, config)
        if no_news is None:
            slipping = _slipping(text, rules, config)
            if evidence.period_end is not None:
                overdue = _overdue(text, rules, config, evidence.period_end)
    return [flag for flag in (no_news, copied, slipping, unchanged, overdue) if flag is not None]


def infer_status(
    evidence: Evidence, flags: Sequence[Flag], config: RuleConfig | None = None
) -> str:
    """The status to show: the officer's when set (in canonical case), else one of `STATUSES`.

    No update → "No update"; missing, no news, copied or unchanged status → "Stalled";
    slipping or overdue → "At risk"; an update reporting the work done → "Complete";
    otherwise "On track".
    """
    if evidence.status.strip():
        return shown_status(evidence.status)
    fired = {flag.rule for flag in flags}
    if evidence.text is None or not evidence.text.strip() or "missing" in fired:
        return "No update"
    if fired & _STALLED_RULES:
        return "Stalled"
    if fired & _AT_RISK_RULES:
        return "At risk"
    config = config or DEFAULT_CONFIG
    rules = _compiled(config)
    if _says_complete(_text_of(evidence.text, rules), rules, config):
        return "Complete"
    return "On track"
