"""The oversight links of the real samples, and an officer's corrections surviving an import.

`NAMED_2018` was written by reading every "Oversight mechanism (s)" cell of the 2018 Panel
report (Appendix 1) against its glossary of 35 bodies: which glossary bodies each cell names,
however it spells them. Cells that name only reports, monitoring or people ("Delivery plan
monitoring", "Grant monitoring", "Regular reports to Police and Crime Commissioner and Chairs
of FRA") name no body. Names the cells write that the glossary does not list stay unlinked:
"Health & Wellbeing Board" (C2.1), "Community Safety Partnerships meetings" and "Local
Reducing Reoffending Boards" (2.4.1), "Reducing Reoffending boards" and "CSP" (B4), "CSP
meetings" (2.3.1), "Strategic IAG" (4.6), "Quarterly tactical meetings" (4.9), the OPCC (A1.3,
A3.2) and Warwickshire's "Custody Users Group (CIG)" (D.1). Activities without a ref are named
by their commitment (1.1, A.6, 2.2, B4, 3.1…).
"""

from __future__ import annotations

from collections import Counter

import pytest

from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.errors import NotFound, StoreError

VB = "Victims Board"
LCJB = "Local Criminal Justice Board"
TB = "Transformation Board"
AGG = "Alliance Governance Group"
CRB = "Crime Reduction Board"
RJ = "Restorative Justice Alliance Programme Board"
IOM = "Integrated Offender Management Programme Board"
MHTA = "Monthly Holding to Account"
SDG = "Strategic Diversity Group"
CIP = "Citizens in Policing Steering Group"
SCUF = "Strategic Custody Users Forum"
IPCAC = "Improving Public Contact and Communications Board"

NAMED_2018 = {
    "1.1": {VB},  # "Victims’ Board. KPI monitoring, Delivery Plan monitoring."
    "1.2": {TB},
    "A1.1": {VB},
    "A1.2": {VB},  # "Victims' Board / Delivery Plan monitoring / Performance Mgt. …"
    "A1.3": {LCJB, VB},  # "OPCC, LCJB, Victims' Board. Exception reports …"
    "A3.2": {LCJB, VB},
    "A4.9": {VB},
    "A4.10": {VB},
    "A5.4": {VB},
    "A.6": {RJ},  # "1. RJ programme board 2. Performance management reports …"
    # "(1)Strategic Vulnerability Board (2) WM - PCC holding to account session (3) …"
    "2.1.1": {"Strategic Vulnerability Board", MHTA},
    "2.1.2": {MHTA},  # "… quarterly performance reports & holding to account sessions"
    "2.2": {CRB},
    "2.3.2": {CRB},  # "Crime reduction Board"
    # ">Community Safety Partnerships meetings, >Crime Reduction Board, >RJ Programme Board,
    #  >Local Reducing Reoffending Boards. >IOM Board"
    "2.4.1": {CRB, RJ, IOM},
    # ">Crime Reduction Board. >MH Concordat Strategic Board. >Strategic Custody Users group"
    "2.4.2": {CRB, "Mental Health Concordat Strategic Group", SCUF},
    "2.5": {"Safer Roads Partnership Board"},  # "Safer Roads Partnership Governance Board"
    "2.6": {SDG},  # "Strategic Diversity Board"
    # "1. PCC's Crime Reduction Board 2. Programme highlight reports (IOM and Reducing
    #  Reoffending boards). 3. Oversight and scrutiny reports (CSP, Reducing Reoffending
    #  Boards, IOM)."
    "B4": {CRB, IOM},
    # "PCC and Chief Executive attendance at regional PCC meeting. … Scrutiny via AGG." The
    # glossary's Regional Governance Board is the "Meeting of 4 PCCs and CCs within the West
    # Midlands region"; B5 is about the regional collaboration it oversees.
    "B5": {AGG, "Regional Governance Board"},
    "3.1": {TB, AGG},  # "(1)Transformation Board (2) AGG"
    "3.2.1": {TB, AGG},
    "3.3.1": {"Property Board"},
    "3.4": {IPCAC},  # "IPCAC"
    "3.7": {SDG},
    "3.8": {CIP},
    "C2.1": {MHTA, AGG},  # "Holding to Account, AGG, Performance reports, Health & Wellbeing Board"
    # ">Monthly Holding to account meeting; >TIE Committee; >Dip Sampling of Police Complaints;
    #  >Civil Claims monitoring >PSD Performance meetings"
    "4.1": {MHTA, "Trust, Integrity and Ethics Committee", "PSD Performance Group"},
    "4.3": {IPCAC},  # "Improve Public Contact & Comms Programme Board"
    "4.6": {SDG},  # ">Strategic Diversity Group >Strategic IAG"
    "4.7": {"Strategic Stop and Search Group", SDG},  # ">Stop and Search Strategic Group. …"
    "4.8": {"Cyber Crime Strategic Panel"},  # ">Cybercrime strategic governance group"
    # "Attendance at the strategic custody users forum (SCUF) and the Custody Users Group (CIG)"
    "D.1": {SCUF},
    "D5.2": {CIP},
    "D6.2": {"Independent Joint Audit Committee"},  # "JAC"
}

