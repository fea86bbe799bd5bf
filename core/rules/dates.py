"""Dates as updates write them ("by the end of April", "17/09/2020", "2019/20", "Q1 2018"),
and the month each names.

A month with no year is the occurrence of that month nearest the period's end, from five months
before it to six after. Bare years ("by 2019") end in December, financial years ("2019/20") in
March; quarters ("Q1 2018") are ambiguous (calendar or financial) and name none.
"""

from __future__ import annotations

import calendar
import locale
import re
from datetime import date

__all__ = ["DATE", "DATE_PREFIXES", "DATE_WORDS", "month_name", "resolve_date"]

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
DATE = re.compile(
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
DATE_WORDS = frozenset(
    "very end start beginning middle close early late first second last spring summer "
    "autumn fall winter q1 q2 q3 q4".split()
)
DATE_PREFIXES = tuple(_MONTH_NUMBERS) + ("mid",)
_CHAIN_ELEMENT = re.compile(rf"(?P<m>{_MONTH})(?:\s*,?\s*(?P<y>{_YEAR4}))?")
_SEASON_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
_YEAR_QUAL_MONTH = (("early", 3), ("mid", 6), ("middle", 6), ("first half", 6))


def _month_near(month: int, end: date) -> tuple[int, int]:
    """The (year, month) of `month` nearest the period end: 5 months before to 6 after."""
    delta = (month - end.month) % 12
    if delta > 6:
        delta -= 12
    index = end.year * 12 + end.month - 1 + delta
    return index // 12, index % 12 + 1


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3].lower()]


def resolve_date(match: re.Match[str], end: date) -> tuple[int, int] | None:
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


_month_names: dict[tuple[str, str], tuple[str, ...]] = {}


def month_name(month: int) -> str:
    """`calendar.month_name[month]`, which formats a date each time: kept for each locale."""
    where = (locale.setlocale(locale.LC_TIME), locale.setlocale(locale.LC_CTYPE))
    names = _month_names.get(where)
    if names is None:
        names = _month_names[where] = tuple(calendar.month_name)
    return names[month]
