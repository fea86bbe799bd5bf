"""Cross-references: where a plan's text points at its own items ("Refer to C7").

Plans write them many ways: "Refer to 3.5, 1.2 & 2.1.2", "See B1.1", "(Cross reference 3.4)",
ranges "3.1 - 3.8" and "2.2-2.6", a remark in brackets between refs ("Cross reference to A3
(Victims Board and A4(Needs Assessment)"), Cyrillic letters that look Latin. The phrases that
introduce one are the stall rules' own (`RuleConfig.reference_phrases`), so the rules and the
links agree on what a cross-reference is. Words that only look like one ("referrals", "terms of
reference", "Refer to the Communication and Engagement Delivery Plan") name no ref: no link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from plandesk.core.refs import clean_ref, fold_lookalikes, ref_key
from plandesk.core.rules.compiled import compile_rules
from plandesk.core.rules.config import RuleConfig
from plandesk.core.rules.phrases import alternation

__all__ = [
    "Found",
    "RefItem",
    "expand",
    "find_references",
    "only_references",
    "target_refs",
]

_DEFAULT = RuleConfig()
_DIGIT = re.compile(r"\d")

# One ref: an optional letter (any script: look-alikes are folded later), an optional dot, then
# dot-separated numbers; not followed by a letter or digit ("3D" is no ref).
_REF = r"\(?(?<![^\W_])(?:[^\W\d_]\.?\s?)?\d+(?:\.\d+)*(?![^\W_])\)?"
# A remark in brackets after a ref, closed or not: "A3 (Victims Board and A4(Needs Assessment)".
_REMARK = r"(?:\s*\((?:[^()\d\n]{1,80}?)(?:\)|(?=\s*(?:,|&|\band\b))))?"
_RANGE = r"\s*(?:-|–|—|\bto\b)\s*"
_LIST = r"\s*(?:,|&|\band\b|/|\bor\b|\+)\s*"
_ITEM = rf"{_REF}(?:{_RANGE}{_REF})?{_REMARK}"


@dataclass(frozen=True, slots=True)
class RefItem:
    """One ref as written, or a range (`last` set) the plan's refs fill in (`expand`)."""

    first: str
    last: str | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """One cross-reference: the phrase as the text has it, and the refs it names."""

    written: str
    items: tuple[RefItem, ...]
    start: int
    end: int


