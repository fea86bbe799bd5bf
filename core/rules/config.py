"""Thresholds and phrase lists of the stall rules, and reading them from TOML text.

Every key is optional and a missing file means the defaults. Top-level keys override the
defaults for every plan; a `[plans."NAME EDITION"]` table overrides them again for one plan. A
phrase-list key (`slipping_phrases = [...]`) replaces the list; the same key with `extra_` in
front adds to it. How a phrase is written: `plandesk.core.rules.syntax`.

Pure: no files, no database, no UI (`plandesk.store.rules_file` finds and reads the file). A bad
setting raises `ConfigError` naming the file, line and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from plandesk.core.errors import PlandeskError
from plandesk.core.rules.risk_words import RISK_PHRASES, RISK_RESOLVED_PHRASES
from plandesk.core.rules.syntax import phrase_pattern
from plandesk.core.text import fold_name

__all__ = [
    "ConfigError",
    "DEFAULT_CONFIG",
    "PHRASE_KEYS",
    "RuleConfig",
    "parse_config",
]


class ConfigError(PlandeskError, ValueError):
    """A stall-rules file that cannot be used: says which file, line and key, and why."""

    def __init__(
        self, path: Path | str, message: str, *, key: str | None = None, line: int | None = None
    ) -> None:
        where = f"{path}:{line}" if line else str(path)
        what = f"{key}: {message}" if key else message
        super().__init__(f"{where}: {what}")
        self.path = Path(path)
        self.key = key
        self.line = line
        self.message = message


@dataclass(frozen=True)
class RuleConfig:
    """Everything the stall rules can be tuned with; the defaults suit UK delivery plans."""

    # copied: how alike (0 to 1) this period's update and the previous one must be.
    similarity: float = 0.9
    # unchanged status: periods in a row, counting this one, with the same open status.
    unchanged_periods: int = 3
    # no news: an update made only of these phrases and cross-references says nothing new.
    no_news_phrases: tuple[str, ...] = (
        "no further update*",
        "no [new] update*",
        "no update* [provided|received|available|given]",
        "nothing [further|new] to report",
        "no [further] change*",
        "no [further] progress [to report]",
        "update* to follow",
        "to follow",
        "see above",
        "see below",
        "as above",
        "as before",
        "as previous*",
        "as per previous [update|quarter|report]",
        "n/a",
        "tbc",
        "at this [time|stage]",
        "at present",
        "this [quarter|period|month]",
        "since [the] last [update|quarter|period|report|month|meeting]",
    )
    # no news: words that introduce a cross-reference ("Refer to 3.5, 1.2 & 2.1.2").
    reference_phrases: tuple[str, ...] = (
        "[please] refer* to",
        "[please] see [also]",
        "as per",
        "as for",
        "same as",
        "covered [in|under|by]",
        "included [in|under]",
        "cross [reference*|ref]",
    )
    # slipping: language of delay.
    slipping_phrases: tuple[str, ...] = (
        "delay*",
        "postpone*",
        "on hold",
        "hold up*",
        "held up",
        "slipp*",
        "cancel*",
        "defer*",
        "pause*",
        "suspend*",
        "suspension*",
        "await*",
        "behind schedule",
        "behind plan",
        "running late",
        "overdue",
        "no update forthcoming",
        "tak* [far|much|significantly|considerably] longer than",
        "not yet in place",
        "not [yet] [been] progressed",
        "no progress",
        "remain* at risk",
        "little progress",
        "slow progress",
        "slowly",
        "slower than",
        "not [be|been] delivered",
        "proving difficult",
        "stalled",
        "halted",
        "ceased",
        "unable to",
    )
    # slipping: a delay is over. Cancels delay words earlier in the update (any sentence) and
    # delay words after it in the same clause ("back on track after the delay").
    resolved_phrases: tuple[str, ...] = (
        "resolved",
        "back on track",
        "back on schedule",
        "caught up",
        "resumed",
        "recommenced",
        "restarted",
        "re-introduced",
        "re-instated",
        "re-started",
        "re-launched",
        "lifted",
        "going again",
        "up and running [again]",
        "now complete",
        "now completed",
        "since [been] completed",
    )
    # risk: words that signal risk without saying "delayed" (costs above what was expected,
    # funding not secured, feasibility or scope still open, no lead, waiting on a decision).
    risk_phrases: tuple[str, ...] = RISK_PHRASES
    # risk: a risk dealt with ("funding has now been secured"); resolved_phrases count too.
    risk_resolved_phrases: tuple[str, ...] = RISK_RESOLVED_PHRASES
    # completion: the work is done. Cancels a delay word earlier in the same sentence or before
    # it in the same clause, cancels an overdue date in the same sentence, and makes the inferred
    # status "Complete" when nothing in `ongoing_phrases` follows.
    completion_phrases: tuple[str, ...] = (
        "complete",
        "completed",
        "achieved",
        "in place",
        "delivered",
        "finished",
        "done",
        "now live",
        "went live",
        "gone live",
        "signed off",
        "took place",
        "taken place",
    )
    # Shortly before a delay, risk or completion phrase (same clause): it did not happen.
    negation_phrases: tuple[str, ...] = (
        "not",
        "no",
        "no longer",
        "never",
        "without",
        "nor",
        "neither",
        "isn't",
        "wasn't",
        "hasn't",
        "haven't",
        "hadn't",
        "won't",
        "aren't",
        "weren't",
        "didn't",
        "doesn't",
        "don't",
    )
    # Shortly before a completion or resolution phrase (same clause): it is only a plan or a
    # side remark ("to be in place", "once complete", "having in place").
    pending_phrases: tuple[str, ...] = (
        "to be",
        "need* to",
        "aim* to",
        "plan* to",
        "hop* to",
        "intend* to",
        "expect* to",
        "seek* to",
        "yet to",
        "able to",
        "going to",
        "in order to",
        "having",
        "following",
        "after",
        "will",
        "once",
        "when",
        "until",
        "if",
        "yet",
        "being",
        "should",
        "could",
        "would",
        "able to",
        "before",
        "nearing",
    )
    # How many words before a phrase `negation_phrases` and `pending_phrases` reach.
    negation_window: int = 3
    # Signs that work carries on: an update saying any of these is not inferred "Complete".
    ongoing_phrases: tuple[str, ...] = (
        "will",
        "ongoing",
        "on going",
        "continu*",
        "next",
        "to be",
        "planned",
        "planning",
        "being",
        "in progress",
        "in the process",
        "under development",
        "in development",
        "developing",
        "currently",
        "further work",
        "working",
        "monitor*",
        "need to",
        "needs to",
        "yet to",
        "remain*",
        "still",
        "awaiting",
    )
    # overdue: words that must come straight before a date to make it a deadline ("by May 2018").
    deadline_phrases: tuple[str, ...] = (
        "by",
        "before",
        "prior to",
        "no later than",
        "deadline [of]",
        "target date [of]",
        "due [on|in|for|by]",
    )
    # overdue: words that make a date later in the same clause a plan ("planned for ... May").
    plan_phrases: tuple[str, ...] = (
        "due",
        "plan",
        "planned",
        "planning",
        "scheduled",
        "expect*",
        "anticipated",
        "estimated",
        "forecast",
        "will",
        "shall",
        "should",
        "deadline",
        "target*",
        "aim*",
        "intend*",
        "next",
    )
    # overdue: how many words may come between a plan phrase and its date.
    plan_window: int = 10
    # overdue: a plan phrase right after, or words between the plan phrase and the date, that
    # make it a report of the past ("was scheduled for", "target was met in April").
    past_phrases: tuple[str, ...] = ("was", "were", "had", "did")
    # Officer-set statuses that close an activity: no "unchanged status" run, and a closed
    # activity is not flagged as copied, slipping, risk or overdue.
    final_statuses: tuple[str, ...] = ("complete", "completed", "closed", "done")


DEFAULT_CONFIG = RuleConfig()

PHRASE_KEYS: tuple[str, ...] = tuple(
    f.name for f in fields(RuleConfig) if f.name.endswith(("_phrases", "_statuses"))
)
_INT_KEYS = {"unchanged_periods": 2, "negation_window": 0, "plan_window": 1}  # key: minimum


def _key_line(text: str, key: str, table: str | None) -> int | None:
    """The line of `key = ...` in `table` (None: the top level) of a TOML text, if it is there."""
    current: str | None = None
    key_re = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            current = line
            continue
        if key_re.match(raw):
            if table is None and current is None:
                return number
            if table is not None and current is not None and table in current:
                return number
    return None


class _Reader:
    """Checks and applies one table of settings, reporting errors with file, line and key."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, key: str, message: str, table: str | None) -> ConfigError:
        label = f'plans."{table}".{key}' if table is not None else key
        return ConfigError(self.path, message, key=label, line=_key_line(self.text, key, table))

    def apply(self, config: RuleConfig, table: dict[str, Any], plan: str | None) -> RuleConfig:
        changes: dict[str, Any] = {}
        extras: dict[str, tuple[str, ...]] = {}
        known = {f.name for f in fields(RuleConfig)}
        for key, value in table.items():
            if key == "plans" and plan is None:
                continue
            if key in ("similarity",):
                changes[key] = self.similarity(key, value, plan)
            elif key in _INT_KEYS:
                changes[key] = self.integer(key, value, plan)
            elif key in PHRASE_KEYS:
                changes[key] = self.phrases(key, value, plan)
            elif key.startswith("extra_") and key[6:] in PHRASE_KEYS:
                extras[key[6:]] = self.phrases(key, value, plan)
            else:
                hint = ' (plan tables go under [plans."NAME EDITION"])' if key in known else ""
                raise self.fail(key, f"unknown setting{hint}", plan)
        merged = replace(config, **changes)
        for key, more in extras.items():
            current = getattr(merged, key)
            merged = replace(merged, **{key: current + tuple(p for p in more if p not in current)})
        return merged

    def similarity(self, key: str, value: Any, plan: str | None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number from 0 to 1, not {value!r}", plan)
        if not 0.0 <= float(value) <= 1.0:
            raise self.fail(key, f"must be from 0 to 1, not {value!r}", plan)
        return float(value)

    def integer(self, key: str, value: Any, plan: str | None) -> int:
        least = _INT_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}", plan)
        if value < least:
            raise self.fail(key, f"must be at least {least}, not {value!r}", plan)
        return value

    def phrases(self, key: str, value: Any, plan: str | None) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list of strings, not {value!r}", plan)
        result: list[str] = []
        for item in value:
            if not isinstance(item, str):
                raise self.fail(key, f"must be a list of strings; {item!r} is not a string", plan)
            phrase = " ".join(item.split())
            if key.endswith("_phrases"):
                try:
                    phrase_pattern(phrase)
                except ValueError as exc:
                    raise self.fail(key, str(exc), plan) from None
            elif not phrase:
                raise self.fail(key, "has an empty status", plan)
            result.append(phrase)
        return tuple(result)


