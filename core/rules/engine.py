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
risk
    Words that signal risk without saying "delayed": costs or demand higher than expected
    ("higher than anticipated", "over budget"), funding not yet secured ("funding is yet to be
    confirmed", "unfunded"), a feasibility or scope still being investigated ("investigations
    into the feasibility", "scope is still to be agreed"), no lead or resource in place ("no
    named lead", "the post remains vacant"), waiting on a partner's decision ("waiting on the
    Home Office", "decision still pending"). Negation, resolution and completion as for
    slipping; `risk_resolved_phrases` resolve too ("funding has now been secured").
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

An officer-set final status ("Complete") suppresses copied, slipping, risk and overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from plandesk.core.rules.compiled import Compiled, compile_rules, normal
from plandesk.core.rules.config import DEFAULT_CONFIG, RuleConfig
from plandesk.core.rules.evidence import Evidence, Flag, Span
from plandesk.core.rules.overdue import overdue_flag
from plandesk.core.rules.phrases import PhraseSet
from plandesk.core.rules.quoting import join_quotes, quote, stripped_span
from plandesk.core.rules.sentences import WORDS
from plandesk.core.rules.update import UpdateText, facts, prefixed, text_of
from plandesk.core.statuses import INFERRED, is_final, known_status, shown_status

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
    "risk",
    "unchanged status",
    "overdue",
)
# The statuses the rules infer (the vocabulary itself lives in `plandesk.core.statuses`).
STATUSES: tuple[str, ...] = INFERRED

_STALLED_RULES = frozenset({"no news", "copied", "unchanged status"})
_AT_RISK_RULES = frozenset({"slipping", "risk", "overdue"})

_COPY_WORDS = 1000  # copied: words of each update compared


@lru_cache(maxsize=1024)
def _status_key(status: str) -> str:
    """One key per status whatever its spelling: "Green" and "on track" are one status."""
    return normal(known_status(status) or status)


# --- the rules -----------------------------------------------------------------------------


def _no_news(text: UpdateText, rules: Compiled) -> Flag | None:
    original = text.original
    if not original.strip():
        return Flag("no news", "the update is empty")
    if not rules.vocabulary.could_be_no_news(text):
        return None
    rest = rules.no_news.sub(" ", text.folded)
    if any(ch.isalnum() for ch in rest):
        return None
    return Flag("no news", f"says only {quote(original)}", (stripped_span(original),))


def _copied(text: str, previous: str, config: RuleConfig) -> Flag | None:
    ratio = _copy_ratio(text, previous, config.similarity)
    if ratio is None:
        return None
    how = "the same text as" if ratio == 1.0 else f"{int(ratio * 100)}% the same as"
    return Flag(
        "copied",
        f"{how} the previous period: {quote(text, 60)}",
        (stripped_span(text),),
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


def _slipping(text: UpdateText, rules: Compiled, config: RuleConfig) -> Flag | None:
    return _worded("slipping", rules.slipping.spans(text), (rules.resolved,), text, rules, config)


def _risk(text: UpdateText, rules: Compiled, config: RuleConfig) -> Flag | None:
    resolutions = (rules.resolved, rules.risk_resolved)
    return _worded("risk", rules.risk.spans(text), resolutions, text, rules, config)


def _worded(
    rule: str,
    triggers: list[Span],
    resolved: tuple[PhraseSet, ...],
    text: UpdateText,
    rules: Compiled,
    config: RuleConfig,
) -> Flag | None:
    """A flag of `rule` quoting each trigger that nothing negates, resolves or completes (the
    slipping and risk rules: see the module's docstring)."""
    if not triggers:
        return None
    window = config.negation_window
    resolutions = [span for phrases in resolved for span in facts(text, phrases, rules, window)]
    completions = facts(text, rules.completion, rules, window)
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
        if prefixed(text, start, rules.negation, window):
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
        words = list(WORDS.finditer(text.folded, end, text.clause_end(start)))[:4]
        quote_end = words[-1].end() if words else end
        quotes.append(quote(text.original[start:quote_end]))
    return Flag(rule, f"says {join_quotes(quotes)}", tuple(kept))


def _unchanged(evidence: Evidence, config: RuleConfig, rules: Compiled) -> Flag | None:
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


def _says_complete(text: UpdateText, rules: Compiled, config: RuleConfig) -> bool:
    """The update reports the work done, and nothing in it says work carries on (kept on the
    text: `evaluate` and then `infer_status` ask)."""
    window = config.negation_window
    known = text.complete.get(window)
    if known is None:
        known = text.complete[window] = _work_done(text, rules, window)
    return known


def _work_done(text: UpdateText, rules: Compiled, window: int) -> bool:
    if not rules.completion.spans(text, first=True):
        return False
    if rules.ongoing.spans(text, first=True):
        return False
    return bool(facts(text, rules.completion, rules, window))


# --- public API ----------------------------------------------------------------------------


def evaluate(evidence: Evidence, config: RuleConfig | None = None) -> list[Flag]:
    """Every rule that fires for this activity this period, in the order of `RULES`."""
    config = config or DEFAULT_CONFIG
    rules = compile_rules(config)
    unchanged = _unchanged(evidence, config, rules)
    if evidence.text is None:
        missing = Flag("missing", "no update for this period")
        return [missing, unchanged] if unchanged else [missing]
    text = text_of(evidence.text, rules)
    closed = is_final(evidence.status) or normal(evidence.status) in rules.final_statuses
    no_news = _no_news(text, rules)
    copied = slipping = risk = overdue = None
    if not closed:
        previous = evidence.previous_text
        if previous is not None and not _says_complete(text, rules, config):
            copied = _copied(evidence.text, previous, config)
        if no_news is None:
            slipping = _slipping(text, rules, config)
            risk = _risk(text, rules, config)
            if evidence.period_end is not None:
                overdue = overdue_flag(text, rules, config, evidence.period_end)
    flags = (no_news, copied, slipping, risk, unchanged, overdue)
    return [flag for flag in flags if flag is not None]


def infer_status(
    evidence: Evidence, flags: Sequence[Flag], config: RuleConfig | None = None
) -> str:
    """The status to show: the officer's when set (in canonical case), else one of `STATUSES`.

    No update → "No update"; missing, no news, copied or unchanged status → "Stalled";
    slipping, risk or overdue → "At risk"; an update reporting the work done → "Complete";
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
    rules = compile_rules(config)
    if _says_complete(text_of(evidence.text, rules), rules, config):
        return "Complete"
    return "On track"
