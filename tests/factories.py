"""Test data built in code: plan documents for the importer's contract, plan views for the
exports, and SQLite stores holding the bundled samples.

`make_snapshot` builds views directly (no database), so the export tests do not depend on the
store or the stall rules.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from plandesk.core.periods import parse_period
from plandesk.core.plan import (
    AckView,
    ActivityView,
    BodyView,
    CommitmentView,
    ObjectiveView,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    UpdateView,
)
from plandesk.core.records import (
    ActivityRecord,
    CommitmentRecord,
    ObjectiveRecord,
    OversightBodyRecord,
    PlanDocument,
)
from plandesk.core.rules.engine import Flag
from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore

# ------------------------------------------------------------------ stores with the samples


def open_store(path: Path) -> PlanStore:
    """A store on a SQLite file (created and migrated when new)."""
    return PlanStore.open(str(path))


def import_samples(store: PlanStore) -> None:
    """Both samples: the 2018 panel report, then the 2020 extract (the default plan)."""
    store.import_documents(
        [read_document(PANEL_REPORT), read_document(QUARTERLY_EXTRACT)], author="importer"
    )


def copy_db(source: Path, dest: Path) -> Path:
    """A copy of a closed SQLite file (its owner-only mode too), e.g. the session's
    `sample_db`: far cheaper than importing the samples again for every test."""
    assert not Path(f"{source}-wal").exists(), "copy a database only once its store is closed"
    shutil.copy(source, dest)
    return dest


# ------------------------------------------------------------------ a document to import


def small_plan(period: str = "2020/21 Q2", update_suffix: str = "") -> PlanDocument:
    """A plan with a repeated activity ref (D6.1 under D6 and D7) and a stand-in activity."""
    return PlanDocument(
        source="small.txt",
        layout="test",
        plan_name="Test Plan",
        edition="2020",
        period=parse_period(period),
        objectives=[
            ObjectiveRecord(
                "Putting victims first",
                [
                    CommitmentRecord(
                        "A.1",
                        "commissioner",
                        "Set out a victims' charter",
                        [
                            ActivityRecord(
                                "A1.1",
                                "Consult on the charter",
                                "Victims' Board, LCJB",
                                "Charter published" + update_suffix,
                            ),
                            ActivityRecord("A1.2", "Needs assessment", "", None),
                        ],
                    ),
                    CommitmentRecord(
                        "1.1",
                        "policing",
                        "Officers have the skills",
                        [ActivityRecord(None, "", "", "Training done", stands_for_commitment=True)],
                    ),
                ],
            ),
            ObjectiveRecord(
                "Reassuring communities",
                [
                    CommitmentRecord(
                        "D6", "commissioner", "Rural strategy", [ActivityRecord("D6.1", "Rural")]
                    ),
                    CommitmentRecord(
                        "D7",
                        "commissioner",
                        "Rural matters",
                        [ActivityRecord("(D6.1)", "Rural again", "", "Met farmers")],
                    ),
                ],
            ),
        ],
        oversight_bodies=[
            OversightBodyRecord("Victims Board", "Improve outcomes", "", True, False),
            OversightBodyRecord("Local Criminal Justice Board", "CJS partners", "Quarterly"),
        ],
    )


# ------------------------------------------------------------------ views for the exports

PLAN = PlanInfo(1, "Test Plan", "2030", datetime(2030, 1, 1, tzinfo=UTC))
Q1 = PeriodInfo(1, 1, "2030/31 Q1", date(2030, 4, 1), date(2030, 6, 30))
Q2 = PeriodInfo(2, 1, "2030/31 Q2", date(2030, 7, 1), date(2030, 9, 30))
AT = datetime(2030, 10, 2, 9, 30, tzinfo=UTC)
BODIES = [
    BodyView(1, "Victims Board", "Oversees victim services", "Quarterly", True, False, "", 3),
    BodyView(2, "Crime Reduction Board", "Partnership", "Monthly", False, True, "Alliance", 2),
]


def make_snapshot(
    update: str = "Work continues.\nNext step agreed.",
    previous: str = "Work started.",
    officer: str | None = None,
    *,
    with_previous: bool = True,
) -> PlanSnapshot:
    """A small plan in period Q2 covering every case the document shows.

    `update` and `previous` become every activity's update texts in Q2 and Q1 ("Progress: "
    and "Earlier: " in front, so each always counts as changed); `officer`, when given,
    replaces every other piece of officers' text (titles, activity text, oversight, notes,
    flag details) too.
    """
    o = officer

    def upd(aid: int, period: PeriodInfo, text: str, status: str = "") -> UpdateView:
        return UpdateView(aid * 10 + period.id, aid, period.id, text, status, "importer", AT, 1)

    def act(aid, cid, pos, ref, text, oversight, **kw) -> ActivityView:
        current = kw.pop("current", f"Progress: {update}")
        earlier = kw.pop("earlier", f"Earlier: {previous}")
        return ActivityView(
            aid,
            cid,
            pos,
            ref,
            o if o is not None else text,
            o if o is not None else oversight,
            kw.pop("stands", False),
            update=upd(aid, Q2, current, kw.pop("officer_status", "")) if current else None,
            previous=upd(aid, Q1, earlier) if earlier and with_previous else None,
            **kw,
        )

    def flag(rule: str, detail: str) -> Flag:
        return Flag(rule, o if o is not None else detail, ())

    a11 = act(
        11,
        1,
        1,
        "A1.1",
        "Train officers",
        "Victims Board",
        bodies=("Victims Board",),
        status="Stalled",
        flags=(flag("no news", 'says only "Refer to A1.2"'),),
    )
    a12 = act(12, 1, 2, "A1.2", "Audit skills", "VB", bodies=("Victims Board",), status="Complete")
    a21 = act(
        21,
        2,
        1,
        None,
        "",
        "Crime Reduction Board; Victims Board",
        stands=True,
        bodies=("Crime Reduction Board", "Victims Board"),
        status="At risk",
        flags=(flag("slipping", 'the update says "postponed"'),),
        acknowledged=AckView(o if o is not None else "chased at the board", "ann", AT),
    )
    b11 = act(31, 3, 1, None, "Unnumbered activity", "", status="No update", current="")
    b12 = act(
        32,
        3,
        2,
        "B1.2",
        "Response times",
        "Crime Reduction Board",
        bodies=("Crime Reduction Board",),
        status="In Progress",
        officer_status="in progress",
        earlier="",
    )
    objectives = [
        ObjectiveView(
            1,
            1,
            o if o is not None else "Putting victims first",
            [
                CommitmentView(1, 1, 1, "A1", "policing", o or "Support victims", [a11, a12]),
                CommitmentView(2, 1, 2, "A2", "commissioner", o or "Commission services", [a21]),
            ],
        ),
        ObjectiveView(
            2,
            2,
            o if o is not None else "Building a secure place",
            [CommitmentView(3, 2, 3, "B1", "policing", o or "Respond quickly", [b11, b12])],
        ),
        ObjectiveView(3, 3, o if o is not None else "Empty objective", []),
    ]
    return PlanSnapshot(PLAN, Q2, Q1 if with_previous else None, objectives)
