"""The plan screen's footer follows the keys that apply, and is not rebuilt when they stay the
same (at start-up the screen signals a change of bindings several times)."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from tests.tui.helpers import SIZE, make_test_app, plan_screen, settle


def footer_keys(screen) -> list[FooterKey]:
    return list(screen.query(FooterKey))


def footer_words(screen) -> set[str]:
    """The words of the keys on show (the footer hides keys in place rather than removing them)."""
    return {key.description for key in footer_keys(screen) if key.display}


async def test_footer_follows_the_editor_and_is_not_rebuilt_for_nothing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert {"Edit", "Search", "Quit"} <= footer_words(screen)

        before = footer_keys(screen)
        screen.refresh_bindings()
        screen.refresh_bindings()
        await settle(pilot)
        assert footer_keys(screen) == before  # the same widgets: nothing was recomposed

        await pilot.press("right", "down", "right", "down", "e")
        await settle(pilot)
        assert screen.editor.editing
        words = footer_words(screen)
        assert "Save" in words and "Edit" not in words

        await pilot.press("escape")
        await settle(pilot)
        assert not screen.editor.editing
        assert {"Edit", "Search", "Quit"} <= footer_words(screen)
