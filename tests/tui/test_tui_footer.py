"""The plan screen's footer: one line of the keys that apply now, redrawn in place (never a
layout, never a widget per key), greyed keys that ring the bell, keys the mouse can press."""

from __future__ import annotations

from plandesk.tui.widgets.key_footer import KeyFooter
from tests.tui.helpers import SIZE, make_test_app, plan_screen, settle
from tests.tui.test_tui_refresh import layouts_of


def footer_line(screen) -> str:
    """The footer's line as painted."""
    return screen.query_one(KeyFooter).render_line(0).text


def footer_words(screen) -> set[str]:
    """The words of the keys drawn."""
    return {entry.description for entry in screen.query_one(KeyFooter)._drawn}


async def test_footer_follows_the_editor_and_is_not_rebuilt_for_nothing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        footer = screen.query_one(KeyFooter)
        assert {"Edit", "Search", "Quit"} <= footer_words(screen)
        line = footer_line(screen)
        assert line.startswith(" e Edit  ^s Save ") and " / Search " in line
        assert not footer.children, "one widget, not one per key"

        layouts = layouts_of(screen)
        screen.refresh_bindings()
        screen.refresh_bindings()
        await settle(pilot)
        assert layouts == [], "the same keys laid the screen out"

        await pilot.press("right", "down", "right", "down", "e")
        await settle(pilot)
        assert screen.editor.editing
        words = footer_words(screen)
        assert "Save" in words and "Edit" not in words
        assert " e Edit " not in footer_line(screen)

        await pilot.press("escape")
        await settle(pilot)
        assert not screen.editor.editing
        assert {"Edit", "Search", "Quit"} <= footer_words(screen)


async def test_footer_keys_answer_the_mouse_and_greyed_ones_do_nothing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        footer = screen.query_one(KeyFooter)
        line = footer_line(screen)
        # Nothing is being edited: Save is shown greyed out, and clicking it saves nothing.
        save = next(e for e in footer._drawn if e.action == "save")
        assert not save.enabled
        await pilot.click(KeyFooter, offset=(line.index(" ^s Save "), 0))
        await settle(pilot)
        assert not screen.editor.editing

        await pilot.click(KeyFooter, offset=(line.index(" / Search ") + 1, 0))
        await settle(pilot)
        assert screen.search_box.display and screen.search_box.has_focus


async def test_a_narrow_footer_shows_whole_keys_and_keeps_the_palette(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await plan_screen(pilot)
        line = footer_line(screen)
        assert len(line) == 60
        assert line.rstrip().endswith("palette")
        drawn = [e.description for e in screen.query_one(KeyFooter)._drawn]
        shown = [d for d in drawn if f" {d} " in line]
        # Keys are drawn from the left while they fit whole; the rest wait for a wider screen.
        assert shown and shown[0] == drawn[0] and len(shown) < len(drawn)


async def test_a_key_under_the_mouse_is_lit_and_says_what_it_does(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        footer = screen.query_one(KeyFooter)
        line = footer_line(screen)
        plain = footer.render_line(0)
        await pilot.hover(KeyFooter, offset=(line.index(" e Edit ") + 1, 0))
        await settle(pilot)
        assert footer.tooltip == "Edit the selected activity's update"
        assert footer.render_line(0) != plain, "the key under the mouse is not lit"
        assert footer_line(screen) == line  # the same words
        gap = line.index("▏") - 1  # between the last key and the palette: no key
        assert line[gap] == " "
        await pilot.hover(KeyFooter, offset=(gap, 0))
        await settle(pilot)
        assert footer.tooltip is None
        assert footer.render_line(0) == plain
