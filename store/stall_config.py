"""Thresholds and phrase lists of the stall rules, read from `stall_rules.toml`.

The file lives in the user's config directory (`plandesk.store.locations.config_dir()`); every
key is optional and a missing file means the defaults. Top-level keys override the defaults for
every plan; a `[plans."NAME EDITION"]` table overrides them again for one plan. A phrase-list key
(`slipping_phrases = [...]`) replaces the list; the same key with `extra_` in front adds to it.

Phrases are plain words, matched case-insensitively as whole words, with three conveniences:
a space or hyphen between words matches any run of spaces and hyphens (`on hold` finds "on-hold"),
a trailing `*` matches any word ending (`delay*` finds "delays", "delayed"), and a word in square
brackets is optional, with `|` between alternatives (`taken [far|much] longer than`).

Pure: no database and no UI. A bad file raises `ConfigError` naming the file, line and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from plandesk.store.locations import config_dir

__all__ = [
    "ConfigError",
    "DEFAULT_CONFIG",
    "DEFAULT_TOML",
    "PHRASE_KEYS",
    "RuleConfig",
    "config_path",
    "load_config",
    "phrase_pattern",
    "phrase_starts",
    "write_default_config",
]

FILE_NAME = "stall_rules.toml"


class ConfigError(ValueError):
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
    # Shortly before a delay or completion phrase (same clause): it did not happen.
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
    # activity is not flagged as copied, slipping or overdue.
    final_statuses: tuple[str, ...] = ("complete", "completed", "closed", "done")


DEFAULT_CONFIG = RuleConfig()

PHRASE_KEYS: tuple[str, ...] = tuple(
    f.name for f in fields(RuleConfig) if f.name.endswith(("_phrases", "_statuses"))
)
_INT_KEYS = {"unchanged_periods": 2, "negation_window": 0, "plan_window": 1}  # key: minimum

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
    "completion_phrases": "completion: the work is done. Cancels a delay word earlier in the "
    "same sentence (or before it in the same clause) and an overdue date in the same sentence; "
    'an update saying one, with nothing from ongoing_phrases, is inferred "Complete".',
    "negation_phrases": "A negation up to negation_window words before a delay or completion "
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
    "as an unchanged status, and a closed activity is not flagged copied, slipping or overdue.",
}

_SEP = r"[\s\-]+"
_TOKEN = re.compile(r"\[[^\[\]]*\]|[^\s\[\]]+|\S")
_WORD = re.compile(r"^[^\s\[\]|*]+\*?$")


def _word_pattern(word: str) -> str:
    star = word.endswith("*")
    body = word[:-1] if star else word
    pieces = [re.escape(part) for part in body.split("-")]
    pattern = r"[\s\-]?".join(pieces)
    return pattern + (r"\w*" if star else "")


def _words_pattern(words: str, phrase: str) -> str:
    parts = words.split()
    if not parts or not all(_WORD.match(w) for w in parts):
        raise ValueError(f"cannot read {words!r} in {phrase!r}")
    return _SEP.join(_word_pattern(w) for w in parts)


def phrase_pattern(phrase: str) -> str:
    """The regular expression (no flags) for one phrase; `ValueError` when it cannot be read.

    Words match whole words, any run of spaces and hyphens between them; `word*` matches any
    ending; `[a|b c]` is an optional word or words, with `|` between alternatives.
    """
    tokens = _TOKEN.findall(phrase)
    if not tokens:
        raise ValueError("an empty phrase")
    if not re.search(r"\w", phrase):
        raise ValueError(f"{phrase!r} has no letters or digits")
    parts: list[str] = []
    seen_required = False
    for token in tokens:
        if token.startswith("["):
            if not token.endswith("]"):
                raise ValueError(f"unbalanced [ in {phrase!r}")
            alts = "|".join(_words_pattern(a, phrase) for a in token[1:-1].split("|"))
            parts.append(f"(?:{_SEP}(?:{alts}))?" if seen_required else f"(?:(?:{alts}){_SEP})?")
            continue
        parts.append((_SEP if seen_required else "") + _words_pattern(token, phrase))
        seen_required = True
    if not seen_required:
        raise ValueError(f"{phrase!r} has no word that is not optional")
    first = tokens[0].strip("[]")[:1]
    last = tokens[-1].strip("[]")[-1:]
    start = r"(?<!\w)" if re.match(r"\w", first) else ""
    end = r"(?!\w)" if re.match(r"[\w*]", last) else ""
    return f"{start}(?:{''.join(parts)}){end}"


_LEAD = re.compile(r"\w+(?:'\w+)*")


def phrase_starts(phrase: str) -> tuple[tuple[str, bool], ...]:
    """The lower-case words a phrase can start with, each with True when only a prefix.

    Used to try a phrase only where the text has a word it could start with: `delay*` starts
    with the prefix "delay", `[please] see` with "please" or "see", `re-introduced` with "re"
    or "reintroduced" (the hyphen may be a space or missing in the text). Empty when a phrase
    starts with something other than a word.
    """
    starts: list[tuple[str, bool]] = []
    for token in _TOKEN.findall(phrase):
        optional = token.startswith("[")
        alternatives = token[1:-1].split("|") if optional else [token]
        for alternative in alternatives:
            first = alternative.split()[0].lower()
            star = first.endswith("*")
            parts = first.rstrip("*").split("-")
            if not all(_LEAD.fullmatch(part) for part in parts):
                return ()
            if len(parts) > 1:  # "re-introduced": "re" then a hyphen or space, or joined up
                starts.append((parts[0], False))
            starts.append(("".join(parts), star))
        if not optional:
            break
    return tuple(starts)


def config_path() -> Path:
    """Where the user's stall-rules file lives: `config_dir() / "stall_rules.toml"`."""
    return config_dir() / FILE_NAME


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


def write_default_config(path: Path | None = None, *, overwrite: bool = False) -> Path:
    """Write the commented default file (to `config_path()` unless `path` is given).

    Refuses (`FileExistsError`) to replace an existing file unless `overwrite` is true.
    """
    target = Path(path) if path is not None else config_path()
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(DEFAULT_TOML, encoding="utf-8")
    return target


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


def _normal_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def _line_of(exc: tomllib.TOMLDecodeError) -> int | None:
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def load_config(plan_title: str | None = None, path: Path | None = None) -> RuleConfig:
    """The rules' settings for one plan ("NAME EDITION"), or for every plan when None.

    Reads `path` (default `config_path()`); a missing file gives `DEFAULT_CONFIG`. Raises
    `ConfigError` for a file that is unreadable, not TOML, or has an unknown or invalid setting.
    """
    target = Path(path) if path is not None else config_path()
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DEFAULT_CONFIG
    except UnicodeDecodeError as exc:
        raise ConfigError(target, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(target, f"cannot read it ({exc.strerror or exc})") from None
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
    wanted = _normal_title(plan_title) if plan_title is not None else None
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
        elif alike is None and _normal_title(title) == wanted:
            alike = checked
    chosen = exact or alike or config
    return DEFAULT_CONFIG if chosen == DEFAULT_CONFIG else chosen
