"""Due dates as officers type them."""

from __future__ import annotations

from datetime import date

import pytest

from plandesk.core.due_dates import DueDateError, parse_due


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2021-03-31", date(2021, 3, 31)),
        ("31/03/2021", date(2021, 3, 31)),
        ("1/4/2021", date(2021, 4, 1)),
        ("31 March 2021", date(2021, 3, 31)),
        ("1st Sept 2020", date(2020, 9, 1)),
        ("March 2021", date(2021, 3, 31)),
        ("feb 2024", date(2024, 2, 29)),
        ("  September   2020 ", date(2020, 9, 30)),
        ("", None),
        ("   ", None),
    ],
)
def test_the_forms_officers_write(typed, meant):
    assert parse_due(typed) == meant


@pytest.mark.parametrize("typed", ["soon", "31/02/2021", "2021-13-01", "Q3", "31 Marsh 2021"])
def test_anything_else_is_a_clear_error(typed):
    with pytest.raises(DueDateError, match="date"):
        parse_due(typed)
