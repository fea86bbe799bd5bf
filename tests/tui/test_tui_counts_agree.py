"""One definition per count (issue 14, item 4): the header, the objective and commitment
panes, the tree's commitment labels and the export's summary count the same activities as
`plandesk.core.counts`, on the 2020 sample."""

from __future__ import annotations

import re
from datetime import date

from plandesk.core.counts import count_period, is_flagged
from plandesk.exports import ExportOptions, render_markdown
from tests.tui.helpers import (
    PLAN_2020,
    SIZE,
    label_text,
    make_test_app,
    node_for_commitment,
    plan_screen,
    select_activity,
    settle,
    static_text,
    wait_for_screen,
    wait_until,
)


def reviewed(store):
    plan = store.resolve_plan(PLAN_2020)
    period = store.resolve_period(plan.id)
    snapshot = store.snapshot(plan.id, period.id)
    return snapshot, list(store.oversight(plan.id))


def export_rows(snapshot, bodies) -> dict[str, tuple[int, int]]:
    """The export summary's (flagged, updated this period) per objective position."""
    text = render_markdown(snapshot, bodies, ExportOptions(generated_on=date(2020, 10, 1)))
    rows = {}
    for line in text.splitlines():
        # (the objective's name links to its section: "[1. Title](#objective-1)")
        match = re.match(r"\| \[?(\d+)\. .*\| (\d+) \| (\d+) \|$", line)
        if match:
            rows[match.group(1)] = (int(match.group(2)), int(match.group(3)))
    return rows


def pane_counts(screen) -> tuple[int, int]:
    detail = static_text(screen.detail.query_one("#detail-body"))
    updated = int(re.search(r"(\d+) updated this period", detail).group(1))
    flagged = int(re.search(r"⚑ (\d+) flagged", detail).group(1))
    return flagged, updated


async def test_objective_panes_the_export_and_the_header_agree(plan_store):
    snapshot, bodies = reviewed(plan_store)
    rows = export_rows(snapshot, bodies)
    assert len(rows) == len(snapshot.objectives)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        for objective_node in tree.root.children:
            tree.move_cursor(objective_node)
            await pilot.pause()
            objective = objective_node.data
            counts = count_period(a for c in objective.commitments for a in c.activities)
            assert pane_counts(screen) == rows[str(objective.position)]
            assert pane_counts(screen) == (counts.flagged, counts.updated)
        whole = count_period(snapshot.activities())
        assert f"{whole.updated} updated" in app.sub_title
        assert f"{whole.flagged} flagged" in app.sub_title


async def test_a_commitment_pane_counts_its_flags_as_the_tree_does(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("right")
        node = node_for_commitment(screen, "A1")
        screen.plan_tree.move_cursor(node)
        await pilot.pause()
        flagged = sum(1 for a in node.data.activities if is_flagged(a))
        assert flagged == 1  # "Refer to C7" has no update: that is its flag
        assert "⚑1" in label_text(node)
        assert pane_counts(screen)[0] == flagged


async def test_acknowledging_the_last_flag_of_a_commitment_clears_its_count(plan_store):
    from plandesk.tui.dialogs.prompt import PromptDialog

    plan = plan_store.resolve_plan(PLAN_2020)
    # A5's two flagged activities: A5.1 slipping ("delayed due to COVID"), A5.2 risk.
    a5_2 = plan_store.resolve_activity(plan.id, "A5.2").id
    a5_1 = plan_store.resolve_activity(plan.id, "A5.1").id
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a5_2)
        assert "⚑2" in label_text(node_for_commitment(screen, "A5"))
        for activity, left in ((a5_2, "⚑1"), (a5_1, None)):
            await select_activity(pilot, screen, activity)
            await pilot.press("a")
            await wait_for_screen(pilot, PromptDialog)
            await pilot.press(*"chased", "enter")
            await wait_until(
                pilot, lambda a=activity: screen.view.activity(a).acknowledged is not None
            )
            await settle(pilot)
            label = label_text(node_for_commitment(screen, "A5"))
            if left:
                assert left in label
            else:
                assert "⚑" not in label


async def test_a_search_keeps_each_commitment_s_whole_flag_count(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        # A3.2 is one of A3's two flagged activities; the search shows only it.
        await pilot.press("slash", *"A3.2", "enter")
        await settle(pilot)
        assert "⚑2" in label_text(node_for_commitment(screen, "A3"))


async def test_an_objective_without_policing_commitments_says_nothing_of_policing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        detail = static_text(screen.detail.query_one("#detail-body"))
        assert "8 Commissioner's commitments, 21 activities." in detail
        assert "policing" not in detail
