"""Leaving the editor as a draft (issue 14, item 7) and the editor `E` opens when the officer
set none (item 6)."""

from __future__ import annotations

import os
import stat

from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.external_editor import editor_command
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2020,
    SIZE,
    label_text,
    make_test_app,
    node_for_activity,
    plan_screen,
    select_activity,
    settle,
    wait_for_screen,
    wait_until,
)


def activity_of(store, ref: str):
    plan = store.resolve_plan(PLAN_2020)
    period = store.resolve_period(plan.id)
    snapshot = store.snapshot(plan.id, period.id, review=False)
    return period, next(a for a in snapshot.activities() if a.ref == ref)


async def test_escape_then_keep_as_draft_leaves_the_editor_and_e_brings_it_back(plan_store):
    period, a2_2 = activity_of(plan_store, "A2.2")
    _period, a2_3 = activity_of(plan_store, "A2.3")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a2_2.id)
        await pilot.press("e", *" half a thought")
        await pilot.press("escape")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "Keep as draft" in [label for _key, label, _value in dialog.choices]
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
        assert not screen.editor.editing
        assert app.focused is screen.plan_tree
        assert "✎" in label_text(node_for_activity(screen, a2_2.id))
        [draft] = plan_store.drafts(period.plan_id, AUTHOR)
        assert draft.text == a2_2.update.text + " half a thought"
        # Nothing was saved as the update.
        assert plan_store.update_for(a2_2.id, period.id).version == 1
        # Look at another activity, then come back: the draft is in the editor.
        await select_activity(pilot, screen, a2_3.id)
        await select_activity(pilot, screen, a2_2.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor")
        assert screen.editor.text == a2_2.update.text + " half a thought"


def test_with_no_editor_set_nano_is_chosen_when_installed():
    installed = {"nano": "/usr/bin/nano", "vi": "/usr/bin/vi"}
    command, notice = editor_command({}, installed.get)
    assert command == "nano"
    assert "Opening nano" in notice
    command, notice = editor_command({"EDITOR": " "}, {"vi": "/usr/bin/vi"}.get)
    assert command == "vi"
    assert "Opening vi" in notice
    assert editor_command({"EDITOR": "emacs -nw"}, installed.get) == ("emacs -nw", None)
    assert editor_command({"VISUAL": "code -w", "EDITOR": "vi"}, installed.get) == (
        "code -w",
        None,
    )


async def test_E_without_an_editor_set_opens_nano_and_says_so(plan_store, tmp_path, monkeypatch):
    # A program called nano on the PATH (a script that appends to the file it is given).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    nano = bin_dir / "nano"
    nano.write_text('#!/bin/sh\nprintf " (in nano)" >> "$1"\n', encoding="utf-8")
    nano.chmod(nano.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    _period, a2_2 = activity_of(plan_store, "A2.2")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a2_2.id)
        await pilot.press("E")
        await wait_until(pilot, lambda: screen.editor.text.endswith("(in nano)"), "nano")
        assert any("Opening nano" in str(n.message) for n in app._notifications)
