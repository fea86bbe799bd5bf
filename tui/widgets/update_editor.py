"""This period's update of one activity: a status choice and a text editor.

The editor is read-only until the officer starts editing. While editing it reports each
pause in typing (`Paused`) so the screen can keep a draft; it never touches the store itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label, Select, TextArea

from plandesk.core.plan import ActivityView, DraftView, UpdateView
from plandesk.core.statuses import SETTABLE, known_status, shown_status
from plandesk.core.text import clean_text, printable
from plandesk.tui.plain import plain_content

__all__ = ["EditSession", "UpdateEditor", "UpdateText", "STATUS_CHOICES"]

# The select offers the one vocabulary (plandesk.core.statuses), stored in canonical spelling.
STATUS_CHOICES: list[tuple[str | Text, str]] = [("Not set", ""), *((s, s) for s in SETTABLE)]


@dataclass
class EditSession:
    """What is being edited: the activity, the period and the version it started from."""

    activity: ActivityView
    period_id: int
    base_version: int
    original_text: str
    original_status: str  # as the select showed it when the session opened


class UpdateText(TextArea):
    """The update's text area; new text never lays the whole screen out.

    Textual's `TextArea` sets its virtual size through a reactive that asks for a layout of the
    screen whenever the wrapped text's height changes, i.e. at nearly every cursor move while
    browsing. The area's own size is fixed by CSS, so only its scrollbar depends on that height:
    this sets it and updates the bar (Textual 8.2.8's own scroll update, pinned in pyproject).
    The bar is always there (CSS), empty when the text fits: one that came and went would lay
    the screen out.
    """

    # The width the text was last wrapped for while shown (see `wrap_width`).
    _shown_wrap_width = 0

    @property
    def wrap_width(self) -> int:
        # Hidden (the cursor on an objective or commitment), the area has no width: text loaded
        # then would be wrapped for none, and wrapped again, and drawn a second time, once the
        # area is back. Wrapped for the width it had, it is drawn once, in the layout that
        # shows it.
        width = super().wrap_width
        if width > 0 or not self.soft_wrap:
            self._shown_wrap_width = width
            return width
        return self._shown_wrap_width

    def _refresh_size(self) -> None:
        if self.soft_wrap:
            size = Size(0, self.wrapped_document.height)
        else:
            width, height = self.document.get_size(self.indent_width)
            size = Size(width + self.gutter_width + 1, height)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
            self.refresh()


class UpdateEditor(Vertical):
    """Status select, text area and a one-line state ("saved v3 by ann", "unsaved")."""

    DEFAULT_CSS = """
    UpdateEditor {
        height: 1fr;
        min-height: 8;
        border-top: solid $primary;
    }
    UpdateEditor #editor-head {
        height: 3;
    }
    UpdateEditor #editor-title {
        width: 1fr;
        height: 3;
        padding: 1 1 0 1;
        text-style: bold;
    }
    UpdateEditor #editor-status {
        width: 24;
    }
    UpdateEditor TextArea {
        height: 1fr;
        overflow-y: scroll;
    }
    UpdateEditor #editor-state {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        color: $text-muted;
    }
    UpdateEditor.-editing #editor-state {
        color: $warning;
    }
    """

    class Paused(Message):
        """The officer stopped typing: time to keep a draft."""

        def __init__(self, editor: UpdateEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(
        self,
        *,
        draft_delay: float = 0.8,
        id: str | None = None,  # noqa: A002 - Textual's name
        build: bool = True,
    ) -> None:
        super().__init__(id=id)
        self.draft_delay = draft_delay
        # False: the parts (a text area and a select, ≈ 30 ms to build) wait for `build()`, so a
        # first screen that shows no update is drawn without them.
        self._built = build
        self.session: EditSession | None = None
        self.period_label = ""
        self._pause_timer: Timer | None = None
        # What was last put in the widgets: their Changed events arrive later and must not
        # count as typing.
        self._loaded: tuple[str, str] = ("", "")
        # A stored status outside the vocabulary (an older database) gets its own option, so
        # it is shown, and kept unless the officer picks another.
        self._odd_status: str | None = None
        # What `show` last put on screen (`_shown_key`); None after an edit session.
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        if self._built:
            yield from self._parts()

    @staticmethod
    def _parts() -> list[Widget]:
        head = Horizontal(
            Label("This period's update", id="editor-title"),
            Select(STATUS_CHOICES, allow_blank=False, value="", id="editor-status", disabled=True),
            id="editor-head",
        )
        text = UpdateText(id="editor-text", read_only=True, soft_wrap=True, show_line_numbers=False)
        return [head, text, Label("", id="editor-state")]

    def build(self) -> None:
        """Mount the editor's parts if they were left out (`build=False`). Mounted widgets are
        in the DOM at once: what follows may use them."""
        if not self._built:
            self._built = True
            self.mount_all(self._parts())

    @property
    def text_area(self) -> TextArea:
        """The text widget."""
        self.build()
        return self.query_one("#editor-text", TextArea)

    @property
    def status_select(self) -> Select:
        """The status widget."""
        self.build()
        return self.query_one("#editor-status", Select)

    @property
    def editing(self) -> bool:
        """True while an edit session is open."""
        return self.session is not None

    @property
    def text(self) -> str:
        """The text as typed."""
        return self.text_area.text

    @property
    def status(self) -> str:
        """The status chosen."""
        value = self.status_select.value
        return value if isinstance(value, str) else ""

    @property
    def status_change(self) -> str | None:
        """The status to save: None when the officer left it as it was (the store keeps it)."""
        session = self.session
        if session is not None and self.status == session.original_status:
            return None
        return self.status

    @property
    def dirty(self) -> bool:
        """Whether the editor holds changes that are not saved."""
        session = self.session
        if session is None:
            return False
        return self.text != session.original_text or self.status != session.original_status

    def _set(self, text: str, status: str) -> None:
        known = known_status(status)
        odd = None if known is not None else status
        if odd != self._odd_status:
            choices = list(STATUS_CHOICES)
            if odd is not None:
                # Plain text: the value came from the database, not from us.
                choices.append((Text(f"{printable(shown_status(odd))} (not in the list)"), odd))
            self.status_select.set_options(choices)
            self._odd_status = odd
        value = known if known is not None else status
        # A TextArea sends control characters to the terminal as they are; saving drops them.
        text = clean_text(text)
        self._loaded = (text, value)
        self.text_area.load_text(text)
        self.status_select.value = value

    @staticmethod
    def _shown_key(activity: ActivityView | None, period_label: str) -> tuple[object, ...]:
        """Everything `show` puts on screen: when it is the same, nothing is loaded again."""
        if activity is None:
            return (period_label,)
        update = activity.update
        said = (
            (update.text, update.status, update.version, update.author, update.updated_at)
            if update is not None
            else ()
        )
        return (period_label, activity.id, activity.ref, *said)

    def show(self, activity: ActivityView | None, period_label: str) -> None:
        """Show an activity's update read-only (nothing is being edited)."""
        key = self._shown_key(activity, period_label)
        if self.session is None and key == self._shown:
            # The same update again (the flags came in, a save elsewhere): reloading the text
            # area would redraw it and send its change events for nothing.
            return
        self._shown = key
        self.session = None
        self.period_label = period_label
        self.remove_class("-editing")
        self.text_area.read_only = True
        self.status_select.disabled = True
        if activity is None:
            self._title(f"Update for {period_label}")
            self._set("", "")
            self.set_state("")
            return
        name = activity.ref or "this activity"
        self._title(f"{period_label} update of {name}")
        update = activity.update
        self._set(update.text if update else "", update.status if update else "")
        self.set_state(self.describe(update) + "   e edit · E $EDITOR")

    @staticmethod
    def describe(update: UpdateView | None) -> str:
        """`v3 saved by ann, 12 Jun 2026 10:31` or `no update yet`."""
        if update is None:
            return "no update yet"
        return f"v{update.version} saved by {update.author}, {update.updated_at:%d %b %Y %H:%M}"

    def begin(self, activity: ActivityView, period_id: int, draft: DraftView | None) -> None:
        """Open an edit session, from the draft when one was kept."""
        update = activity.update
        text = clean_text(update.text) if update else ""  # as `_set` shows it
        status = update.status if update else ""
        base = update.version if update else 0
        known = known_status(status)
        shown = known if known is not None else status
        self.session = EditSession(activity, period_id, base, text, shown)
        self._shown = None  # what `show` put there is being edited
        self._title(f"Editing the {self.period_label} update of {activity.ref or 'this activity'}")
        self.add_class("-editing")
        self.text_area.read_only = False
        self.status_select.disabled = False
        if draft is not None:
            self.session.base_version = draft.base_version
            self._set(draft.text, draft.status)
            self.set_state(
                f"restored your unsaved draft from {draft.saved_at:%d %b %H:%M}"
                "   ctrl+s save · escape leave"
            )
        else:
            self._set(text, status)
            self.set_state("editing   ctrl+s save · escape leave")
        self.text_area.focus()
        self.text_area.move_cursor(self.text_area.document.end)

    def replace_text(self, text: str, base_version: int) -> None:
        """Put other text in the editor (conflict resolution) and rebase the session."""
        if self.session is None:
            return
        self.session.base_version = base_version
        self._set(text, self.status)
        self.text_area.focus()

    def set_state(self, message: str) -> None:
        """The one-line state under the editor."""
        # Fixed size (CSS): no layout of the whole screen at every cursor move. Plain text: it
        # names authors and refs.
        self.build()
        self.query_one("#editor-state", Label).update(plain_content(message), layout=False)

    def _title(self, text: str) -> None:
        self.build()
        self.query_one("#editor-title", Label).update(plain_content(text), layout=False)

    @on(TextArea.Changed, "#editor-text")
    @on(Select.Changed, "#editor-status")
    def _changed(self, event: Message) -> None:
        event.stop()
        if self.session is None or (self.text, self.status) == self._loaded:
            return
        self.set_state("unsaved changes   ctrl+s save · escape leave")
        if self._pause_timer is not None:
            self._pause_timer.stop()
        if self.draft_delay <= 0:
            self.post_message(self.Paused(self))
        else:
            self._pause_timer = self.set_timer(
                self.draft_delay, lambda: self.post_message(self.Paused(self))
            )
