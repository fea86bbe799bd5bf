"""The 2018 Panel report importer, on the real sample and on small broken inputs.

Pure tests: no database. The expected numbers were counted from
samples/2018-05_panel_report_delivery_plan.txt, the plan table being lines 131-1030 and the
glossary lines 1031-1192 (all read by eye with tabs made visible, then checked by command):

- Commitments: Ref cells holding a ref, `sed -n 130,1030p FILE | grep -cP
  '^\\t([A-Z]\\.?\\d+|\\d+\\.\\d+)$'` = 52. Numeric refs (`^\\t\\d+\\.\\d+$`, the "Policing element"
  sections) 28: 1.1-1.2, 2.1-2.6, 3.1-3.10, 4.1-4.10. Lettered refs (the "Commissioner's
  Commitments" sections, incl. "PART B") 24: A.1-A.6, B.1-B.3 B4 B5, C1-C4, D.1-D.7 D8 D9.
  Per objective 8, 11, 14, 19.
- Activities: every commitment row carries an activity or an update (52), plus the
  continuation rows (empty Ref and Plan commitment cells, then activity text), found with
  `re.findall(r"\\n\\n\\t\\n\\t\\n\\t\\S", table_text)` = 46 (47 in the whole file: the other is
  the "Offenders" row of the Holding to account table in the prose). 52 + 46 = 98; per
  objective 24, 26, 24, 24. The one other continuation row (line 419, "Working more
  effectively ...") has text only in the Plan commitment column and adds to 2.3's title.
- Activities standing for their commitment (no Supporting activity text, but an update): 3.9,
  3.10, C1, C4, 4.2, 4.5, D8 = 7. Activities whose text opens with a ref like `(A1.1)`: 64.
- Activities with an update: all but D5.2, whose Progress update cell (line 995) is empty: 97.
- Oversight bodies: the first cell of each glossary row after a blank line, NAME headers
  excluded, 35 (8 cross cutting, 3 victims, 9 secure, 6 reforming, 9 reassuring); with `*` 7,
  with `#` 2 (Independent Joint Audit Committee, Trust, Integrity and Ethics Committee).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from plandesk.core.records import ActivityRecord, CommitmentRecord
from plandesk.core.refs import ref_key
from plandesk.importers import ImportProblem, PlanDocument, panel_report, read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

EXTRACT = QUARTERLY_EXTRACT

OBJECTIVES = [
    "Putting victims and survivors first",
    "Building a more secure West Mercia",
    "Reforming West Mercia",
    "Reassuring West Mercia’s communities",
]
HEADER_ROW = ["\tRef", "\tPlan commitment", "\tSupporting activity", "\tProgress update"]


@pytest.fixture(scope="module")
def text() -> str:
    return PANEL_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lines(text: str) -> list[str]:
    return text.split("\n")


@pytest.fixture(scope="module")
def doc(text: str) -> PlanDocument:
    return panel_report.parse(text, str(PANEL_REPORT))


def commitment(doc: PlanDocument, ref: str) -> CommitmentRecord:
    (found,) = [c for c in doc.commitments() if c.ref == ref]
    return found


def activity(doc: PlanDocument, ref: str) -> ActivityRecord:
    (found,) = [a for a in doc.activities() if a.ref == ref]
    return found


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "x.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mini_report(*rows: list[str]) -> list[str]:
    """A small Panel report: title, one objective, one section, the given rows."""
    out = ["REPORT (JAN 2018- MAY 2018)", "", "Delivery Plan Extract\t\t\tAppendix 1"]
    out += ["\tPUTTING VICTIMS AND SURVIVORS FIRST", "", "\tPolicing element:", ""]
    out += [*HEADER_ROW, "\tOversight mechanism", ""]
    for row in rows:
        out += [*row, ""]
    return out


ROW_1_1 = ["\t1.1", "\tMake sure officers have the skills", "\tAudit", "\tDone", "\tBoard"]


# --- detection ------------------------------------------------------------------------------


def test_detect_matches_the_panel_report_only(text: str):
    assert panel_report.detect(text)
    assert not panel_report.detect(EXTRACT.read_text(encoding="utf-8"))
    assert not panel_report.detect("Minutes of the meeting.\nRef\nNothing else.\n")
    # The extract's header wins even where a page starts with "Delivery Plan Extract".
    quarterly = "Delivery Plan Extract\nNo\tSWP Commitment\tSupporting activity\tQuarter 2\n"
    assert not panel_report.detect(quarterly)
    assert panel_report.detect(quarterly.replace("No\tSWP", "Ref\tPlan"))


def test_read_document_picks_this_layout():
    document = read_document(PANEL_REPORT)
    assert document.layout == "panel-report"
    assert document.source == str(PANEL_REPORT)
    assert len(document.commitments()) == 52


# --- the real document: plan, period, notes -------------------------------------------------


def test_plan_name_edition_and_period_come_from_the_text(doc: PlanDocument):
    assert doc.plan_name == "Safer West Mercia Plan"
    assert doc.edition == "2018"
    assert doc.period.label == "Jan–May 2018"
    assert doc.period.start == date(2018, 1, 1)
    assert doc.period.end == date(2018, 5, 31)


def test_period_is_read_not_assumed(text: str):
    changed = text.replace("(JAN 2018- MAY 2018)", "(FEB 2019 - JUN 2019)", 1)
    period = panel_report.parse(changed, "x.txt").period
    assert (period.label, period.start, period.end) == (
        "Feb–Jun 2019",
        date(2019, 2, 1),
        date(2019, 6, 30),
    )


def test_notes_hold_the_holding_to_account_table(doc: PlanDocument):
    assert doc.notes.splitlines() == [
        "Holding to account",
        "January — Thematic — Domestic abuse",
        "February — Performance — Performance including satisfaction and confidence",
        "March — Thematic — The victims’ journey",
        "April — Thematic — PEEL Effectiveness",
        # Month and type cells are merged down in Word, so the empty ones repeat April's.
        "April — Thematic — Offenders – addressed via written Q & A’s, which will be published "
        "on the website",
        "May — Performance — Performance including satisfaction and confidence",
    ]


# --- the real document: objectives and commitments ------------------------------------------


def test_objectives_in_document_order_with_the_prose_capitalisation(doc: PlanDocument):
    assert [o.title for o in doc.objectives] == OBJECTIVES
    assert [o.line for o in doc.objectives] == [131, 366, 609, 805]
    assert [len(o.commitments) for o in doc.objectives] == [8, 11, 14, 19]


def test_commitment_counts_per_kind(doc: PlanDocument):
    kinds = Counter(c.kind for c in doc.commitments())
    assert kinds == {"policing": 28, "commissioner": 24}
    # The sections decide the kind; in this plan that matches the numbering exactly.
    for c in doc.commitments():
        assert c.kind == ("commissioner" if c.ref[0].isalpha() else "policing"), c.ref


def test_commitment_refs_as_written_in_order(doc: PlanDocument):
    refs = [c.ref for c in doc.commitments()]
    assert refs[:8] == ["1.1", "1.2", "A.1", "A.2", "A.3", "A.4", "A.5", "A.6"]
    assert refs[8:19] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "B.1", "B.2", "B.3", "B4", "B5"]
    assert refs[19:33] == [f"3.{n}" for n in range(1, 11)] + ["C1", "C2", "C3", "C4"]
    assert refs[33:] == [f"4.{n}" for n in range(1, 11)] + [
        *(f"D.{n}" for n in range(1, 8)),
        "D8",
        "D9",
    ]


def test_commitment_lines_point_at_their_ref_cells(doc: PlanDocument, lines: list[str]):
    for c in doc.commitments():
        assert lines[c.line - 1] == f"\t{c.ref}", c.ref


def test_commitment_titles(doc: PlanDocument):
    assert commitment(doc, "1.2").title.startswith(
        "Ensuring all victims and survivors who report an offence in West Mercia can access "
        "'Track my Crime'"
    )
    assert commitment(doc, "A.2").title == "Complete a victims’ needs assessment"


def test_commitment_split_over_two_rows_is_joined(doc: PlanDocument):
    # Line 419: a row with an empty Ref and only Plan commitment text continues 2.3.
    title = commitment(doc, "2.3").title
    assert title.splitlines() == [
        "Proactively finding the causes of crime so threats are identified and targeted before "
        "they escalate.",
        "Working more effectively with partners and local communities to prevent, resolve and "
        "reduce crime and anti social behaviour",
    ]
    assert [a.ref for a in commitment(doc, "2.3").activities] == ["2.3.1", "2.3.2"]


def test_title_line_breaks_kept_only_between_items(doc: PlanDocument):
    # Bullets stay one per line.
    assert len(commitment(doc, "3.1").title.splitlines()) == 3
    assert all(line.startswith("• ") for line in commitment(doc, "3.1").title.splitlines())
    # Two commitments separated by blank lines inside the cell (lines 377-383).
    assert commitment(doc, "2.1").title.splitlines()[1] == (
        "Making sure the police provide the right response to incidents at the right time"
    )
    # Three items on their own lines (lines 848-850).
    assert len(commitment(doc, "4.4").title.splitlines()) == 3
    # Hard-wrapped by the exporter (lines 590-594): one line again.
    assert commitment(doc, "B5").title == (
        "Work with my counterparts in the West Midlands region to ensure there are robust "
        "governance arrangements surrounding the existing regional collaboration agreements "
        "which help to deliver the Strategic Policing Requirement (SPR)."
    )
    # Runs of spaces typed to start a new line (line 498) are line breaks...
    assert commitment(doc, "B.2").title.splitlines()[1:] == [
        "Use a commissioning framework to ensure funding for community safety partnerships "
        "represents value for money.",
        "Develop strong partnerships that deliver our shared outcomes.",
    ]
    # ...but a cross reference stays on the commitment's line.
    assert commitment(doc, "B.1").title.endswith(
        "prevent victimisation. Cross reference to A3 (Victims Board and A4(Needs Assessment)"
    )
    assert commitment(doc, "3.10").title == (
        "Working alongside public and third sector partners so that together they deliver a "
        "safer West Mercia. Refer to 2.2-2.6."
    )


def test_section_headings_set_the_kind(doc: PlanDocument):
    # "PART B: Police and Crime Commissioner's Commitments" (line 763) and refs without a dot.
    assert commitment(doc, "C1").kind == "commissioner"
    assert commitment(doc, "B4").kind == "commissioner"
    assert commitment(doc, "3.10").kind == "policing"


# --- the real document: activities ----------------------------------------------------------


def test_activity_counts(doc: PlanDocument):
    activities = doc.activities()
    assert len(activities) == 98
    assert [sum(len(c.activities) for c in o.commitments) for o in doc.objectives] == [
        24,
        26,
        24,
        24,
    ]
    assert sum(a.update is not None for a in activities) == 97
    assert sum(a.ref is not None for a in activities) == 64
    standing = [
        c.ref for c in doc.commitments() if any(a.stands_for_commitment for a in c.activities)
    ]
    assert standing == ["3.9", "3.10", "C1", "C4", "4.2", "4.5", "D8"]


def test_activity_refs_are_cleaned(doc: PlanDocument):
    a1 = commitment(doc, "A.1")
    assert [a.ref for a in a1.activities] == ["A1.1", "A1.2", "A1.3"]
    # "(A1.2)(1). Conduct ..." and "((D6.1) (1) Monitoring ..."
    assert activity(doc, "A1.2").text.startswith("(1). Conduct a victims' needs assessment")
    assert activity(doc, "D6.1").text.startswith("(1) Monitoring of website for compliance")
    # "(B2.1)" alone on its line: the text starts on the next one.
    assert activity(doc, "B2.1").text.startswith("(1) Use Commissioning Strategic Frameworks")
    assert [a.ref for a in commitment(doc, "3.2").activities] == [f"3.2.{n}" for n in range(1, 9)]
    # The document's own slip: Hereford is numbered (3.2.3) under 3.3. Kept as written.
    assert [a.ref for a in commitment(doc, "3.3").activities] == ["3.3.1", "3.3.2", "3.2.3"]
    assert ref_key(commitment(doc, "3.3").activities[2].ref) == "3.2.3"


def test_list_numbers_are_not_refs(doc: PlanDocument):
    (only,) = commitment(doc, "3.8").activities
    assert only.ref is None
    assert only.text.startswith("(1) Develop a marketing and communications strategy")
    (a6,) = commitment(doc, "A.6").activities
    assert a6.ref is None and a6.text.startswith("1. Commission an appropriate service provider")


def test_activity_lines_point_at_their_cells(doc: PlanDocument, lines: list[str]):
    for a in doc.activities():
        assert lines[a.line - 1].startswith("\t"), a
        if a.ref is not None:
            assert a.ref in lines[a.line - 1], a.ref
    assert activity(doc, "A1.2").line == 174


def test_activity_a1_2_under_a_1(doc: PlanDocument):
    a = activity(doc, "A1.2")
    assert a in commitment(doc, "A.1").activities
    assert a.text.splitlines() == [
        "(1). Conduct a victims' needs assessment, providing qualitative and quantitative "
        "feedback to inform commissioning and to identify potential gaps (A2).",
        "(2)Work in partnership to ensure that victims have access to services.",
        "(3)Contract management",
        "(4)Grant provision",
    ]
    assert a.update == "Refer to A1.2 and A2.1"
    assert a.oversight.splitlines() == [
        "Victims' Board",
        "Delivery Plan monitoring",
        "Performance Mgt.",
        "Audit and scrutiny",
    ]


def test_numbered_lines_stay_separate(doc: PlanDocument):
    lines = activity(doc, "A3.1").text.splitlines()
    assert len(lines) == 7
    assert (
        lines[0]
        == "1. Draft and consult on terms of reference and membership of the Victims' Board."
    )
    assert lines[6] == "7. Publish meeting papers on PCC Website."


def test_bullets_in_updates_stay_on_their_own_lines(doc: PlanDocument):
    assert "Key issues:\n· Timely updates\n· Victim personal statements\n· information sharing" in (
        activity(doc, "A3.2").update or ""
    )
    assert (activity(doc, "A1.3").update or "").splitlines()[-3:] == [
        "-Data quality and referral to Victim Support",
        "-Victim Impact Statements improve quantity / quality",
        "-Finalise Victims' Needs Assessment action plan.",
    ]


def test_update_paragraphs_are_kept(doc: PlanDocument):
    update = activity(doc, "A5.4").update or ""
    assert update.startswith(
        "Regional managers for the Witness Service attend both the LCJB and Victims' Board.\n\n"
        "Significant progress"
    )


def test_commitment_without_activity_gets_one_standing_for_it(doc: PlanDocument):
    (only,) = commitment(doc, "C4").activities
    assert only.stands_for_commitment
    assert only.ref is None and only.text == ""
    assert (only.update or "").startswith("The Specialist Capabilities programme continues")
    (refer,) = commitment(doc, "3.9").activities
    assert refer.update == "Refer to 3.1 - 3.8" and refer.oversight == ""


def test_empty_cells(doc: PlanDocument):
    assert activity(doc, "D5.2").update is None
    assert activity(doc, "D5.2").oversight == "Citizens in Policing Steering Group"
    assert activity(doc, "A4.8").oversight == ""


def test_word_artefacts_are_cleaned(doc: PlanDocument):
    # Line 724: spaces typed to start new lines; line 943: Word's bookmark; line 683: no-break
    # spaces; line 400: a Greek question mark standing in for a semicolon.
    people = commitment(doc, "3.6").activities[0].text.splitlines()
    assert people[2:] == [
        ">A Talent Management Programme has been developed and is to be implemented.",
        ">A Strategic Training Panel provides oversight of the L&D training programme to ensure "
        "organisational training needs are identified.",
        ">PDR process",
    ]
    assert "bookmark" not in (commitment(doc, "D.1").activities[0].update or "")
    assert (activity(doc, "3.2.8").update or "").startswith(
        "Digital Evidence Transfer Service (DETS). It has been proposed"
    )
    assert "12mins 25 secs; an increase" in (activity(doc, "2.1.3").update or "")


def test_no_text_has_trailing_spaces_or_long_blank_runs(doc: PlanDocument):
    texts = [c.title for c in doc.commitments()]
    texts += [t for a in doc.activities() for t in (a.text, a.update or "", a.oversight)]
    for value in texts:
        assert value == value.strip()
        assert "\n\n\n" not in value
        assert all(line == line.rstrip() for line in value.splitlines())
        assert "\u00a0" not in value and "\t" not in value


# --- the real document: glossary ------------------------------------------------------------


def test_oversight_body_counts(doc: PlanDocument):
    bodies = doc.oversight_bodies
    assert len(bodies) == 35
    assert sum(b.notes_published for b in bodies) == 7
    assert [b.name for b in bodies if b.public_meeting] == [
        "Independent Joint Audit Committee",
        "Trust, Integrity and Ethics Committee",
    ]
    assert Counter(b.area for b in bodies) == {
        "Cross cutting / other": 8,
        OBJECTIVES[0]: 3,
        OBJECTIVES[1]: 9,
        # The glossary writes "Reforming west Mercia": the objective's own title is used.
        OBJECTIVES[2]: 6,
        OBJECTIVES[3]: 9,
    }


def test_named_oversight_bodies(doc: PlanDocument):
    by_name = {b.name: b for b in doc.oversight_bodies}
    audit = by_name["Independent Joint Audit Committee"]
    assert (audit.notes_published, audit.public_meeting) == (True, True)
    assert audit.frequency == "Quarterly"
    assert audit.area == "Cross cutting / other"
    assert audit.line == 1042
    assert audit.purpose.startswith("A combined committee across both West Mercia")
    victims = by_name["Victims Board"]
    assert (victims.notes_published, victims.public_meeting) == (True, False)
    assert victims.frequency == ""
    assert victims.area == "Putting victims and survivors first"
    # "Monthly Holding to Account* " has a trailing space after its marker.
    assert by_name["Monthly Holding to Account"].notes_published
    assert by_name["Place Partnership Board"].frequency == ""
    assert all("*" not in name and "#" not in name and name == name.strip() for name in by_name)


# --- bad and messy inputs -------------------------------------------------------------------


def test_prose_only_is_rejected(tmp_path: Path, lines: list[str]):
    with pytest.raises(ImportProblem) as caught:
        read_document(write(tmp_path, lines[:120]))
    assert caught.value.line > 0
    assert "no plan table" in caught.value.message


def test_file_cut_in_the_middle_of_a_row_is_rejected(tmp_path: Path, lines: list[str]):
    # Cut inside A4.10's Progress update (the row starts at line 295): its Oversight cell is
    # lost. Rejected rather than imported in part: the row cannot be read (an update that ends
    # mid-sentence, no oversight), and a plan with its later commitments silently missing
    # would look like a plan that dropped them.
    with pytest.raises(ImportProblem) as caught:
        read_document(write(tmp_path, lines[:300]))
    assert caught.value.line == 295
    assert "Oversight mechanism" in caught.value.message
    assert "cut short" in caught.value.message


def test_file_cut_between_rows_keeps_the_complete_rows(tmp_path: Path, lines: list[str]):
    # A cut exactly between rows cannot be told from a shorter plan: the complete rows import.
    document = read_document(write(tmp_path, lines[:361]))
    assert [o.title for o in document.objectives] == OBJECTIVES[:1]
    assert len(document.commitments()) == 8
    assert len(document.activities()) == 24


def test_row_with_missing_columns_names_its_line(tmp_path: Path, lines: list[str]):
    # 1.2 keeps its Ref and Plan commitment (lines 149-150) but loses the other three cells.
    broken = lines[:150] + lines[154:]
    with pytest.raises(ImportProblem) as caught:
        read_document(write(tmp_path, broken))
    assert caught.value.line == 149
    assert "only 2 of the 5 cells" in caught.value.message
    assert "Supporting activity / Progress update / Oversight mechanism" in caught.value.message


def test_row_that_lost_a_cell_in_the_middle_of_the_table(tmp_path: Path, lines: list[str]):
    # A.2 (line 195) loses its Oversight cell (line 199): the next row's empty Ref would fill
    # the gap, so the misalignment is reported at A.2, not somewhere further down.
    broken = lines[:198] + lines[199:]
    with pytest.raises(ImportProblem) as caught:
        read_document(write(tmp_path, broken))
    assert caught.value.line == 195
    assert "do not line up" in caught.value.message


def test_row_with_only_two_cells(tmp_path: Path):
    rows = mini_report(ROW_1_1, ["\t1.2", "\tA commitment with nothing else"])
    with pytest.raises(ImportProblem) as caught:
        read_document(write(tmp_path, rows))
    assert caught.value.line == rows.index("\t1.2") + 1
    assert "no Supporting activity / Progress update / Oversight mechanism" in str(caught.value)


def test_cell_starting_with_spaces_instead_of_a_tab(tmp_path: Path, lines: list[str]):
    changed = list(lines)
    assert changed[153] == "\tTransformation Board"
    changed[153] = "   Transformation Board"
    document = read_document(write(tmp_path, changed))
    (only,) = commitment(document, "1.2").activities
    assert only.oversight == "Transformation Board"
    assert only.update is not None and only.update.endswith("later in the year.")


def test_page_footer_inside_a_cell_is_dropped(tmp_path: Path, lines: list[str]):
    changed = [*lines[:300], "Page 7 of 30", *lines[300:]]
    document = read_document(write(tmp_path, changed))
    update = activity(document, "A4.10").update or ""
    assert "Page 7" not in update
    assert update.endswith("LCJB / Victims' Board in June 2018..")


def test_stray_text_in_the_table_is_kept_in_the_notes(tmp_path: Path):
    rows = mini_report(ROW_1_1, ["\tNote: figures are provisional."])
    document = read_document(write(tmp_path, rows))
    assert len(document.commitments()) == 1
    line = rows.index("\tNote: figures are provisional.") + 1
    assert f"Line {line} (outside the plan table's rows): Note: figures are provisional." in (
        document.notes
    )


def test_rows_on_single_tab_separated_lines(tmp_path: Path):
    rows = mini_report(
        ["\t1.1\tFirst commitment\t(1.1.1) Do it\tDone\tBoard"],
        ["\t\t\t(1.1.2) Do more\t\tBoard"],
    )
    document = read_document(write(tmp_path, rows))
    (only,) = document.commitments()
    assert [(a.ref, a.text, a.update) for a in only.activities] == [
        ("1.1.1", "Do it", "Done"),
        ("1.1.2", "Do more", None),
    ]


def test_missing_period_names_the_title_line(tmp_path: Path, lines: list[str]):
    changed = ["", "", lines[0].replace("(JAN 2018- MAY 2018)", ""), *lines[1:]]
    with pytest.raises(ImportProblem) as caught:
        read_document(write(tmp_path, changed))
    assert caught.value.line == 3
    assert "period" in caught.value.message


def test_continuation_row_with_no_commitment_above(tmp_path: Path):
    rows = mini_report(["\t", "\t", "\t(1.1.1) Orphan", "\tDone", "\tBoard"])
    with pytest.raises(ImportProblem) as caught:
        read_document(write(tmp_path, rows))
    assert caught.value.line == rows.index("\t(1.1.1) Orphan") - 1
    assert "no commitment above" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(A1.1) (1) Carry out", ("A1.1", "(1) Carry out")),
        ("(A1.2)(1). Conduct", ("A1.2", "(1). Conduct")),
        ("((D6.1) (1) Monitoring", ("D6.1", "(1) Monitoring")),
        ("(3.2.3)Telematics", ("3.2.3", "Telematics")),
        ("(В3.1) Cyrillic letter", ("В3.1", "Cyrillic letter")),
        ("(1) Develop a strategy", (None, "(1) Develop a strategy")),
        ("1) Reinvigoration", (None, "1) Reinvigoration")),
    ],
)
def test_split_activity_ref(raw: str, expected: tuple[str | None, str]):
    assert panel_report.split_activity_ref(raw) == expected
