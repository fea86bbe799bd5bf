"""The stall rules' shortcuts answer exactly as the plain computations they stand for.

`plandesk.core.rules.engine` refuses most copy checks with cheap bounds, finds candidate words
in ASCII updates with a faster scan, tries a phrase list only where one of its phrases can
start, and so on. Each test runs a shortcut beside the plain computation over the samples' own
update texts (cut, mixed, edited and re-spaced, deterministically) and wants the same answers.
"""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import replace
from difflib import SequenceMatcher
from functools import cache

import pytest

from plandesk import samples
from plandesk.core.rules import engine
from plandesk.core.rules.compiled import compile_rules
from plandesk.core.rules.config import DEFAULT_CONFIG
from plandesk.core.rules.dates import month_name
from plandesk.core.rules.phrases import CLAUSE_BIT, Index
from plandesk.core.rules.quoting import quote
from plandesk.core.rules.sentences import WORDS
from plandesk.core.rules.update import FOLD, UpdateText, fold
from plandesk.importers import read_document

# Phrases that take the slower paths: a word with an apostrophe, one starting with a digit,
# a hyphenated star word, and (in the second) a word that is not ASCII.
ODD_CONFIG = replace(
    DEFAULT_CONFIG,
    slipping_phrases=(*DEFAULT_CONFIG.slipping_phrases, "won't", "2nd attempt", "re-introduc*"),
    completion_phrases=(*DEFAULT_CONFIG.completion_phrases, "o'neill", "sus*", "suspension"),
)
NON_ASCII_CONFIG = replace(ODD_CONFIG, completion_phrases=(*ODD_CONFIG.completion_phrases, "café*"))
CONFIGS = [
    pytest.param(DEFAULT_CONFIG, id="default"),
    pytest.param(ODD_CONFIG, id="odd"),
    pytest.param(NON_ASCII_CONFIG, id="non-ascii"),
]

TRICKY = [
    "",
    " ",
    "on hold",
    "No longer on-hold.",
    "isn't delayed, don't worry",
    "'til the end of April",
    "the plans' review was postponed",
    "ſtill on hold; İn progress",
    "café opening was re-introduced",
    "2nd attempt: 10 officers (see 1.2.3) by 17/09/2020 - then May2018",
    "rock'n'roll o'neill won't x'y",
    "Refer to 3.5, 1.2 & 2.1.2\nSee B1.1",
    "A \u2018quoted\u2019 \u201cword\u201d \u2013 dash\u00a0space · £5 ½ ²",
    "é\u2028\t\x1c end",
]


@cache
def update_texts() -> tuple[str, ...]:
    """Every update in the bundled samples."""
    texts = []
    for path in samples.ALL:
        for commitment in read_document(path).commitments():
            for activity in commitment.activities:
                if activity.update:
                    texts.append(activity.update)
    return tuple(texts)


def edited(text: str, rng: random.Random) -> str:
    """The text with a few words dropped, swapped, repeated or re-cased, or re-spaced."""
    words = text.split()
    for _ in range(rng.randint(0, 4)):
        if not words:
            break
        at = rng.randrange(len(words))
        choice = rng.random()
        if choice < 0.3:
            del words[at]
        elif choice < 0.6:
            words[at] = rng.choice(["the", "delayed", "x", "and", words[at].upper()])
        else:
            words.insert(at, words[rng.randrange(len(words))])
    separator = rng.choice([" ", " ", " ", "  ", "\n", " \t"])
    return separator.join(words)


def all_texts() -> list[str]:
    rng = random.Random(20240)
    texts = list(update_texts()) + TRICKY
    texts += [edited(rng.choice(update_texts()), rng) for _ in range(200)]
    texts += [rng.choice(TRICKY) + " " + rng.choice(update_texts()) for _ in range(50)]
    return texts


def lowered(text: str) -> str:
    """What `UpdateText` scans: the folded text in lower case, offsets kept."""
    folded = text.translate(FOLD)
    low = folded.lower()
    if len(low) != len(folded):
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in folded)
    return low


# --- copied ----------------------------------------------------------------------------------


def plain_copy_ratio(text: str, previous: str, least: float) -> float | None:
    now = text.casefold().split()
    before = previous.casefold().split()
    if not now or not before:
        return None
    if now == before:
        return 1.0
    now, before = now[: engine._COPY_WORDS], before[: engine._COPY_WORDS]
    ratio = SequenceMatcher(None, before, now).ratio()
    return None if ratio < least else ratio


def copy_pairs() -> list[tuple[str, str]]:
    rng = random.Random(7)
    texts = update_texts()
    pairs = []
    for text in texts:
        pairs.append((text, text))
        pairs.append((text, text.upper()))
        pairs.append((text, " ".join(text.split())))
        pairs.append((text, rng.choice(texts)))
        for _ in range(3):
            pairs.append((edited(text, rng), text))
    long_words = [f"w{i % 300}" for i in range(2500)]
    pairs.append((" ".join(long_words), " ".join(long_words[:1000] + ["x"] * 10)))
    pairs.append((" ".join(long_words), " ".join(long_words[5:])))
    pairs += [("", "x"), ("x", ""), (" \n", " \n"), ("a  b", "a b"), ("\x1ca", "a")]
    return pairs


