"""Following a cross-reference in the app: `l` goes to the target (a picker for several),
`backspace` comes back like a browser's back; the details list links and referred-to-by."""

from __future__ import annotations

from plandesk.tui.dialogs.picker import PickerDialog
from tests.tui.helpers import (
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    static_text,
    wait_for_screen,
)


def by_label(snapshot):
    return {
        (a.ref or c.ref): a
        for o in snapshot.objectives
        for c in o.commitments
        for a in c.activities
    }


async def test_l_follows_a_link_and_backspace_comes_back(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    items = by_label(snapshot)
    d7, b21, b11 = items["D7"], items["B2.1"], items["B1.1"]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await settle(pilot)
        await select_activity(pilot, screen, d7.id)
        await settle(pilot)
        details = static_text(screen.detail.query_one("#detail-body"))
        assert "reported under B2.1 (On track)" in details
        assert "links to B2.1" in details
        await pilot.press("l")
        await settle(pilot)
        assert screen.selected_activity().id == b21.id
        assert "referred to by D7" in static_text(screen.detail.query_one("#detail-body"))
        # A second hop (B1.1 → D4 → B1.1), then back twice, like a browser.
        await select_activity(pilot, screen, b11.id)
        await pilot.press("l")
        await settle(pilot)
        assert screen.selected_activity().id == items["D4"].id
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.selected_activity().id == b11.id
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.selected_activity().id == d7.id
        assert screen.view.link_trail == []


async def test_several_links_offer_a_picker(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    items = by_label(snapshot)
    b54, d6 = items["B5.4"], items["D6"]
    current = plan_store.update_for(b54.id, period.id)
    plan_store.save_update(
        b54.id, period.id, "Refer to D5.1 and D6", author="ann", expected_version=current.version
    )
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await settle(pilot)
        await select_activity(pilot, screen, b54.id)
        await pilot.press("l")
        picker = await wait_for_screen(pilot, PickerDialog)
        assert [label.split()[0] for _id, label in picker.items] == ["D5.1", "D6"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.selected_activity().id == d6.id
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.selected_activity().id == b54.id
