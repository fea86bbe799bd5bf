"""The plan screen's footer, composed again only when the keys it shows change.

Textual's `Footer` recomposes (removes and mounts every key) at each `bindings_updated` signal,
and the plan screen sends several while it starts (focus, widgets mounted, shown or hidden):
at start-up that was six recomposes of the same twelve keys, the last one drawn well after the
rest of the first screen.
"""

from __future__ import annotations

from textual.widgets import Footer

__all__ = ["PlanFooter"]


class PlanFooter(Footer):
    """A `Footer` that skips a recompose when the keys, their words and their state are the
    same as last time."""

    _shown: tuple[object, ...] | None = None

    def _keys_shown(self) -> tuple[object, ...]:
        keys = tuple(
            (binding.key, binding.description, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (self.compact, self.show_command_palette, keys)

    async def recompose(self) -> None:
        """Compose again, unless the keys shown would be the same."""
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._shown and self.children:
            return
        self._shown = shown
        await super().recompose()
