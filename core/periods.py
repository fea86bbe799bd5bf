"""Reporting periods: UK financial-year quarters by default, any span allowed.

Pure functions, no database: the importers and the CLI use them to read labels such as
"2020/21 Q2", "Q2 2020/21", "Quarter 2 Update July to September 2020" or "Jan 2018 – May 2018".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from plandesk.core.errors import PlandeskError

__all__ = [
    "PeriodError",
    "PeriodSpec",
    "next_quarter",
    "parse_period",
    "quarter",
    "quarter_of",
    "span",
]

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DASH = r"\s*(?:-|–|—|to|until)\s*"


class PeriodError(PlandeskError, ValueError):
    """A period label that cannot be read."""


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """A reporting period: its label and the dates it covers (both inclusive)."""

    label: str
    start: date
    end: date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter(fy_start_year: int, number: int) -> PeriodSpec:
    """Quarter `number` (1–4) of the UK financial year starting in April of `fy_start_year`."""
    if number not in (1, 2, 3, 4):
        raise PeriodError(f"quarter must be 1 to 4, not {number}")
    first_month = 4 + 3 * (number - 1)
    year = fy_start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    end_month = month + 2
    label = f"{fy_start_year}/{(fy_start_year + 1) % 100:02d} Q{number}"
    return PeriodSpec(label, date(year, month, 1), _month_end(year, end_month))


def quarter_of(day: date) -> PeriodSpec:
    """The financial-year quarter that contains `day`."""
    fy = day.year if day.month >= 4 else day.year - 1
    return quarter(fy, (day.month - 4) % 12 // 3 + 1)


def next_quarter(after: date) -> PeriodSpec:
    """The financial-year quarter that starts after the day `after` (a period's last day)."""
    return quarter_of(after + timedelta(days=1))


def span(start_year: int, start_month: int, end_year: int, end_month: int) -> PeriodSpec:
    """A period of whole months; a financial-year quarter gets the quarter's label."""
    start = date(start_year, start_month, 1)
    end = _month_end(end_year, end_month)
    if end < start:
        raise PeriodError("the period ends before it starts")
    as_quarter = quarter_of(start)
    if as_quarter.start == start and as_quarter.end == end:
        return as_quarter
    first = calendar.month_abbr[start_month]
    last = calendar.month_abbr[end_month]
    if start_year == end_year:
        label = f"{first}–{last} {end_year}" if start_month != end_month else f"{first} {end_year}"
    else:
        label = f"{first} {start_year}–{last} {end_year}"
    return PeriodSpec(label, start, end)


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


_NUMBERS = {
    **{str(n): n for n in range(1, 5)},
    **{word: n for n, word in enumerate(("first", "second", "third", "fourth"), start=1)},
    **{word: n for n, word in enumerate(("one", "two", "three", "four"), start=1)},
    **{word: n for n, word in enumerate(("1st", "2nd", "3rd", "4th"), start=1)},
}
_NUMBER = "|".join(sorted(_NUMBERS, key=len, reverse=True))
# "Q2", "Qtr 2", "Quarter two", "2nd quarter"; the quarter's number is group `n` or `m`.
_QUARTER = rf"(?:(?:q|qtr|quarter)\s*(?P<n>{_NUMBER})|(?P<m>{_NUMBER})\s*(?:quarter|qtr))"
# "2020/21", "20/21", "2020-21", "2020/2021"; the financial year is groups `y` and `z`.
_FY = r"(?P<y>\d{4}|\d{2})\s*[/-]\s*(?P<z>\d{4}|\d{2})"
# Words officers put between the quarter and the year: "Q2 of the financial year 2020/21".
_FILLER = re.compile(r"\b(?:of|the|in|financial\s+year|fy)\b|,")


def _financial_quarter(raw: str, lowered: str) -> PeriodSpec | None:
    """The quarter named in any of its spellings, or None when `lowered` names none."""
    plain = " ".join(_FILLER.sub(" ", re.sub(r"\bfy(?=\d)", "", lowered)).split())
    plain = plain.replace("–", "-").replace("—", "-")
    for pattern in (rf"{_FY}\s*{_QUARTER}", rf"{_QUARTER}\s*{_FY}"):
        match = re.fullmatch(pattern, plain)
        if match:
            number = _NUMBERS[match["n"] or match["m"]]
            year, following = _year(match["y"]), _year(match["z"])
            if following % 100 != (year + 1) % 100 or following - year not in (1, -99):
                raise PeriodError(f"{raw!r}: {match['y']}/{match['z']} is not one financial year")
            return quarter(year, number)
    return None


def parse_period(text: str) -> PeriodSpec:
    """Read a period label in any of the forms documents and officers use.

    Accepted: a financial-year quarter written "2020/21 Q2", "Q2 2020/21", "Q2 20/21",
    "Q2 of 20/21", "2020-21 Q2", "Q2 FY20/21", "FY2020/21 Q2", "Quarter 2 2020/21",
    "2nd quarter of 2020/21" (any case and spacing); months "July to September 2020",
    "Jul-Sep 2020", "Quarter 2 Update July to September 2020", "Jan 2018 – May 2018",
    "Jan–May 2018", "May 2018".
    """
    raw = " ".join(text.split())
    lowered = raw.lower()
    found = _financial_quarter(raw, lowered)
    if found is not None:
        return found
    months = rf"({_MONTH_RE})\.?"
    match = re.search(rf"{months}\s*(\d{{4}})?{_DASH}{months}\s*(\d{{4}})", lowered)
    if match:
        first, first_year, last, last_year = match.groups()
        end_year = int(last_year)
        start_year = int(first_year) if first_year else end_year
        if not first_year and _MONTHS[first] > _MONTHS[last]:
            start_year -= 1
        return span(start_year, _MONTHS[first], end_year, _MONTHS[last])
    match = re.fullmatch(rf"{months}\s*(\d{{4}})", lowered)
    if match:
        month, year = match.groups()
        return span(int(year), _MONTHS[month], int(year), _MONTHS[month])
    raise PeriodError(
        f"cannot read the period {raw!r}; write it like '2020/21 Q2' or 'Jan 2018 - May 2018'"
    )
