"""The shared table reader on grids built here: headers by synonyms, title and blank rows,
merged objective rows, merged-down commitments, two-level plans, leads, due dates, statuses."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from plandesk.core.records import ImportProblem
from plandesk.importers.tables.columns import role_of
from plandesk.importers.tables.grid import Cell
from plandesk.importers.tables.plans import plans_in
from tests.importers.tables_helpers import LEFT, UP, grid, outline


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("No", "ref"),
        ("Ref.", "ref"),
        ("ID", "ref"),
        ("Priority", "objective"),
        ("STRAND", "objective"),
        ("Outcome:", "objective"),
        ("SWP Commitment", "commitment"),
        ("Plan commitment", "commitment"),
        ("Actions", "commitment"),
        ("Key deliverables", "commitment"),
        ("Activities", "activity"),
        ("Lead officers", "lead"),
        ("Business", None),
        ("Action", "commitment"),
        ("Deliverable", "commitment"),
        ("Supporting activity:", "activity"),
        ("Milestone", "activity"),
        ("Quarter 2 Update July to September 2020", "update"),
        ("Current status of action", "update"),
        ("Progress", "update"),
        ("Comments", "update"),
        ("R/A/G", "status"),
        ("RAG", "status"),
        ("Stage", "status"),
        ("Lead Officer", "lead"),
        ("Action owner", "lead"),
        ("Responsible", "lead"),
        ("Sponsor", "lead"),
        ("Due date", "due"),
        ("Timescale", "due"),
        ("End-date", "due"),
        ("Oversight mechanism", "oversight"),
        ("Governance", "oversight"),
        ("Notes", None),
    ],
)
def test_headers_are_read_by_their_names_and_synonyms(header, role):
    assert role_of(header) == role


def test_title_rows_blank_rows_merged_objective_rows_and_merged_down_commitments():
    plan = grid(
        ["Safer Streets Delivery Plan", LEFT, LEFT, LEFT],
        ["Quarter 2 (July – September 2023)", LEFT, LEFT, LEFT],
        ["", "", "", ""],
        ["Ref", "Plan commitment", "Supporting activity", "Progress"],
        ["Protecting people", LEFT, LEFT, LEFT],
        ["1.1", "Recruit officers", "(1.1.1) Run two intakes", "Both intakes ran."],
        [UP, UP, "(1.1.2) Train tutors", "Ten tutors trained."],
        ["", "", "", ""],
        ["Safer roads", LEFT, LEFT, LEFT],
        ["2.1", "Cut speeding", "Speed cameras", ""],
    )
    found = plans_in([plan], "plan.xlsx")
    [document] = found.documents
    assert document.plan_name == "Safer Streets Delivery Plan"
    assert document.period.label == "2023/24 Q2"
    assert document.edition == "2023"
    assert outline(document) == [
        (
            "Protecting people",
            "1.1",
            "Recruit officers",
            "1.1.1",
            "Run two intakes",
            "Both intakes ran.",
        ),
        (
            "Protecting people",
            "1.1",
            "Recruit officers",
            "1.1.2",
            "Train tutors",
            "Ten tutors trained.",
        ),
        ("Safer roads", "2.1", "Cut speeding", None, "Speed cameras", None),
    ]
    assert [c.kind for c in document.commitments()] == ["policing", "policing"]
    assert document.activities()[1].line == 7
    described = found.describe()
    assert "Sheet1, header on row 4" in described
    assert "column 2 'Plan commitment': commitment" in described
    assert "column 4 'Progress': update" in described
    assert "periods: 2023/24 Q2" in described
    assert "row 6: 'Protecting people' / 1.1 1.1.1 'Run two intakes'" in described


def test_an_objective_column_merged_down_groups_commitments_and_repeated_headers_are_skipped():
    plan = grid(
        ["Objective", "No", "Commitment", "Activity", "Q3 2020/21 update"],
        ["Victims first", "A1", "Support victims", "(A1.1) Fund the helpline", "Funded."],
        [UP, "A2", "Lead the board", "(A2.1) Redesign it", "Done in June."],
        ["Objective", "No", "Commitment", "Activity", "Q3 2020/21 update"],
        ["A more secure West Mercia", "B1", "Tackle drugs", "", "Operation ran."],
        [UP, UP, UP, "(B1.1) Close county lines", "Four closed."],
    )
    [document] = plans_in([plan], "plan.xlsx").documents
    assert document.period.label == "2020/21 Q3"
    assert outline(document) == [
        ("Victims first", "A1", "Support victims", "A1.1", "Fund the helpline", "Funded."),
        ("Victims first", "A2", "Lead the board", "A2.1", "Redesign it", "Done in June."),
        ("A more secure West Mercia", "B1", "Tackle drugs", None, "", "Operation ran."),
        (
            "A more secure West Mercia",
            "B1",
            "Tackle drugs",
            "B1.1",
            "Close county lines",
            "Four closed.",
        ),
    ]
    assert [a.stands_for_commitment for a in document.activities()] == [False, False, True, False]
    assert [c.kind for c in document.commitments()] == ["commissioner"] * 3


def test_a_two_level_plan_makes_each_row_a_commitment_with_its_lead_due_and_status():
    plan = grid(
        [
            "Priority",
            "Ref",
            "Action",
            "Action owner",
            "Deadline",
            "R/A/G",
            "Current status of action",
        ],
        [
            "Neighbourhoods",
            "N1",
            "Open two hubs",
            "Jo Smith",
            Cell("", 1, 1, value=date(2024, 3, 31)),
            "Green",
            "One open.",
        ],
        [UP, "N2", "Walk the beats", "A. Lee", "30/06/2024", "amber", "Half walked."],
        [
            "Roads",
            "R1",
            "Speed cameras",
            "",
            Cell("", 1, 1, value=datetime(2024, 9, 30, 0, 0)),
            "C",
            "",
        ],
        [UP, "R2", "School patrols", "Sam", "March 2025", "Blue", "All schools."],
        [UP, "R3", "Bike marking", "", "", "Red", "Paused."],
    )
    [document] = plans_in([plan], "plan.xlsx", period="2023/24 Q4").documents
    assert document.period.label == "2023/24 Q4"
    assert [(c.ref, c.title) for c in document.commitments()] == [
        ("N1", "Open two hubs"),
        ("N2", "Walk the beats"),
        ("R1", "Speed cameras"),
        ("R2", "School patrols"),
        ("R3", "Bike marking"),
    ]
    activities = document.activities()
    assert all(a.stands_for_commitment and a.text == "" for a in activities)
    assert [a.lead for a in activities] == ["Jo Smith", "A. Lee", "", "Sam", ""]
    assert [a.due for a in activities] == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2025, 3, 31),
        None,
    ]
    assert [a.status for a in activities] == [
        "On track",
        "At risk",
        "Complete",
        "Complete",
        "Stalled",
    ]
    assert [a.update for a in activities] == [
        "One open.",
        "Half walked.",
        None,
        "All schools.",
        "Paused.",
    ]
    assert [o.title for o in document.objectives] == ["Neighbourhoods", "Roads"]
    assert document.warnings == []


def test_objectives_with_activities_but_no_commitment_column_group_by_objective():
    plan = grid(
        ["Theme", "Milestone", "Owner", "Update"],
        ["Victims", "Publish the strategy", "Ann", "Published."],
        [UP, "Fund the helpline", "Bob", "Funded."],
        ["Roads", "Buy cameras", "Cy", ""],
        before=["Community plan", "Quarter 1 update April to June 2022"],
    )
    [document] = plans_in([plan], "plan.docx").documents
    assert document.period.label == "2022/23 Q1"
    assert document.plan_name == "Community plan"
    assert [(c.ref, c.title, [a.text for a in c.activities]) for c in document.commitments()] == [
        ("1", "Victims", ["Publish the strategy", "Fund the helpline"]),
        ("2", "Roads", ["Buy cameras"]),
    ]
    assert [a.lead for a in document.activities()] == ["Ann", "Bob", "Cy"]


def test_a_tracker_with_three_quarter_columns_gives_three_periods_with_their_updates():
    plan = grid(
        [
            "Ref",
            "Deliverable",
            "Lead",
            "RAG",
            "Q1 2023/24 update",
            "Q2 update",
            "Update Oct–Dec 2023",
        ],
        ["1", "Recruit", "Jo", "Green", "Advertised.", "Interviewed.", "Started."],
        ["2", "Train", "Al", "Complete", "", "Planned.", "Trained."],
        ["3", "Equip", "Sam", "Amber", "Ordered.", "", ""],
    )
    found = plans_in([plan], "tracker.xlsx")
    assert [d.period.label for d in found.documents] == ["2023/24 Q1", "2023/24 Q2", "2023/24 Q3"]
    assert {d.edition for d in found.documents} == {"2023"}
    updates = [[a.update for a in d.activities()] for d in found.documents]
    assert updates == [
        ["Advertised.", None, "Ordered."],
        ["Interviewed.", "Planned.", None],
        ["Started.", "Trained.", None],
    ]
    # The one status column speaks of the latest period.
    statuses = [[a.status for a in d.activities()] for d in found.documents]
    assert statuses == [["", "", ""], ["", "", ""], ["On track", "Complete", "At risk"]]
    assert "column 6 'Q2 update': update (2023/24 Q2)" in found.describe()
    assert "periods: 2023/24 Q1, 2023/24 Q2, 2023/24 Q3" in found.describe()


def test_an_unknown_status_is_kept_as_written_and_reported():
    plan = grid(
        ["Ref", "Commitment", "Status", "Update"],
        ["1", "Recruit", "Purple-ish", "Going well."],
        ["2", "Train", "On target", "Fine."],
        ["3", "Equip", "Off target", "Late."],
        source="plan.csv",
    )
    [document] = plans_in([plan], "plan.csv", period="2021/22 Q1").documents
    assert [a.status for a in document.activities()] == ["Purple-ish", "On track", "At risk"]
    assert [str(w) for w in document.warnings] == [
        "plan.csv:2: warning: 1's status 'Purple-ish' is not a status plandesk knows; "
        "kept as written"
    ]


def test_the_period_comes_from_an_as_at_title_and_a_bad_due_date_is_reported():
    plan = grid(
        ["Delivery plan tracker as at 31.12.2023"],
        ["Ref", "Action", "Due", "Progress"],
        ["1", "Recruit", "soon", "Started."],
    )
    [document] = plans_in([plan], "plan.xlsx").documents
    assert document.period.label == "2023/24 Q3"
    assert document.activities()[0].due is None
    assert "1's due date: cannot read the due date 'soon'" in str(document.warnings[0])


def test_a_table_naming_no_period_needs_one():
    plan = grid(["Ref", "Action", "Progress"], ["1", "Recruit", "Started."])
    with pytest.raises(ImportProblem, match=r"names no period; give it with --period"):
        plans_in([plan], "plan.xlsx")


def test_no_plan_names_the_columns_seen_and_a_map_that_reads_them():
    plan = grid(
        ["Thing to do", "Words", "Colour"],
        ["Recruit", "Started.", "Green"],
        ["Train", "Planned.", "Red"],
    )
    with pytest.raises(ImportProblem) as caught:
        plans_in([plan], "plan.xlsx", period="2023/24 Q1")
    message = str(caught.value)
    assert '"Thing to do", "Words", "Colour"' in message
    assert '--map "Thing to do=commitment,Colour=update"' in message
    found = plans_in(
        [plan],
        "plan.xlsx",
        mapping="Thing to do=commitment, Words=update:2023/24 Q1, colour=status",
    )
    [document] = found.documents
    assert document.period.label == "2023/24 Q1"
    assert [
        (c.title, c.activities[0].update, c.activities[0].status) for c in document.commitments()
    ] == [
        ("Recruit", "Started.", "On track"),
        ("Train", "Planned.", "Stalled"),
    ]
    assert "column 2 'Words': update (2023/24 Q1) [--map]" in found.describe()


def test_a_map_overrides_what_the_header_would_say():
    plan = grid(
        ["Ref", "Actions", "R/A/G", "Q3 update", "Comments"],
        ["1", "Recruit", "Green", "Started.", "a note"],
    )
    [document] = plans_in(
        [plan],
        "plan.xlsx",
        mapping="Actions=commitment,R/A/G=status,Q3 update=update:2023/24 Q3,Comments=ignore",
    ).documents
    assert document.period.label == "2023/24 Q3"
    [activity] = document.activities()
    assert (activity.update, activity.status) == ("Started.", "On track")


@pytest.mark.parametrize(
    ("mapping", "error"),
    [
        ("Actions", "is not HEADER=ROLE"),
        ("Actions=sponsorship", "unknown role 'sponsorship'"),
        ("Actions=status:2023/24 Q1", "only an update column has a period"),
        ("Q3=update:sometime", "cannot read the period"),
    ],
)
def test_a_bad_map_is_a_clear_problem(mapping, error):
    plan = grid(["Ref", "Action", "Progress"], ["1", "Recruit", "Started."])
    with pytest.raises(ImportProblem, match=error):
        plans_in([plan], "plan.xlsx", mapping=mapping, period="2023/24 Q1")


def test_word_tables_without_objectives_take_the_heading_above_them():
    first = grid(
        ["Ref", "Action", "R/A/G", "Progress"],
        ["1", "Recruit", "G", "Started."],
        before=["Safer Streets Plan", "Quarter 3 update October to December 2022", "Victims"],
        name="table 1",
        source="plan.docx",
    )
    second = grid(
        ["Ref", "Action", "R/A/G", "Progress"],
        ["2", "Cameras", "R", "Late."],
        before=["Roads"],
        name="table 2",
        source="plan.docx",
    )
    [document] = plans_in([first, second], "plan.docx", period="2022/23 Q3").documents
    assert document.plan_name == "Safer Streets Plan"
    assert [(o.title, [c.ref for c in o.commitments]) for o in document.objectives] == [
        ("Victims", ["1"]),
        ("Roads", ["2"]),
    ]
    assert [a.status for a in document.activities()] == ["On track", "Stalled"]


def test_word_tables_of_the_panel_layout_objective_and_section_rows_above_the_header():
    header = [
        "Ref",
        "Plan commitment",
        "Supporting activity",
        "Progress update",
        "Oversight mechanism (s)",
    ]
    first = grid(
        ["PUTTING VICTIMS AND SURVIVORS FIRST IN WEST MERCIA", LEFT, LEFT, LEFT, LEFT],
        ["Policing element:", LEFT, LEFT, LEFT, LEFT],
        header,
        [
            "1.1",
            "Support victims",
            "(1.1.1) Audit skills",
            "Audited in West Mercia.",
            "Victims’ Board\nKPIs",
        ],
        ["Police and Crime Commissioner’s Commitments:", LEFT, LEFT, LEFT, LEFT],
        ["A.1", "Write a charter", "(1) Consult (2) Publish", "Published.", ""],
        before=[
            "REPORT (JAN 2018- MAY 2018)",
            "the Safer West Mercia Plan",
            "Delivery Plan Extract",
        ],
        name="table 1",
        source="plan.docx",
    )
    glossary = grid(
        ["NAME", "PURPOSE", "MEETS"],
        [
            "Transformation Board",
            "Provide the governance against organisational objectives.",
            "Monthly",
        ],
        name="table 2",
        source="plan.docx",
    )
    [document] = plans_in([first, glossary], "plan.docx").documents
    assert (document.plan_name, document.edition) == ("Safer West Mercia Plan", "2018")
    assert document.period.label == "Jan–May 2018"
    assert outline(document) == [
        ("Putting victims and survivors first in West Mercia", "1.1", "Support victims", "1.1.1",
         "Audit skills", "Audited in West Mercia."),
        ("Putting victims and survivors first in West Mercia", "A.1", "Write a charter", None,
         "(1) Consult (2) Publish", "Published."),
    ]  # fmt: skip
    assert document.activities()[0].oversight == "Victims’ Board\nKPIs"
    assert [c.kind for c in document.commitments()] == ["policing", "commissioner"]


@pytest.mark.parametrize(
    ("title", "name", "edition"),
    [
        ("Police and Crime Plan – Delivery Plan", "Police and Crime Plan", "2023"),
        (
            "Community Safety Partnership – Delivery Plan 2023/24",
            "Community Safety Partnership – Delivery Plan",
            "2023/24",
        ),
        ("Safer Streets Delivery Plan 2023 - 24", "Safer Streets Delivery Plan", "2023-24"),
    ],
)
def test_the_plan_is_named_as_its_title_names_it_with_a_trailing_year_as_edition(
    title, name, edition
):
    plan = grid(
        [title],
        ["Quarter 2 (July – September 2023)"],
        ["Ref", "Action", "Progress"],
        ["1", "Recruit", "Started."],
    )
    [document] = plans_in([plan], "plan.xlsx").documents
    assert (document.plan_name, document.edition) == (name, edition)
