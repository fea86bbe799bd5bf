"""Review mode: step through the open flags one at a time before a Panel meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView, PeriodInfo
from plandesk.core.text import printable
from plandesk.store.errors import StoreError
from plandesk.tui.dialogs.prompt import PromptDialog
from plandesk.tui.marks import status_note
from plandesk.tui.plain import plain, plain_highlighted
from plandesk.tui.widgets.title_bar import TitleBar

__all__ = ["ReviewItem", "ReviewScreen"]

HIGHLIGHT = "bold black on yellow"


@dataclass
class ReviewItem:
    """One flagged activity with where it sits in the plan."""

    objective: ObjectiveView
    commitment: CommitmentView
    activity: ActivityView

    @property
    def name(self) -> str:
        """The activity's ref, or its commitment's when it has none."""
        return self.activity.ref or self.commitment.ref


def highlighted_update(activity: ActivityView) -> Text:
    """The update text (plain, controls shown) with the words that triggered each flag
    highlighted."""
    if activity.update is None:
        return Text("— no update this period", style="italic")
    spans = [span for flag in activity.flags for span in flag.spans]
    return plain_highlighted(activity.update.text, spans, HIGHLIGHT)


class ReviewScreen(Screen[int | None]):
    """Dismisses with an activity id to edit it, or None when the officer leaves."""

    DEFAULT_CSS = """
    ReviewScreen VerticalScroll {
        padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "step(1)", "Next"),
        Binding("b", "step(-1)", "Back"),
        Binding("a", "acknowledge", "Acknowledge, next"),
        Binding("e", "edit", "Edit"),
        Binding("escape", "leave", "Leave"),
    ]

    class Acknowledged(Message):
        """An acknowledgement was stored; the activity comes back re-read."""

        def __init__(self, activity: ActivityView) -> None:
            super().__init__()
            self.activity = activity

    class Failed(Message):
        """A store call failed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        plan_id: int,
        period: PeriodInfo,
        items: list[ReviewItem],
        *,
        index: int = 0,
        reviewed: set[int] | None = None,
    ) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.period_id = period.id
        self.period_label = period.label
        self.items = items
        # Where to start (coming back after an edit) and which items were seen already.
        self.index = min(max(index, 0), len(items) - 1)
        self.reviewed: set[int] = set(reviewed or ())

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        with VerticalScroll():
            yield Static(id="review-body")
        yield Footer()

    def on_mount(self) -> None:
        self.show_item()

    @property
    def current(self) -> ReviewItem:
        """The item on screen."""
        return self.items[self.index]

    def show_item(self) -> None:
        """Render the current item and the progress line."""
        item = self.current
        self.reviewed.add(item.activity.id)
        acknowledged = sum(1 for i in self.items if i.activity.acknowledged is not None)
        self.query_one(TitleBar).show(
            f"Review · {self.period_label} · {item.name}",
            f"{self.index + 1} of {len(self.items)} · {len(self.reviewed)} of "
            f"{len(self.items)} reviewed · {acknowledged} acknowledged",
        )
        self.query_one("#review-body", Static).update(self._render_item(item))
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def _render_item(self, item: ReviewItem) -> Group:
        activity = item.activity
        # Every name and text as typed: never markup, controls shown.
        parts: list[RenderableType] = [
            plain(item.objective.title, style="italic"),
            plain(f"{item.commitment.ref} {' '.join(item.commitment.title.split())}"),
            Text(""),
            plain(f"Activity {item.name}", style="bold underline"),
            plain(activity.text or "(the commitment itself)"),
            Text(""),
            Text("Why it is flagged", style="bold underline"),
        ]
        for flag in activity.flags:
            line = Text("⚑ ", style="red")
            line.append(flag.rule, style="bold")
            line.append(printable(f": {flag.detail}"))
            parts.append(line)
        status = status_note(activity) or "—"
        parts += [plain(f"Status: {status}"), Text("")]
        if activity.acknowledged is not None:
            ack = activity.acknowledged
            parts += [
                plain(
                    f"Acknowledged by {ack.author}, {ack.at:%d %b %Y %H:%M}: {ack.note}",
                    style="green",
                ),
                Text(""),
            ]
        parts += [
            plain(f"Update for {self.period_label}", style="bold underline"),
            highlighted_update(activity),
        ]
        if activity.previous is not None:
            parts += [
                Text(""),
                Text("Previous update", style="bold underline"),
                plain(activity.previous.text),
            ]
        return Group(*parts)

    def action_step(self, step: int) -> None:
        """Next (1) or back (-1); stops at the ends."""
        target = self.index + step
        if not 0 <= target < len(self.items):
            self.notify("That was the last flag." if step > 0 else "This is the first flag.")
            return
        self.index = target
        self.show_item()

    def action_acknowledge(self) -> None:
        """Ask for a note and store the acknowledgement; then on to the next item."""
        item = self.current

        def noted(note: str | None) -> None:
            if note:
                self.acknowledge(item.activity.id, note)

        self.app.push_screen(
            PromptDialog(
                f"Acknowledge the flags on {item.name}: what was done?",
                "",
                "e.g. chased at HTA 12 June · enter save · escape cancel",
            ),
            noted,
        )

    @work(thread=True, exclusive=True, group="acknowledge")
    def acknowledge(self, activity_id: int, note: str) -> None:
        """Write the acknowledgement and re-read the activity."""
        try:
            self.app.store.acknowledge(activity_id, self.period_id, note, author=self.app.author)
            view = self.app.store.activity_view(self.plan_id, self.period_id, activity_id)
        except StoreError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Acknowledged(view))

    @on(Acknowledged)
    def _acknowledged(self, message: Acknowledged) -> None:
        name = self.current.name
        for item in self.items:
            if item.activity.id == message.activity.id:
                item.activity.refresh_from(message.activity)
        if self.current.activity.id == message.activity.id and self.index + 1 < len(self.items):
            self.index += 1
            self.notify(f"Acknowledged {name}; on to the next flag.")
        else:
            self.notify(f"Acknowledged {name}.")
        self.show_item()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error")

    def action_edit(self) -> None:
        """Edit this activity's update on the plan screen (review comes back after it)."""
        self.dismiss(self.current.activity.id)

    def action_leave(self) -> None:
        """Back to the plan."""
        self.dismiss(None)