@pytest.mark.parametrize("least", [0.0, 0.5, 0.9, 0.97, 1.0])
def test_the_copy_ratio_is_the_sequence_matchers(least: float) -> None:
    for text, previous in copy_pairs():
        expected = plain_copy_ratio(text, previous, least)
        assert engine._copy_ratio(text, previous, least) == expected, (text, previous)


def test_words_are_counted_as_split_counts_them() -> None:
    rng = random.Random(3)
    pieces = ["a", "bc", " ", "  ", "\n", "\t", "\u00a0", "\u2028", "\x1c", "é"]
    texts = all_texts() + ["".join(rng.choices(pieces, k=rng.randint(0, 9))) for _ in range(3000)]
    for text in texts:
        assert engine._word_count(text) == len(text.split()), repr(text)


# --- finding words and phrases ---------------------------------------------------------------


def plain_candidates(index: Index, low: str) -> list[tuple[int, int]]:
    """The finder tried at every offset, as before the fast scan."""
    found = []
    for match in index.finder.finditer(low):
        bits = index.bits_of(match.group())
        if bits:
            found.append((match.start(), bits))
    return found


@pytest.mark.parametrize("config", CONFIGS)
def test_the_fast_scan_finds_what_the_finder_finds(config) -> None:
    index = compile_rules(config).index
    tokens = re.compile(r"\w+(?:'\w+)*")
    for text in all_texts():
        low = lowered(text)
        found = index.candidates(low)
        assert [(at, bits) for at, bits, _ in found] == plain_candidates(index, low), text
        for at, _, word in found:  # the whole word (a number's first digit will do)
            whole = tokens.match(low, at).group()
            assert word == whole or (word.isdigit() and whole.startswith(word)), text


@pytest.mark.parametrize("config", CONFIGS)
def test_phrases_are_found_where_the_whole_pattern_finds_them(config) -> None:
    rules = compile_rules(config)
    sets = [rules.slipping, rules.resolved, rules.completion, rules.ongoing, rules.plan]
    for text in all_texts():
        scanned = UpdateText(text, rules)
        for phrases in sets:
            plain = []
            reached = -1
            for at, bits, _ in scanned.candidates:
                if bits & phrases.bit and at >= reached:
                    hit = phrases.pattern.match(scanned.folded, at)
                    if hit is not None:
                        plain.append((at, hit.end()))
                        reached = hit.end()
            assert phrases.spans(scanned) == plain, text
            assert phrases.spans(scanned, first=True) == plain[:1], text


@pytest.mark.parametrize("config", CONFIGS)
def test_phrases_within_words_are_those_a_search_finds(config) -> None:
    rules = compile_rules(config)
    sets = [rules.negation, rules.pending, rules.past, rules.deadline, rules.slipping]
    windows = set()
    for text in all_texts():
        words = WORDS.findall(fold(text))
        for size in (1, 2, 3, 5):
            for at in range(0, max(len(words) - size, 0) + 1, 2):
                windows.add(tuple(words[at : at + size]))
    for words in sorted(windows):
        for phrases in sets:
            searched = phrases.pattern.search(" ".join(words)) is not None
            assert phrases.within_words(list(words)) == searched, words
            if searched:
                assert phrases.could_start(list(words)), words


# --- the rest --------------------------------------------------------------------------------


def plain_cuts(text: UpdateText) -> tuple[list[int], list[int]]:
    folded, size = text.folded, len(text.folded)
    sentences = []
    for mark in re.finditer(r"[.!?\n]", folded):
        end = mark.end()
        if mark.group() == "\n" or end == size or folded[end].isspace():
            sentences.append(end)
    clauses = list(sentences)
    for mark in re.finditer(r"[,;:()\[\]\"\-]", folded):
        at = mark.start()
        if mark.group() == "-":
            if 0 < at < size - 1 and folded[at - 1].isspace() and folded[at + 1].isspace():
                clauses.append(at)
            continue
        clauses += (at, at + 1)
    clauses += [at for at, bits, _ in text.candidates if bits & CLAUSE_BIT]
    return sentences, sorted(set(clauses))


def test_sentences_and_clauses_are_cut_where_they_were() -> None:
    rules = compile_rules(DEFAULT_CONFIG)
    rng = random.Random(11)
    marks = list('ab .!?\n\t-,;:()[]"') + [" - ", "but", "\u2013", "\u00a0"]
    texts = all_texts() + ["".join(rng.choices(marks, k=rng.randint(0, 12))) for _ in range(2000)]
    for text in texts:
        scanned = UpdateText(text, rules)
        sentences = scanned._cut()
        assert (sentences, scanned._clause_cuts) == plain_cuts(scanned), repr(text)


def test_quotes_folds_and_month_names_are_the_plain_ones() -> None:
    for text in all_texts():
        assert fold(text) == text.translate(FOLD)
        for limit in (1, 5, 60, 80):
            flat = " ".join(text.split())
            if len(flat) > limit:
                flat = flat[: limit - 1].rstrip() + "…"
            assert quote(text, limit) == f"\u201c{flat}\u201d", (text, limit)
    assert [month_name(m) for m in range(13)] == list(calendar.month_name)
