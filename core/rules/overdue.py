"""The overdue rule: a date named as a deadline or plan that fell before the period's end."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from plandesk.core.rules.compiled import Compiled
from plandesk.core.rules.config import RuleConfig
from plandesk.core.rules.dates import DATE, month_name, resolve_date
from plandesk.core.rules.evidence import Flag, Span
from plandesk.core.rules.phrases import DATE_BIT
from plandesk.core.rules.quoting import join_quotes, quote
from plandesk.core.rules.sentences import WORDS
from plandesk.core.rules.update import UpdateText, facts

__all__ = ["overdue_flag"]


def _dates(text: UpdateText) -> list[re.Match[str]]:
    """Every date expression in the text, left to right."""
    folded = text.folded
    found = []
    reached = -1
    for position, bits, _ in text.candidates:
        if bits & DATE_BIT and position >= reached:
            hit = DATE.match(folded, position)
            if hit is not None:
                found.append(hit)
                reached = hit.end()
    return found


def overdue_flag(text: UpdateText, rules: Compiled, config: RuleConfig, end: date) -> Flag | None:
    """The overdue flag for an update of a period ending on `end`, or None."""
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
        named = resolve_date(match, end)
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
            completions = facts(text, rules.completion, rules, window)
            completed_sentences = {text.sentence(c_start) for c_start, _ in completions}
            resolutions = facts(text, rules.resolved, rules, window)
            last_resolution = max((r_start for r_start, _ in resolutions), default=-1)
        if text.sentence(date_start) in completed_sentences or last_resolution >= date_end:
            continue
        cue_start, cue_end = cue
        between = list(WORDS.finditer(folded, cue_end, date_start))
        original = text.original
        if len(between) > 3:
            said = f"{original[cue_start:cue_end]} … {original[between[-3].start() : date_end]}"
        else:
            said = original[cue_start:date_end]
        found.append((cue_start, date_end, said, named))
    if not found:
        return None
    ended = f"{end.day} {month_name(end.month)} {end.year}"
    quotes = [f"{quote(q)} ({month_name(m)} {y})" for _, _, q, (y, m) in found]
    detail = f"names {join_quotes(quotes)}, before the period ended ({ended})"
    return Flag("overdue", detail, tuple((s, e) for s, e, _, _ in found))


def _cue(
    text: UpdateText,
    plans: list[Span],
    region_start: int,
    date_start: int,
    rules: Compiled,
    config: RuleConfig,
) -> Span | None:
    """The deadline or plan phrase that makes the date at `date_start` a deadline, if any."""
    folded = text.folded
    tail_start = max(region_start, date_start - 40)
    tail = None
    if rules.deadline.could_start(WORDS.findall(folded, tail_start, date_start)):
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
    between = WORDS.findall(folded, plan_end, date_start)
    if len(between) > config.plan_window:
        return None
    if rules.past.within_words(between) or _past_before(text, plan_start, rules):
        return None
    return plan_start, plan_end


def _past_before(text: UpdateText, at: int, rules: Compiled) -> bool:
    return rules.past.within_words(text.words_before(at, 2))
