"""A search that matches thousands of activities opens only a screenful or so of the tree.

Adding tens of thousands of tree lines takes seconds; the filtered tree opens its nodes in
order while they fit in `FILTERED_LINES` and leaves the rest to open on → like any node.
"""

from __future__ import annotations

from plandesk.core.periods import parse_period
from plandesk.core.plan import ActivityView, CommitmentView
from plandesk.core.records import (
    ActivityRecord,
    CommitmentRecord,
    ObjectiveRecord,
    PlanDocument,
)
from plandesk.tui.widgets.detail_pane import LISTED_COMMITMENTS
from plandesk.tui.widgets.plan_tree import FILTERED_LINES
from tests.factories import open_store
from tests.tui.helpers import SIZE, make_test_app, plan_screen, settle, static_text, visible_lines

OBJECTIVES, COMMITMENTS, ACTIVITIES = 3, 40, 12  # 1,440 activities, all matching "victims"


def _big_plan(
    objectives_: int = OBJECTIVES, commitments_: int = COMMITMENTS, activities_: int = ACTIVITIES
) -> PlanDocument:
    objectives = []
    for o in range(1, objectives_ + 1):
        commitments = []
        for c in range(1, commitments_ + 1):
            ref = f"{chr(64 + o)}{c}"
            activities = [
                ActivityRecord(
                    f"{ref}.{a}",
                    f"Support victims, case {o}-{c}-{a}",
                    update=f"Work with victims went on ({a}).",
                )
                for a in range(1, activities_ + 1)
            ]
            commitments.append(
                CommitmentRecord(ref, "commissioner", f"Commitment {ref}", activities)
            )
        objectives.append(ObjectiveRecord(f"Objective {o}", commitments))
    return PlanDocument(
        source="big-plan.md",
        layout="test",
        plan_name="Big Plan",
        edition="2020",
        period=parse_period("2020/21 Q2"),
        objectives=objectives,
    )


async def test_a_search_matching_every_activity_opens_a_bounded_tree(tmp_path):
    store = open_store(tmp_path / "big.db")
    store.import_documents([_big_plan()], author="importer")
    app = make_test_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        screen.query_one("#search").display = True
        screen.query_one("#search").value = "victims"
        await settle(pilot)
        assert screen.view.search_ids is not None
        assert len(screen.view.search_ids) == OBJECTIVES * COMMITMENTS * ACTIVITIES

        lines = visible_lines(screen)
        assert len(lines) <= FILTERED_LINES + OBJECTIVES + COMMITMENTS
        leaves = [n for n in lines if isinstance(n.data, ActivityView)]
        assert leaves, "the first matches are in sight"
        # Every objective is listed, and a closed commitment still opens onto its matches.
        assert len([n for n in lines if n.parent is screen.plan_tree.root]) == OBJECTIVES
        closed = next(n for n in lines if isinstance(n.data, CommitmentView) and not n.is_expanded)
        screen.plan_tree.select_node(closed)
        await pilot.press("right")
        await settle(pilot)
        assert len(closed.children) == ACTIVITIES
        assert "1440 activities" in app.sub_title
    store.close()


async def test_an_objective_with_very_many_commitments_lists_the_first_ones(tmp_path):
    many = LISTED_COMMITMENTS + 15
    store = open_store(tmp_path / "wide.db")
    store.import_documents([_big_plan(1, many, 1)], author="importer")
    app = make_test_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        details = static_text(screen.detail.query_one("#detail-body"))
        assert f"{many} Commissioner's commitments" in details
        assert f"A{LISTED_COMMITMENTS} " in details
        assert f"A{LISTED_COMMITMENTS + 1} " not in details
        assert "… and 15 more: open the objective in the tree" in details
    store.close()
