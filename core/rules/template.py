"""The commented default rules file that `plandesk rules --init` writes: every setting, with
what it does and its default value, commented out."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from plandesk.core.rules.config import DEFAULT_CONFIG, RuleConfig

__all__ = ["DEFAULT_TOML"]

_DESCRIPTIONS = {
    "similarity": "copied: how alike (0 to 1) this period's update and the previous period's "
    "must be to count as copied (1 means identical, after ignoring case and spacing).",
    "unchanged_periods": "unchanged status: how many periods in a row, counting this one, an "
    'activity may keep the same open status (e.g. "In progress") before it is flagged.',
    "no_news_phrases": "no news: an update made only of these phrases and cross-references "
    '("No further update", "Refer to A1.2 and A2.1") says nothing new.',
    "reference_phrases": "no news: words that introduce a cross-reference to other refs.",
    "slipping_phrases": "slipping: language of delay.",
    "resolved_phrases": "slipping: a delay is over. Cancels delay words earlier in the update "
    "and delay words after it in the same clause.",
    "risk_phrases": "risk: words that signal risk without saying delayed: costs or demand "
    "higher than expected, funding not yet secured, a feasibility or scope still being "
    'investigated, no lead or resource in place, waiting on a decision ("higher than '
    'anticipated", "funding not yet secured", "waiting on"). Negated, resolved and completed '
    "as for slipping_phrases.",
    "risk_resolved_phrases": "risk: a risk dealt with. Like resolved_phrases (which count "
    'too): cancels risk words earlier in the update ("funding has now been secured").',
    "completion_phrases": "completion: the work is done. Cancels a delay word earlier in the "
    "same sentence (or before it in the same clause) and an overdue date in the same sentence; "
    'an update saying one, with nothing from ongoing_phrases, is inferred "Complete".',
    "negation_phrases": "A negation up to negation_window words before a delay, risk or completion "
    'phrase, in the same clause, cancels it ("no longer on hold", "not complete").',
    "pending_phrases": "Up to negation_window words before a completion or resolution phrase, "
    'these make it a plan or a side remark rather than the news ("to be in place", '
    '"once complete", "having in place").',
    "negation_window": "How many words before a phrase negation_phrases and pending_phrases reach.",
    "ongoing_phrases": "Signs that work carries on: an update saying any of these is not "
    'inferred "Complete" even when it reports something completed.',
    "deadline_phrases": "overdue: words that must come straight before a date to make it a "
    'deadline ("by the end of April", "deadline of 8 Jun").',
    "plan_phrases": "overdue: words that make the next date in the same clause a plan "
    '("planned for May2018", "will be taken to the Board on 17/09/2020").',
    "plan_window": "overdue: how many words may come between a plan phrase and its date.",
    "past_phrases": "overdue: one of these just before a plan phrase, or between it and the "
    'date, makes it a report of the past ("was scheduled for", "target was met in April").',
    "final_statuses": "Officer-set statuses that close an activity (any case): they never count "
    "as an unchanged status, and a closed activity is not flagged copied, slipping, risk or "
    "overdue.",
}


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_value(value: Any) -> list[str]:
    if isinstance(value, tuple):
        return ["["] + [f"    {_toml_string(item)}," for item in value] + ["]"]
    return [repr(value)]


def _default_toml() -> str:
    lines = [
        "# plandesk stall rules: which activities look stalled, and why.",
        "#",
        "# Every setting is optional: uncomment a line to change it. Top-level settings apply",
        '# to every plan; a [plans."NAME EDITION"] table changes them again for one plan.',
        "# A phrase list replaces the default list; the same key with extra_ in front",
        "# (extra_slipping_phrases = [...]) adds phrases to it instead.",
        "#",
        "# Phrases are whole words, any case. A space or hyphen between words matches any",
        "# spaces and hyphens (on hold finds on-hold); a trailing * matches any word ending",
        "# (delay* finds delays, delayed); a word in [brackets] is optional, with | between",
        "# alternatives ([taken|taking] [far|much] longer than).",
    ]
    for f in fields(RuleConfig):
        lines.append("")
        description = _DESCRIPTIONS[f.name]
        words = description.split()
        line = "#"
        for word in words:
            if len(line) + 1 + len(word) > 96:
                lines.append(line)
                line = "#"
            line += " " + word
        lines.append(line)
        value = _toml_value(getattr(DEFAULT_CONFIG, f.name))
        lines.append(f"# {f.name} = {value[0]}")
        lines.extend(f"# {item}" for item in value[1:])
    lines += [
        "",
        "# One plan's own settings, named as plandesk lists it (name and edition):",
        '# [plans."Safer West Mercia Plan 2020"]',
        "# similarity = 0.85",
        '# extra_slipping_phrases = ["waiting for"]',
        "",
    ]
    return "\n".join(lines)


DEFAULT_TOML = _default_toml()
