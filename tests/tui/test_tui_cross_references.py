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


async def test_a_saved_target_updates_what_is_reported_under_it_at_once(plan_store):
    # D7 only says "Refer to B2.1": when B2.1's new update says it is delayed, D7 shows it as
    # reported under an item at risk, and is flagged through it, without reloading the plan.
    _plan, _period, snapshot = snapshot_of(plan_store)
    items = by_label(snapshot)
    d7, b21 = items["D7"], items["B2.1"]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await settle(pilot)
        shown_d7 = screen.view.activity(d7.id)
        assert [(t.ref, t.status) for t in shown_d7.reported_under] == [("B2.1", "On track")]
        assert not shown_d7.flags
        await select_activity(pilot, screen, b21.id)
        await pilot.press("e")
        await settle(pilot)
        screen.editor.text_area.text = "The hubs are postponed until the new year."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(t.ref, t.status) for t in shown_d7.reported_under] == [("B2.1", "At risk")]
        assert [f.rule for f in shown_d7.flags] == ["reported under"]
        await select_activity(pilot, screen, d7.id)
        await settle(pilot)
        assert "reported under B2.1 (At risk)" in static_text(
            screen.detail.query_one("#detail-body")
        )