def _line_of(exc: tomllib.TOMLDecodeError) -> int | None:
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def parse_config(text: str, path: Path | str, plan_title: str | None = None) -> RuleConfig:
    """The rules' settings for one plan ("NAME EDITION"), or for every plan when None, from the
    text of a rules file (`path` names it in errors).

    Raises `ConfigError` for text that is not TOML or has an unknown or invalid setting.
    """
    target = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(target, f"not valid TOML: {message}", line=_line_of(exc)) from None
    reader = _Reader(target, text)
    config = reader.apply(DEFAULT_CONFIG, data, None)
    plans = data.get("plans", {})
    if not isinstance(plans, dict):
        raise reader.fail("plans", 'must be tables like [plans."NAME EDITION"]', None)
    exact: RuleConfig | None = None
    alike: RuleConfig | None = None
    wanted = fold_name(plan_title) if plan_title is not None else None
    for title, table in plans.items():
        if not isinstance(table, dict):
            raise ConfigError(
                target,
                'must be a table like [plans."NAME EDITION"]',
                key=f'plans."{title}"',
                line=_key_line(text, title, "plans"),
            )
        # Every plan's table is checked, not only the one asked for, so mistakes show early.
        checked = reader.apply(config, table, title)
        if title == plan_title:
            exact = checked
        elif alike is None and fold_name(title) == wanted:
            alike = checked
    chosen = exact or alike or config
    return DEFAULT_CONFIG if chosen == DEFAULT_CONFIG else chosen
