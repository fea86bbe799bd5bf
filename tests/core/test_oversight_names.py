"""Matching oversight text to bodies: names, initials, variants, possessives, and what must not
match. Body names are the 2018 glossary's."""

from __future__ import annotations

import pytest

from plandesk.core.oversight_names import match_bodies, name_key, names_in

GLOSSARY = [
    "Alliance Governance Group",
    "Independent Joint Audit Committee",
    "Monthly Holding to Account",
    "Restorative Justice Alliance Programme Board",
    "Victim Contract Management Board",
    "Victims Board",
    "Local Criminal Justice Board",
    "Mental Health Concordat Strategic Group",
    "Integrated Offender Management Programme Board",
    "Crime Reduction Board",
    "Athena Programme Board",
    "Strategic Athena Management Board",
    "Improving Public Contact and Communications Board",
    "Trust, Integrity and Ethics Committee",
    "Strategic Custody Users Forum",
    "Strategic Diversity Group",
    "Strategic Stop and Search Group",
    "Cyber Crime Strategic Panel",
    "Strategic Health and Safety Group",
    "Weekly PCC / Chief Constable",
]
BODIES = [(name, name) for name in GLOSSARY]


def named(text: str, aliases=None) -> dict[str, str]:
    return dict(match_bodies(text, BODIES, aliases))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("IOM Board", "Integrated Offender Management Programme Board"),
        (
            "(CSP, Reducing Reoffending Boards, IOM)",
            "Integrated Offender Management Programme Board",
        ),
        ("JAC", "Independent Joint Audit Committee"),  # "Independent" dropped
        ("TIE Committee", "Trust, Integrity and Ethics Committee"),  # skips "and"
        ("Attendance at SCUF", "Strategic Custody Users Forum"),
        ("IPCAC", "Improving Public Contact and Communications Board"),  # keeps "and"
        ("Scrutiny via AGG.", "Alliance Governance Group"),
        ("OPCC, LCJB, Victims' Board.", "Local Criminal Justice Board"),
        ("1. RJ programme board", "Restorative Justice Alliance Programme Board"),
    ],
)
def test_initials(text, body):
    assert named(text)[body] == "initials"


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Strategic Diversity Board", "Strategic Diversity Group"),  # Group for Board
        (
            "Improve Public Contact & Comms Programme Board",
            "Improving Public Contact and Communications Board",
        ),
        ("MH Concordat Strategic Board", "Mental Health Concordat Strategic Group"),
        ("Stop and Search Strategic Group", "Strategic Stop and Search Group"),  # reordered
        ("Cybercrime strategic governance group", "Cyber Crime Strategic Panel"),
        ("Strategic Custody Users group", "Strategic Custody Users Forum"),
        ("Holding to Account, AGG, Performance reports", "Monthly Holding to Account"),
        ("WM - PCC holding to account session", "Monthly Holding to Account"),
    ],
)
def test_variants(text, body):
    assert named(text)[body] == "variant"


@pytest.mark.parametrize(
    "text",
    [
        "Victims’ Board",  # curly apostrophe
        "Victims' Board",
        "VICTIMS BOARD",
        "victims board.",
        "the Victims Board's minutes",
    ],
)
def test_case_and_possessives_are_the_same_name(text):
    assert named(text) == {"Victims Board": "exact"}


@pytest.mark.parametrize(
    "text",
    [
        "Board",
        "Programme Board",
        "the Board will review",
        "Strategic Group",
        "Delivery plan monitoring",
        "Exception reports will be highlighted to the PCC.",  # "PCC" is no body's initials
        "Attendance by PCC / Officers at CSP meetings",
        "Health & Wellbeing Board",  # not in the glossary
        "tie committee",  # initials are written in capitals
        "Chief Constable will attend",  # not at the end of a name
        "Monitoring of property",
    ],
)
def test_no_false_positives(text):
    assert named(text) == {}


def test_words_around_a_name_leave_it_exact():
    assert named("1. PCC's Crime Reduction Board") == {"Crime Reduction Board": "exact"}


def test_a_body_is_not_named_by_a_neighbour_sharing_words():
    # "Victims Board" is not the "Victim Contract Management Board", nor Athena's two boards
    # each other.
    assert named("Victim Contract Management Board") == {
        "Victim Contract Management Board": "exact"
    }
    assert named("Athena Programme Board") == {"Athena Programme Board": "exact"}
    assert named("Athena Management Board") == {"Strategic Athena Management Board": "variant"}


def test_one_cell_names_several_bodies_each_the_best_way():
    text = ">Crime Reduction Board,\n>RJ Programme Board,\n>IOM Board\n>Victims' Board, JAC"
    assert named(text) == {
        "Independent Joint Audit Committee": "initials",
        "Restorative Justice Alliance Programme Board": "initials",
        "Victims Board": "exact",
        "Integrated Offender Management Programme Board": "initials",
        "Crime Reduction Board": "exact",
    }
    # In the order of the bodies given, whatever the order of the text.
    assert [k for k, _ in match_bodies(text, BODIES)] == [n for n in GLOSSARY if n in named(text)]


def test_aliases_name_their_body():
    aliases = {name_key("Health & Wellbeing Board"): "Strategic Health and Safety Group"}
    assert named("Health and Wellbeing board, AGG", aliases) == {
        "Strategic Health and Safety Group": "alias",
        "Alliance Governance Group": "initials",
    }


def test_a_parenthesised_abbreviation_in_the_glossary_is_an_initials_form():
    bodies = [
        (1, "Strategic Custody Users Forum (SCUF)"),
        (2, "Serious and Organised Crime (Joint Partnership Panel Pilot)"),
    ]
    assert match_bodies("SCUF", bodies) == ((1, "initials"),)
    assert match_bodies("strategic custody users forum", bodies) == ((1, "exact"),)
    assert match_bodies("Serious and Organised Crime", bodies) == ((2, "variant"),)


def test_names_in_cells_each_body_once():
    cells = [
        "Crime Reduction Board",
        "Crime reduction Board",
        "1. PCC's Crime Reduction Board\n2. reports (IOM and Reducing Reoffending boards)",
        "IOM Board",
        "Attendance at the strategic custody users forum (SCUF)",
        "Strategic Custody Users group",
        "Delivery plan monitoring",
        "Board",
    ]
    assert names_in(cells) == [
        "Crime Reduction Board",
        "IOM boards",
        "Reducing Reoffending boards",
        "strategic custody users forum",
    ]


def test_a_long_cell_is_read_in_windows():
    # Every word a head: once a quadratic walk of the cell (it never finished).
    assert named("Board " * 5000) == {}
    assert named("Monitoring " * 5000 + "TIE Committee") == {
        "Trust, Integrity and Ethics Committee": "initials"
    }
    assert len(names_in(["Strategic " * 3000 + "Victims Board"])) == 1