@lru_cache(maxsize=16)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # A phrase starts with one of its words' first letters: checked first, as one character
    # class, so most positions of a long update are refused at once.
    starts = sorted({w[0].lower() for p in phrases for w in re.findall(r"[^\W\d_]+", p)})
    letters = "".join(starts) + "".join(starts).upper()
    return re.compile(
        rf"(?=[{re.escape(letters)}])(?:{alternation(phrases)})(?:\s+to)?[\s:]*"
        rf"(?P<refs>{_ITEM}(?:{_LIST}{_ITEM})*)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=16)
def _anchors(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Words every match of a phrase contains, as plain lower-case text: its required words up
    to the first one with any ending ("refer* to" → "refer", "as per" → "as per")."""
    anchors = []
    for phrase in phrases:
        words = []
        for token in re.sub(r"\[[^\]]*\]", " ", phrase).lower().split():
            words.append(token.rstrip("*"))
            if token.endswith("*"):
                break
        if words:
            anchors.append(" ".join(words))
    return tuple(anchors)


_ONE = re.compile(rf"(?P<first>{_REF})(?:{_RANGE}(?P<last>{_REF}))?")


def _is_ref(raw: str) -> bool:
    """A year or a count is not a ref: a bare number of three digits or more."""
    key = ref_key(raw) or ""
    return bool(key) and (not key.isdigit() or len(key) <= 2)


def find_references(text: str, phrases: Sequence[str] | None = None) -> tuple[Found, ...]:
    """Every cross-reference in `text`, in order; `phrases` are the words that introduce one
    (the rules' `reference_phrases` by default)."""
    if not text or _DIGIT.search(text) is None:
        return ()  # no ref without a digit
    wanted = tuple(phrases if phrases is not None else _DEFAULT.reference_phrases)
    folded = fold_lookalikes(text)
    # Most texts have none of the phrases' words: a plain substring test says so quickly.
    plain = " ".join(folded.lower().replace("-", " ").split())
    if not any(anchor in plain for anchor in _anchors(wanted)):
        return ()
    pattern = _pattern(wanted)
    found = []
    for match in pattern.finditer(folded):
        refs_text = match.group("refs")
        # Remarks in brackets are dropped before the refs are read: "(Needs Assessment)".
        bare = re.sub(r"\((?:[^()\d\n]{1,80}?)(?:\)|(?=\s*(?:,|&|\band\b)))", " ", refs_text)
        items = []
        for one in _ONE.finditer(bare):
            first, last = one.group("first"), one.group("last")
            items.append(RefItem(clean_ref(first), clean_ref(last) if last else None))
        # "See 2018/19": a year is no ref, and neither is what follows it.
        if items and all(_is_ref(i.first) and (i.last is None or _is_ref(i.last)) for i in items):
            written = text[match.start() : match.end()].strip()
            if written.endswith(")") and written.count(")") > written.count("("):
                written = written[:-1].rstrip()
            found.append(Found(written, tuple(items), match.start(), match.end()))
    return tuple(found)


def _shape(key: str) -> tuple[str, int, tuple[str, ...]]:
    """What a ref's siblings share: its letter, its depth and every number but the last."""
    letter = key[0] if key[:1].isalpha() else ""
    numbers = key[len(letter) :].split(".")
    return letter, len(numbers), tuple(numbers[:-1])


def expand(
    item: RefItem, plan_refs: Sequence[str], keys: Sequence[str] | None = None
) -> tuple[str, ...]:
    """The refs an item names. A range is every ref of the plan from its first to its last
    with the same letter and depth, in plan order (`plan_refs`: the plan's refs in order,
    `keys` their `ref_key`s when already known); a range whose ends the plan lacks counts
    from one number to the other."""
    if item.last is None:
        return (item.first,)
    first, last = ref_key(item.first) or "", ref_key(item.last) or ""
    if keys is None:
        keys = [ref_key(r) or "" for r in plan_refs]
    shape = _shape(first)
    if first in keys and last in keys and _shape(last) == shape:
        start, stop = keys.index(first), keys.index(last)
        if start <= stop:
            chosen: list[str] = []
            for ref, key in zip(plan_refs[start : stop + 1], keys[start : stop + 1], strict=True):
                if _shape(key) == shape and key not in {ref_key(c) for c in chosen}:
                    chosen.append(ref)
            return tuple(chosen)
    low, high = first.rsplit(".", 1)[-1], last.rsplit(".", 1)[-1]
    if _shape(last) == shape:
        low_digits, high_digits = re.sub(r"^\D+", "", low), re.sub(r"^\D+", "", high)
        if low_digits.isdigit() and high_digits.isdigit():
            a, b = int(low_digits), int(high_digits)
            if a <= b and b - a <= 50:
                head = first[: len(first) - len(low_digits)]
                return tuple(f"{head}{n}" for n in range(a, b + 1))
    return (item.first, item.last)


def target_refs(
    found: Found, plan_refs: Sequence[str], keys: Sequence[str] | None = None
) -> tuple[str, ...]:
    """Each ref a cross-reference names, ranges expanded, once each, in the order written."""
    seen: set[str] = set()
    refs = []
    for item in found.items:
        for ref in expand(item, plan_refs, keys):
            key = ref_key(ref) or ref
            if key not in seen:
                seen.add(key)
                refs.append(ref)
    return tuple(refs)


def only_references(text: str | None, config: RuleConfig | None = None) -> bool:
    """Whether `text` is only cross-references, with at most the no-news phrases around them
    ("Refer to 3.1", "No further update. See B1.1"): it points elsewhere and says nothing of
    its own. The same phrases as the "no news" rule, so the two never disagree."""
    if not text or not text.strip():
        return False
    config = config or _DEFAULT
    found = find_references(text, config.reference_phrases)
    if not found:
        return False
    folded = fold_lookalikes(text)
    for one in reversed(found):
        folded = f"{folded[: one.start]} {folded[one.end :]}"
    rules = compile_rules(config)
    # The no-news rule's own quick refusal first: a word no phrase has, or too many words.
    if not rules.vocabulary.could_be_no_news(_Folded(folded)):
        return False
    rest = rules.no_news.sub(" ", folded)
    return not any(ch.isalnum() for ch in rest)


@dataclass(frozen=True, slots=True)
class _Folded:
    """Text as the no-news vocabulary reads it (`Scanned.folded`)."""

    folded: str
