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


def parse_period(text: str) -> PeriodSpec:
    """Read a period label in any of the forms documents and officers use.

    Accepted: "2020/21 Q2", "Q2 2020/21", "2020-21 Q2", "FY2020/21 Q2", "Quarter 2 2020/21",
    "July to September 2020", "Quarter 2 Update July to September 2020", "Jan 2018 – May 2018",
    "Jan–May 2018", "May 2018".
    """
    raw = " ".join(text.split())
    lowered = raw.lower().replace("fy", "")
    fy = r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})"
    qn = r"(?:q|quarter)\s*([1-4])"
    for pattern, order in ((rf"^{fy}\s*{qn}$", "yq"), (rf"^{qn}\s*{fy}$", "qy")):
        match = re.match(pattern, lowered)
        if match:
            groups = match.groups()
            year_text, next_text, number = (
                groups if order == "yq" else (groups[1], groups[2], groups[0])
            )
            year = int(year_text)
            if _year(next_text) % 100 != (year + 1) % 100:
                raise PeriodError(f"{raw!r}: {year_text}/{next_text} is not one financial year")
            return quarter(year, int(number))
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
