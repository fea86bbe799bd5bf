"""The plan screen's footer: its keys drawn as one line by one widget.

Textual's `Footer` is a container of one widget per key, composed a refresh after the rest of
the screen and thrown away and composed anew at every change of focus and every
`refresh_bindings()`: at start-up that was three compositions (≈ 70 ms before the first frame
could be written) and, when the editor opened, four layouts of the whole screen. This footer is
a single line of fixed size: it reads the screen's keys when it is drawn, so a change of keys
is a repaint of one line, in the same frame as what caused it. It looks like Textual's footer
(same theme colours, greyed keys that do not apply yet, the palette key on the right) and
answers the mouse the same way: a click presses the key, a greyed key rings the bell.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["FooterEntry", "KeyFooter"]


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it."""

    key: str  # the key pressed when it is clicked
    shown: str  # how the key is written ("^s")
    description: str
    action: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    """The keys of the plan screen (`tui/keys.py`) that apply now, in one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--hover",
        "key-footer--palette-edge",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .key-footer--palette-edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        # Where each key was drawn (start, end, entry), for the mouse.
        self._spans: list[tuple[int, int, FooterEntry]] = []
        self._hover: str | None = None  # the action under the mouse
        self._drawn: tuple[FooterEntry, ...] = ()

    def on_mount(self) -> None:
        # Told at once (not through the message queue), so the keys change in the same
        # repaint as what changed them.
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self.entries() != self._drawn:
            self.refresh()  # one line, same size: never a layout

    def entries(self) -> tuple[FooterEntry, ...]:
        """The keys shown now, in the screen's order (the first binding of each action), the
        command palette's last."""
        app = self.app
        keys: dict[str, FooterEntry] = {}
        palette: FooterEntry | None = None
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            is_palette = self._is_palette(binding.key)
            if not is_palette and (not binding.show or binding.action in keys):
                continue
            entry = FooterEntry(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                (binding.tooltip or binding.description) if is_palette else tooltip,
            )
            if is_palette:
                palette = entry
            else:
                keys[binding.action] = entry
        return (*keys.values(), *((palette,) if palette is not None else ()))

    def _is_palette(self, key: str) -> bool:
        return self.app.ENABLE_COMMAND_PALETTE and key == self.app.COMMAND_PALETTE_BINDING

    def _piece(self, entry: FooterEntry, *, palette: bool = False) -> Text:
        hover = entry.action == self._hover and entry.enabled
        key_style = self.get_component_rich_style("key-footer--key")
        words_style = self.get_component_rich_style("key-footer--description")
        if hover:
            hover_style = self.get_component_rich_style("key-footer--hover")
            key_style, words_style = key_style + hover_style, words_style + hover_style
        if palette:  # as Textual draws it, against the edge
            key, words = (entry.shown, key_style), (f" {entry.description}", words_style)
        else:
            key, words = (f" {entry.shown} ", key_style), (f"{entry.description} ", words_style)
        piece = Text.assemble(key, words)
        if not entry.enabled:
            piece.stylize("dim")
        return piece

    def render(self) -> Text:
        entries = self.entries()
        self._drawn = entries
        palette = entries[-1] if entries and self._is_palette(entries[-1].key) else None
        keys = entries[:-1] if palette is not None else entries
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterEntry]] = []
        right = Text(no_wrap=True, end="")
        if palette is not None:
            right.append("▏", self.get_component_rich_style("key-footer--palette-edge"))
            right.append_text(self._piece(palette, palette=True))
        room = max(0, width - right.cell_len)
        for entry in keys:
            piece = self._piece(entry)
            if line.cell_len + piece.cell_len > room:
                break  # whole keys only: half a key reads as another key
            spans.append((line.cell_len, line.cell_len + piece.cell_len, entry))
            line.append_text(piece)
        if palette is not None and room:
            line.append(" " * (room - line.cell_len))
            spans.append((room, room + right.cell_len, palette))
            line.append_text(right)
        self._spans = spans
        return line

    def _entry_at(self, x: int) -> FooterEntry | None:
        for start, end, entry in self._spans:
            if start <= x < end:
                return entry
        return None

    def on_click(self, event: events.Click) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        event.stop()
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._entry_at(event.x)
        hover = entry.action if entry is not None else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = entry.tooltip if entry is not None and entry.tooltip else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()
