"""A `RuleConfig`'s phrase lists compiled into patterns and an index, once per config."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from plandesk.core.rules.config import RuleConfig
from plandesk.core.rules.phrases import Index, PhraseSet, Scanned, alternation
from plandesk.core.rules.sentences import WORDS
from plandesk.core.text import fold_name

__all__ = ["Compiled", "compile_rules", "normal"]

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


class Vocabulary:
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
                parts = WORDS.findall(raw)
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

    def could_be_no_news(self, text: Scanned) -> bool:
        """False when the update has too many words, or a word no phrase has."""
        if len(text.folded) > 20 * _NO_NEWS_MAX_WORDS:
            return False
        lowered = text.folded.lower()
        if self.any_word:
            return len(WORDS.findall(lowered)) <= _NO_NEWS_MAX_WORDS
        # Word by word, as most updates fail on one of their first few words.
        exact, prefixes = self.exact, self.prefixes
        for count, match in enumerate(WORDS.finditer(lowered), 1):
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
class Compiled:
    """A config's phrase lists as patterns, phrase sets and the index of words to stop at."""

    no_news: re.Pattern[str]
    vocabulary: Vocabulary
    index: Index
    slipping: PhraseSet
    resolved: PhraseSet
    risk: PhraseSet
    risk_resolved: PhraseSet
    completion: PhraseSet
    ongoing: PhraseSet
    plan: PhraseSet
    negation: PhraseSet
    pending: PhraseSet
    past: PhraseSet
    deadline_tail: re.Pattern[str]
    deadline: PhraseSet  # the same phrases, for `PhraseSet.could_start`
    final_statuses: frozenset[str]


@lru_cache(maxsize=16)
def _compile_config(config: RuleConfig) -> Compiled:
    references = alternation(config.reference_phrases)
    no_news = f"{alternation(config.no_news_phrases)}|(?:{references}){_REF_TAIL}"
    # Sets found by scanning the update get a bit in the index; the rest only look at the few
    # words before a phrase (`PhraseSet.within`).
    slipping = PhraseSet(config.slipping_phrases, 4)
    resolved = PhraseSet(config.resolved_phrases, 8)
    completion = PhraseSet(config.completion_phrases, 16)
    ongoing = PhraseSet(config.ongoing_phrases, 32)
    plan = PhraseSet(config.plan_phrases, 64)
    risk = PhraseSet(config.risk_phrases, 128)
    risk_resolved = PhraseSet(config.risk_resolved_phrases, 256)
    deadlines = alternation(config.deadline_phrases)
    return Compiled(
        no_news=re.compile(no_news, re.IGNORECASE),
        vocabulary=Vocabulary(config.no_news_phrases + config.reference_phrases),
        index=Index((slipping, resolved, completion, ongoing, plan, risk, risk_resolved)),
        slipping=slipping,
        resolved=resolved,
        risk=risk,
        risk_resolved=risk_resolved,
        completion=completion,
        ongoing=ongoing,
        plan=plan,
        negation=PhraseSet(config.negation_phrases),
        pending=PhraseSet(config.pending_phrases),
        past=PhraseSet(config.past_phrases),
        deadline_tail=re.compile(rf"(?:{deadlines})(?:\s+the)?\s*$", re.IGNORECASE),
        deadline=PhraseSet(config.deadline_phrases),
        final_statuses=frozenset(normal(s) for s in config.final_statuses),
    )


# The last few configs seen, by identity: `evaluate` gets the plan's config and `infer_status`
# often the default one, and looking a config up by value hashes every phrase.
_recent: dict[int, tuple[RuleConfig, Compiled]] = {}


def compile_rules(config: RuleConfig) -> Compiled:
    """The config's patterns, compiled once: looked up by identity first, then by value."""
    cached = _recent.get(id(config))
    if cached is not None and cached[0] is config:
        return cached[1]
    compiled = _compile_config(config)
    if len(_recent) >= 8:
        _recent.clear()
    _recent[id(config)] = (config, compiled)  # keeps the config alive, so its id stays its own
    return compiled


# Statuses: a handful of strings, met on every activity.
normal = lru_cache(maxsize=1024)(fold_name)
