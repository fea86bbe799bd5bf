"""The 2020 quarterly-extract importer, on the real sample and on small broken inputs.

Pure tests: no database. The expected numbers were counted by hand from
samples/2020-q2_delivery_plan_extract.txt (lines printed with `repr` to see the tabs):

- Commitments: rows whose No cell holds a ref. A1-A8 (8), B1 B2 В3 В4 B5 В6 В7 (7, four of
  them with a Cyrillic В), C1 (1), D1-D13 (13): 29.
- Activities: every `(X9.9)` ref opening an activity cell (50; A7.1 and A7.2 share one cell,
  A6.3-A6.6 sit on lines whose empty leading cells were dropped), plus refless activity text on
  a commitment row (10: A1 "Refer to C7", A4, A8, D2, D3, D4 "Refer to B1.1", D6,
  D7 "Refer to B2.1", D11, D13), plus commitment rows with an update but an empty activity cell
  (2: A2 and В7): 62. Per objective: A 21, B 17, C 1, D 23. Continuation fragments (D9.1's
  "etc. ...", the second rows of B1, B2, В6 and D8's commitments) add none.
- Activities with an update: all but the three "Refer to" rows: 59 (A7.2's is the
  "Action completed June 2020" paragraph split off the cell's shared update).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from plandesk.core.records import ActivityRecord, CommitmentRecord
from plandesk.core.refs import ref_key
from plandesk.importers import ImportProblem, PlanDocument, quarterly_extract, read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

EXTRACT = QUARTERLY_EXTRACT

HEADING = "PUTTING VICTIMS AND SURVIVORS FIRST\t\t\t"
HEADER = "No\tSWP Commitment\tSupporting activity\tQuarter 2 Update July to September 2020\t"


@pytest.fixture(scope="module")
def doc() -> PlanDocument:
    return quarterly_extract.parse(EXTRACT.read_text(encoding="utf-8"), str(EXTRACT))


def commitment(doc: PlanDocument, ref: str) -> CommitmentRecord:
    (found,) = [c for c in doc.commitments() if c.ref == ref]
    return found


def activity(doc: PlanDocument, ref: str) -> ActivityRecord:
    (found,) = [a for a in doc.activities() if a.ref == ref]
    return found


def all_texts(doc: PlanDocument) -> list[str]:
    texts = [o.title for o in doc.objectives] + [c.title for c in doc.commitments()]
    return texts + [t for a in doc.activities() for t in (a.text, a.update or "")]


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "x.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- detection --------------------------------------------------------------------------


def test_detect_matches_the_extract_only():
    assert quarterly_extract.detect(EXTRACT.read_text(encoding="utf-8"))
    assert not quarterly_extract.detect(PANEL_REPORT.read_text(encoding="utf-8"))
    assert not quarterly_extract.detect("No SWP Commitment here, just prose.\n")


def test_read_document_picks_this_layout():
    document = read_document(EXTRACT)
    assert document.layout == "quarterly-extract"
    assert document.source == str(EXTRACT)


# --- the real document --------------------------------------------------------------------


def test_plan_period_and_edition(doc):
    assert doc.plan_name == "Safer West Mercia Plan"
    assert doc.edition == "2020"
    assert doc.period.label == "2020/21 Q2"
    assert (doc.period.start, doc.period.end) == (date(2020, 7, 1), date(2020, 9, 30))
    assert doc.oversight_bodies == []


def test_objectives_are_joined_and_sentence_cased(doc):
    # PUT|PUTTING, BUIL|DING and REFO|EFORMING were split by the No column; the fourth
    # heading is whole. "MERICA" is corrected to the plan's own spelling (see the module).
    assert [(o.title, o.line) for o in doc.objectives] == [
        ("Putting victims and survivors first", 1),
        ("Building a more secure West Mercia", 29),
        ("Reforming West Mercia", 56),
        ("Reassuring West Mercia's communities", 93),
    ]


def test_commitments_per_objective(doc):
    refs = [[c.ref for c in o.commitments] for o in doc.objectives]
    assert refs == [
        [f"A{n}" for n in range(1, 9)],
        ["B1", "B2", "\u04123", "\u04124", "B5", "\u04126", "\u04127"],
        ["C1"],
        [f"D{n}" for n in range(1, 14)],
    ]
    assert {c.kind for c in doc.commitments()} == {"commissioner"}


def test_activity_counts(doc):
    per_objective = [sum(len(c.activities) for c in o.commitments) for o in doc.objectives]
    assert per_objective == [21, 17, 1, 23]
    assert len(doc.activities()) == 62
    assert sum(1 for a in doc.activities() if a.update) == 59
    assert sum(1 for a in doc.activities() if a.ref is None and a.text) == 10
    assert all(a.oversight == "" for a in doc.activities())


def test_no_activity_ref_repeats_in_this_document(doc):
    # Checked by hand: every `(X9.9)` ref occurs once. Refs are still kept per commitment, so a
    # repeat would be two activities (see test_a_ref_repeated_under_two_commitments_is_kept).
    keys = Counter(ref_key(a.ref) for a in doc.activities() if a.ref)
    assert len(keys) == 50
    assert max(keys.values()) == 1


def test_cyrillic_refs_are_kept_as_written(doc):
    b3 = doc.objectives[1].commitments[2]
    assert b3.ref == "\u04123" and b3.ref != "B3"
    assert ref_key(b3.ref) == "B3"
    assert [a.ref for a in b3.activities] == ["B3.1", "B3.2"]
    assert b3.line == 40


def test_commitment_text_runs_over_two_rows(doc):
    b1 = commitment(doc, "B1")
    assert b1.title.split("\n") == [
        "• Making sure the police provide the right response to incidents at the right time "
        "Incorporating the following Reassure commitments (D4)",
        "• Delivering new online platforms for communicating and engaging with the public and "
        "partners, alongside traditional and existing methods",
        "• Ensuring the force is visible and accessible both in communities and online and is "
        "engaging with the public and acting on their concerns locally",
    ]
    assert [(a.ref, a.line) for a in b1.activities] == [("B1.1", 31), ("B1.2", 32)]
    assert "Proactively finding the causes of crime so threats are identified" in (
        commitment(doc, "B2").title
    )


def test_html_list_scraps_become_bullet_lines(doc):
    a32 = activity(doc, "A3.2")
    assert "<" not in a32.text and ">" not in a32.text
    assert a32.text.split("\n") == [
        "Work with partners to:",
        "• Create an internal audit and inspection regime to evidence compliance with the "
        "Victims' Code of Practice",
        "• Create a performance framework designed to improve victim and witness services.",
    ]
    assert a32.line == 9
    assert all("<li>" not in t and "<ul>" not in t and "\t" not in t for t in all_texts(doc))


def test_broken_copy_of_d13_update_is_dropped(doc):
    (d13,) = commitment(doc, "D13").activities
    assert d13.ref is None and d13.text.startswith("Ensure the PCC is able to meet")
    phrase = "A new process has been developed which ensures any recommendations"
    assert d13.update.count(phrase) == 1
    assert d13.update.startswith("In July HMICFRS advised that its inspection programme")
    assert "its ins October" not in d13.update
    assert "process has been developed which HMICFRS reports" not in d13.update


def test_d8_garbled_repeat_is_dropped(doc):
    d8 = commitment(doc, "D8")
    assert "mara" not in d8.title
    assert d8.title.endswith("including those of hard to reach and minority communities")
    assert d8.title.count("minority communities") == 1
    assert [a.ref for a in d8.activities] == ["D8.1", "D8.2", "D8.3"]


def test_rows_without_leading_tabs_are_activities_of_a6(doc):
    a6 = commitment(doc, "A6")
    assert [a.ref for a in a6.activities] == [f"A6.{n}" for n in range(1, 8)]
    moved = {a.ref: a for a in a6.activities[2:6]}
    assert [a.line for a in moved.values()] == [17, 18, 19, 20]
    assert all(a.update for a in moved.values())
    assert (
        moved["A6.3"].text
        == "Work with National Health England to recommission the CYP SARC service"
    )
    assert moved["A6.3"].update.startswith("Due to COVID, the existing contract")
    assert moved["A6.6"].update.endswith("tenders for both services will go out in September 2020.")


def test_activity_cell_continued_after_a_page_break(doc):
    d9 = commitment(doc, "D9")
    assert [a.ref for a in d9.activities] == ["D9.1", "D9.2"]
    assert d9.activities[0].text.endswith(
        "(4) Provision of central support and materials etc. to ensure CAs represent the "
        "ambassador appropriately."
    )


def test_update_with_no_activity_stands_for_the_commitment(doc):
    a2 = commitment(doc, "A2")
    first = a2.activities[0]
    assert (first.ref, first.text, first.stands_for_commitment, first.line) == (None, "", True, 4)
    assert first.update.startswith("A new Victims' Strategy has been drafted")
    assert [a.ref for a in a2.activities[1:]] == ["A2.2", "A2.3"]
    (b7,) = commitment(doc, "\u04127").activities
    assert b7.stands_for_commitment and b7.update.startswith("A number of needs assessments")
    standing = [c.ref for c in doc.commitments() for a in c.activities if a.stands_for_commitment]
    assert standing == ["A2", "\u04127"]


def test_refless_activity_text_is_a_normal_activity(doc):
    for ref, start in [
        ("D6", "Develop and implement a Rural Crime"),
        ("D11", "Regular, consistent"),
    ]:
        (only,) = commitment(doc, ref).activities
        assert only.ref is None and not only.stands_for_commitment
        assert only.text.startswith(start) and only.update


def test_two_activities_in_one_cell_split_the_update(doc):
    a71, a72 = activity(doc, "A7.1"), activity(doc, "A7.2")
    assert a71.text == "Engaged in national work via APCC and MoJ"
    assert a72.text.startswith("Lobbying activity seeking to promote amendment in the DA Bill")
    assert a71.update.endswith("to inform future funding opportunities.")
    assert a72.update == "Action completed June 2020"
    assert a71.line == a72.line == 23


def test_cross_references_have_no_update(doc):
    refer = [(c.ref, a.text, a.update) for c in doc.commitments() for a in c.activities]
    refer = [row for row in refer if row[1].startswith("Refer to")]
    assert refer == [
        ("A1", "Refer to C7", None),
        ("D4", "Refer to B1.1", None),
        ("D7", "Refer to B2.1", None),
    ]


def test_wrapped_update_lines_join_into_paragraphs(doc):
    (c102,) = commitment(doc, "C1").activities
    assert c102.ref == "C10.2"  # as written, though it sits under C1
    lines = c102.update.split("\n")
    assert "Police Aviation" in lines and "Counter Terrorism" in lines
    assert "Criminal Justice" in lines
    after = lines[lines.index("Police Aviation") + 1]
    assert after.startswith("The RPO continues to support the PCC in his role as the central")
    assert after.endswith(
        "The NPAS national strategic board will meet in December to consider the next set of "
        "proposals."
    )
    assert lines[-1].endswith("will help inform future collaboration opportunities.")
    assert "TI DDG" not in c102.update and "GCC III" not in c102.update


def test_footers_and_cell_breaks(doc):
    assert not any("Appendix 1" in t or "Delivery Plan Extract" in t for t in all_texts(doc))
    assert activity(doc, "B4.1").update.split("\n")[1:3] == [
        "1. A reduction in fatalities and casualties",
        "2. A reduction in the number of collisions",
    ]
    assert commitment(doc, "A7").title.split("\n")[1].startswith("Use my role as PCC")


def test_truncated_update_is_kept_as_written(doc):
    assert activity(doc, "D10.1").update == (
        "sults to since last year. Residents in South Worcestershire are most confident whilst"
    )


def test_row_lines(doc):
    assert commitment(doc, "D13").line == 128
    assert activity(doc, "D9.2").line == 115
    assert activity(doc, "D10.5").line == 123


# --- small documents --------------------------------------------------------------------


def test_a_ref_repeated_under_two_commitments_is_kept(tmp_path):
    path = write(
        tmp_path,
        HEADING,
        HEADER,
        "A1\tFirst commitment\t(A1.1) Do one thing\tDone",
        "A2\tSecond commitment\t(A1.1) Do it again\tDone again",
    )
    document = read_document(path)
    pairs = [(c.ref, a.ref, a.update) for c in document.commitments() for a in c.activities]
    assert pairs == [("A1", "A1.1", "Done"), ("A2", "A1.1", "Done again")]


def test_numbered_commitments_are_policing(tmp_path):
    path = write(tmp_path, HEADING, HEADER, "1.1\tMake sure officers have skills\tTraining\t")
    (only,) = read_document(path).commitments()
    assert (only.ref, only.kind, only.activities[0].update) == ("1.1", "policing", None)


def test_unrelated_text_is_a_problem(tmp_path):
    path = write(tmp_path, "Shopping list", "milk\teggs")
    with pytest.raises(ImportProblem) as caught:
        read_document(path)
    assert caught.value.line == 1


def test_header_only_is_a_problem(tmp_path):
    path = write(tmp_path, HEADING, HEADER)
    with pytest.raises(ImportProblem, match="no commitment rows") as caught:
        read_document(path)
    assert caught.value.line == 2


def test_table_without_a_heading_is_a_problem(tmp_path):
    path = write(tmp_path, HEADER, "A1\tText\tActivity\tUpdate")
    with pytest.raises(ImportProblem, match="no objective heading") as caught:
        read_document(path)
    assert caught.value.line == 1


def test_header_missing_a_column_is_a_problem(tmp_path):
    path = write(tmp_path, "", HEADING, "No\tSWP Commitment\tSupporting activity")
    with pytest.raises(ImportProblem, match="expected No / SWP Commitment") as caught:
        read_document(path)
    assert caught.value.line == 3


@pytest.mark.parametrize("row", ["A1", "A1\tMaking sure officers and staff have the skills"])
def test_commitment_row_missing_columns_is_a_problem(tmp_path, row):
    good = "A0\tA whole row\tAn activity\tAn update"
    path = write(tmp_path, HEADING, HEADER, good, row)
    with pytest.raises(ImportProblem, match="commitment row A1 is missing columns") as caught:
        read_document(path)
    assert caught.value.line == 4
    assert str(caught.value).startswith(f"{path}:4: ")


def test_unreadable_row_is_a_problem(tmp_path):
    path = write(tmp_path, HEADING, HEADER, "A1\tText\tActivity\tUpdate", "Total\t3\t4\t5")
    with pytest.raises(ImportProblem, match="cannot read this row") as caught:
        read_document(path)
    assert caught.value.line == 4


def test_windows_1252_copy_is_a_problem(tmp_path):
    text = EXTRACT.read_text(encoding="utf-8")
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    first_non_ascii = next(
        n for n, line in enumerate(text.split("\n"), 1) if any(ord(ch) > 127 for ch in line)
    )
    with pytest.raises(ImportProblem, match="not UTF-8") as caught:
        read_document(path)
    assert caught.value.line == first_non_ascii == 4
