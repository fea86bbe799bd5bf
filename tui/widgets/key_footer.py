"""The plan screen's footer: Textual's `Footer`, changed in place rather than rebuilt.

Textual's footer throws its keys away and composes new ones whenever the screen's bindings may
have changed: on every change of focus and every `refresh_bindings()`, once per call (opening
the editor made four in a row, each a layout of the whole screen). This one keeps its keys and
shows, hides or greys them; it composes anew only when a key it never had is to be shown.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, KeyGroup  # its children (not re-exported)

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """The footer of the plan screen's keys (`tui/keys.py`), kept in place."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._recompose_due = False
        # How many times it composed its keys (the first time included): tests read it.
        self.compose_count = 0

    def compose(self):
        if self._bindings_ready:
            self.compose_count += 1
        yield from super().compose()

    def on_mount(self) -> None:
        # Told at once: Textual's footer (which subscribes too) is told through its message
        # queue, so its change came in a repaint of its own, after the one showing what caused
        # it. Told twice, the second time finds nothing to change.
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        # In place and at once, so the change is in the same repaint as what caused it.
        if not self._update_in_place() and not self._recompose_due:
            self._recompose_due = True
            self.call_later(self._recompose)

    async def _recompose(self) -> None:
        self._recompose_due = False
        if self.is_attached:
            await self.recompose()

    def _wanted(self) -> dict[str, bool]:
        """The shown keys' actions, in the order Textual's footer composes them, each with
        whether it is enabled."""
        wanted: dict[str, bool] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in wanted:
                wanted[binding.action] = enabled
        return wanted

    def _update_in_place(self) -> bool:
        """Show, hide and grey the keys there are; False when that cannot show what is wanted
        (a key it does not have, another order, grouped keys)."""
        keys = [k for k in self.query_children(FooterKey) if not k.has_class("-command-palette")]
        wanted = self._wanted()
        if not keys or self.query_children(KeyGroup):
            return False
        if [k.action for k in keys if k.action in wanted] != list(wanted):
            return False
        for key in keys:
            shown = key.action in wanted
            if key.display != shown:
                key.display = shown
            disabled = shown and not wanted[key.action]
            if shown and key._disabled != disabled:
                # FooterKey reads `_disabled` when clicked (a bell instead of the action).
                key._disabled = disabled
                key.set_class(disabled, "-disabled")
        return True