# How some of those links are made (the rest are the glossary's own names).
HOW_2018 = {
    ("D6.2", "Independent Joint Audit Committee"): "initials",
    ("3.4", IPCAC): "initials",
    ("4.3", IPCAC): "variant",
    ("2.4.1", IOM): "initials",
    ("A.6", RJ): "initials",
    ("4.1", "Trust, Integrity and Ethics Committee"): "initials",
    ("A1.3", LCJB): "initials",
    ("2.6", SDG): "variant",
    ("4.8", "Cyber Crime Strategic Panel"): "variant",
    ("1.1", VB): "exact",
    ("2.3.2", CRB): "exact",
}


def _named(store, plan_id) -> dict[str, dict[str, str]]:
    named: dict[str, dict[str, str]] = {}
    for body in store.oversight_links(plan_id):
        for link in body.links:
            named.setdefault(link.label, {})[body.body.name] = link.how
    return named


@pytest.fixture
def loaded(store):
    store.import_documents(
        [read_document(PANEL_REPORT), read_document(QUARTERLY_EXTRACT)], author="importer"
    )
    return store


def test_every_oversight_cell_of_2018_links_the_bodies_it_names(loaded):
    plan = loaded.resolve_plan("2018")
    named = _named(loaded, plan.id)
    assert {label: set(bodies) for label, bodies in named.items()} == NAMED_2018
    for (label, body), how in HOW_2018.items():
        assert named[label][body] == how, (label, body)


def test_2018_counts_per_body(loaded):
    plan = loaded.resolve_plan("2018")
    counts = {b.name: b.activity_count for b in loaded.oversight(plan.id)}
    expected = Counter(body for bodies in NAMED_2018.values() for body in bodies)
    assert len(counts) == 35
    assert {name: n for name, n in counts.items() if n} == dict(expected)
    # Before this matching, 25 of the 35 bodies showed no activity; now only the 13 no cell
    # names (the Athena boards, Place Partnership Board, Service Improvement Board, …).
    assert sum(1 for n in counts.values() if n == 0) == 13
    assert counts[VB] == 8 and counts[CRB] == 5 and counts[SDG] == 4


def test_the_snapshot_carries_the_same_links(loaded):
    plan = loaded.resolve_plan("2018")
    snap = loaded.snapshot(plan.id, loaded.resolve_period(plan.id).id)
    a = next(a for a in snap.activities() if a.ref == "2.4.2")
    assert set(a.bodies) == NAMED_2018["2.4.2"]


def test_the_2020_extract_has_no_oversight_column_so_no_bodies(loaded):
    plan = loaded.resolve_plan("2020")
    assert loaded.oversight(plan.id) == []


def test_a_plan_without_glossary_gets_bodies_from_what_officers_write(loaded):
    plan = loaded.resolve_plan("2020")
    a31 = loaded.resolve_activity(plan.id, "A3.1")
    a32 = loaded.resolve_activity(plan.id, "A3.2")
    loaded.edit_activity(plan.id, a31.id, author="ann", oversight="Victims' Board")
    loaded.edit_activity(plan.id, a32.id, author="ann", oversight="victims board; TIE Committee")
    bodies = {b.name: b.activity_count for b in loaded.oversight(plan.id)}
    assert bodies == {"Victims' Board": 2, "TIE Committee": 1}


def test_cells_without_a_glossary_become_bodies_once_each(store, tmp_path):
    text = PANEL_REPORT.read_text(encoding="utf-8")
    cut = tmp_path / "2018-05_panel_report_delivery_plan.txt"
    cut.write_text(text[: text.index("GLOSSARY")], encoding="utf-8")
    [report] = store.import_documents([read_document(cut)], author="importer")
    plan = store.resolve_plan("2018")
    names = [b.name for b in store.oversight(plan.id)]
    # Each written once, however often and however spelled: "Crime reduction Board",
    # "PCC's Crime Reduction Board"; "Strategic Diversity Group" is the "…Board" of 2.6.
    assert names == [
        "Victims’ Board",
        "Transformation Board",
        "RJ programme board",
        "Strategic Vulnerability Board",
        "Crime Reduction Board",
        "Local Reducing Reoffending Boards",
        "IOM Board",
        "MH Concordat Strategic Board",
        "Strategic Custody Users group",
        "Safer Roads Partnership Governance Board",
        "Strategic Diversity Board",
        "Property Board",
        "Citizens in Policing Steering Group",
        "Health & Wellbeing Board",
        "TIE Committee",
        "Improve Public Contact & Comms Programme Board",
        "Stop and Search Strategic Group",
        "Cybercrime strategic governance group",
    ]
    assert report.created["oversight bodies"] == len(names)
    named = _named(store, plan.id)
    assert set(named["3.4"]) == {"Improve Public Contact & Comms Programme Board"}  # "IPCAC"
    assert set(named["B4"]) == {
        "Crime Reduction Board",
        "IOM Board",
        "Local Reducing Reoffending Boards",
    }
    assert set(named["3.7"]) == {"Strategic Diversity Board"}
    [again] = store.import_documents([read_document(cut)], author="importer")
    assert again.is_noop


