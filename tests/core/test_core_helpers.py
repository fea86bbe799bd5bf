"""The one helper of each kind in `plandesk.core`: shortening, folding, commitment kinds and
naming an activity."""

from __future__ import annotations

from plandesk.core.plan import ActivityView, CommitmentView, activity_label
from plandesk.core.refs import commitment_kind
from plandesk.core.text import fold_name, shorten


def test_shorten_flattens_and_cuts_with_an_ellipsis() -> None:
    assert shorten("  a\n b\tc ", 10) == "a b c"
    assert shorten("abcdef", 6) == "abcdef"
    assert shorten("abcdefg", 6) == "abcde…"


def test_fold_name_ignores_case_and_spacing() -> None:
    assert fold_name("  In\nPROGRESS ") == "in progress"
    assert fold_name("Straße") == "strasse"


def test_commitment_kind_reads_the_first_letter_of_the_key() -> None:
    assert commitment_kind("B3") == "commissioner"
    assert commitment_kind("(В.3)") == "commissioner"  # Cyrillic В, in parentheses
    assert commitment_kind("1.2") == "policing"
    assert commitment_kind("(1.2)") == "policing"


def _activity(id_: int, position: int, ref: str | None, stands: bool = False) -> ActivityView:
    return ActivityView(id_, 1, position, ref, "", "", stands)


def test_activity_label_names_by_ref_then_by_commitment() -> None:
    one = _activity(1, 1, None)
    two = [_activity(2, 1, "B2.1"), _activity(3, 2, None)]
    alone = CommitmentView(1, 1, 1, "B1", "commissioner", "t", [one])
    pair = CommitmentView(2, 1, 2, " B2 ", "commissioner", "t", two)
    nameless = CommitmentView(3, 1, 3, "", "commissioner", "t", [_activity(4, 1, None)])
    assert activity_label(alone, one) == "B1"
    assert activity_label(pair, two[0]) == "B2.1"
    assert activity_label(pair, two[1]) == "B2 activity 2"
    assert activity_label(pair, two[1], "{ref} (activity {position})") == "B2 (activity 2)"
    assert activity_label(nameless, nameless.activities[0]) == "#4"
