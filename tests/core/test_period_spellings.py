"""Every common spelling of a UK financial quarter reads as the same period (issue 14, item 14)."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plandesk.core.periods import PeriodError, parse_period, quarter

# (template, needs the two-digit years) with {q}, {y} (first year), {n} (the next year).
TEMPLATES = [
    "{y}/{n} Q{q}",
    "Q{q} {y}/{n}",
    "Q{q} of {y}/{n}",
    "Q{q} {y}-{n}",
    "{y}-{n} Q{q}",
    "{y}–{n} Q{q}",
    "Quarter {q} {y}/{n}",
    "Quarter {q} of {y}/{n}",
    "Q{q} FY{y}/{n}",
    "FY{y}/{n} Q{q}",
    "FY {y}/{n} Q{q}",
    "Q{q}, {y}/{n}",
    "Qtr {q} {y}/{n}",
    "Q{q} of the financial year {y}/{n}",
    "{y}/{n} Quarter {q}",
]
ORDINALS = ["1st", "2nd", "3rd", "4th"]
WORDS = ["first", "second", "third", "fourth"]


def spellings(fy: int, number: int) -> list[str]:
    """Every way the quarter is written, with the years long and short."""
    found = []
    for first, second in (
        (str(fy), f"{(fy + 1) % 100:02d}"),
        (f"{fy % 100:02d}", f"{(fy + 1) % 100:02d}"),
        (str(fy), str(fy + 1)),
    ):
        found += [t.format(q=number, y=first, n=second) for t in TEMPLATES]
        found.append(f"{ORDINALS[number - 1]} quarter {first}/{second}")
        found.append(f"{WORDS[number - 1].title()} quarter of {first}/{second}")
    start_month = 4 + 3 * (number - 1)
    year = fy + (start_month - 1) // 12
    month = (start_month - 1) % 12 + 1
    first_name, last_name = calendar.month_abbr[month], calendar.month_abbr[month + 2]
    found.append(f"{first_name}-{last_name} {year}")
    found.append(f"{calendar.month_name[month]} to {calendar.month_name[month + 2]} {year}")
    return found


def test_the_spellings_the_documents_use():
    q2 = quarter(2020, 2)
    for text in ("Q2 20/21", "Q2 of 20/21", "Q2 FY20/21", "Jul-Sep 2020", "Quarter 2 2020/21"):
        assert parse_period(text) == q2, text


@given(
    fy=st.integers(min_value=2000, max_value=2097),
    number=st.integers(min_value=1, max_value=4),
    data=st.data(),
)
def test_every_spelling_of_a_quarter_reads_as_the_same_period(fy, number, data):
    text = data.draw(st.sampled_from(spellings(fy, number)))
    shout = data.draw(st.booleans())
    spaced = data.draw(st.sampled_from([" ", "  ", "\t"]))
    written = (text.upper() if shout else text).replace(" ", spaced)
    assert parse_period(f" {written} ") == quarter(fy, number)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Q5 2020/21", "cannot read the period"),
        ("Q2 2020/22", "is not one financial year"),
        ("Q2 20/22", "is not one financial year"),
        ("Q2 2020", "cannot read the period"),
        ("banana", "cannot read the period"),
        ("Q2 of 2020/21 and Q3", "cannot read the period"),
        ("", "cannot read the period"),
    ],
)
def test_nonsense_is_still_refused_clearly(text, words):
    with pytest.raises(PeriodError, match=words):
        parse_period(text)