def test_link_unlink_and_alias_survive_a_reimport(loaded):
    plan = loaded.resolve_plan("2018")
    a11 = loaded.resolve_activity(plan.id, "A1.1").id
    d2 = loaded.resolve_activity(plan.id, "D.2").id
    assert loaded.link_oversight(plan.id, d2, "Strategic Diversity Group", author="ann")
    loaded.unlink_oversight(plan.id, a11, "Victims Board", author="ann")
    loaded.add_oversight_alias(
        plan.id, "Strategic Health and Safety Group", "Health & Wellbeing Board", author="bob"
    )
    before = _named(loaded, plan.id)
    assert before["D.2"] == {SDG: "manual"}
    assert "A1.1" not in before
    assert before["C2.1"]["Strategic Health and Safety Group"] == "alias"

    [report] = loaded.import_documents([read_document(PANEL_REPORT)], author="importer")
    assert _named(loaded, plan.id) == before
    # The removal is not a link anywhere: not in the counts, not in the snapshot.
    counts = {b.name: b.activity_count for b in loaded.oversight(plan.id)}
    assert counts[VB] == 7
    snap = loaded.snapshot(plan.id, loaded.resolve_period(plan.id).id)
    assert next(a for a in snap.activities() if a.ref == "A1.1").bodies == ()

    # Each correction is in the plan's history, with who and what.
    changes = [(c.action, c.subject, c.author) for c in loaded.plan_changes(plan.id)]
    assert ("oversight link", f"D.2 → {SDG}", "ann") in changes
    assert ("oversight unlink", f"A1.1 → {VB}", "ann") in changes
    assert ("oversight alias add", "Strategic Health and Safety Group", "bob") in changes


def test_an_unlinked_body_comes_back_only_by_hand(loaded):
    plan = loaded.resolve_plan("2018")
    a11 = loaded.resolve_activity(plan.id, "A1.1").id
    loaded.unlink_oversight(plan.id, a11, "victims", author="ann")
    loaded.edit_activity(plan.id, a11, author="ann", oversight="Victims' Board, LCJB")
    assert set(_named(loaded, plan.id)["A1.1"]) == {LCJB}
    assert loaded.link_oversight(plan.id, a11, VB, author="ann") is not None
    assert _named(loaded, plan.id)["A1.1"] == {LCJB: "initials", VB: "manual"}
    assert loaded.link_oversight(plan.id, a11, VB, author="ann") is None  # already


def test_removing_an_alias_drops_the_links_it_made(loaded):
    plan = loaded.resolve_plan("2018")
    loaded.add_oversight_alias(plan.id, "Crime Reduction Board", "CSP meetings", author="ann")
    assert _named(loaded, plan.id)["2.3.1"] == {CRB: "alias"}
    loaded.remove_oversight_alias(plan.id, "csp  MEETINGS", author="ann")
    assert "2.3.1" not in _named(loaded, plan.id)


def _state(store, plan_id):
    return (_named(store, plan_id), len(store.plan_changes(plan_id)))


@pytest.mark.parametrize(
    "call",
    [
        lambda s, p, a: s.link_oversight(p, a, "Nobody Board", author="x"),
        lambda s, p, a: s.link_oversight(p, a, "Board", author="x"),  # names every board
        lambda s, p, a: s.link_oversight(p, 10**9, VB, author="x"),
        lambda s, p, a: s.unlink_oversight(p, a, "Property Board", author="x"),  # not linked
        lambda s, p, a: s.add_oversight_alias(p, "Nobody", "X Board", author="x"),
        lambda s, p, a: s.add_oversight_alias(p, VB, "  ", author="x"),
        lambda s, p, a: s.add_oversight_alias(p, VB, "Property Board", author="x"),  # a name
        lambda s, p, a: s.remove_oversight_alias(p, "never given", author="x"),
    ],
)
def test_bad_corrections_write_nothing(loaded, call):
    plan = loaded.resolve_plan("2018")
    a11 = loaded.resolve_activity(plan.id, "A1.1").id
    before = _state(loaded, plan.id)
    with pytest.raises((NotFound, StoreError)):
        call(loaded, plan.id, a11)
    assert _state(loaded, plan.id) == before


def test_an_alias_is_one_body_s(loaded):
    plan = loaded.resolve_plan("2018")
    loaded.add_oversight_alias(plan.id, "IOM", "IOM Board", author="x")
    with pytest.raises(StoreError, match="already an alias of Integrated Offender"):
        loaded.add_oversight_alias(plan.id, VB, "iom board", author="x")
    assert loaded.resolve_body(plan.id, "IOM board").name == IOM
