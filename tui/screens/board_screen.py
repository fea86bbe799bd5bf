"""The board view: one oversight body, its purpose and how often it meets, and everything it
oversees across the objectives, flagged first — what an officer prepares before its meeting.

The screen opens on a picker of the plan's bodies (with how many activities each oversees);
`b` picks another. The body's links and a fresh, reviewed snapshot are read in a thread
worker; enter on an activity dismisses the screen with its id, for the plan screen to put its
cursor there (as the chase view does).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from plandesk.core.boards import BoardItem, BodyLinks, board_items
from plandesk.core.plan import BodyView, PeriodInfo, PlanInfo, activity_label
from plandesk.core.text import printable, shorten
from plandesk.store.errors import StoreError
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.marks import Mark, mark_of, status_note
from plandesk.tui.widgets.title_bar import TitleBar

__all__ = ["BoardList", "BoardScreen", "board_heading", "body_choices", "item_prompt"]

TEXT_WIDTH = 110
INDENT = 4


def body_choices(bodies: Sequence[BodyView]) -> list[tuple[int, str]]:
    """The picker's lines: `Victims Board (8)`, the plan's order."""
    return [(b.id, f"{b.name} ({b.activity_count})") for b in bodies]


def board_heading(links: BodyLinks, items: Sequence[BoardItem]) -> Text:
    """The body's name, purpose, meetings and other names; how many items are flagged."""
    body = links.body
    text = Text(printable(body.name), style="bold")
    marks = [
        m
        for m, on_ in (
            ("notes published", body.notes_published),
            ("public meeting", body.public_meeting),
        )
        if on_
    ]
    if marks:
        text.append(f"  ({', '.join(marks)})", style="dim")
    text.append("\n")
    text.append(printable(body.purpose) if body.purpose else "Purpose not stated", style="italic")
    text.append("\nMeets: ")
    text.append(printable(body.frequency) if body.frequency else "not stated")
    if links.aliases:
        text.append("   Also written: ")
        text.append(printable(", ".join(links.aliases)))
    flagged = sum(1 for item in items if item.flagged)
    text.append("\n")
    text.append(
        f"{len(items)} {'activity' if len(items) == 1 else 'activities'} overseen · "
        f"{flagged} flagged",
        style="bold",
    )
    return text


def item_prompt(item: BoardItem, how: str | None = None) -> Group:
    """One item: mark, ref, status, objective; its text; its open flags' reasons. Every word
    came from a document or an officer: Rich Text, never markup."""
    activity = item.activity
    mark = Mark.FLAGGED if item.flagged else mark_of(activity)
    head = Text("  ")
    head.append(f"{mark.symbol} ", style=mark.style)
    head.append(printable(shorten(activity_label(item.commitment, activity), 30)), style="bold")
    status = status_note(activity)
    if status:
        head.append(f"  {printable(status)}")
    head.append(f"  ·  {item.objective.position}. ", style="dim")
    head.append(printable(shorten(item.objective.title, 50)), style="dim")
    if how is not None and how != "exact":
        head.append(f"  (linked: {how})", style="dim")
    lines = [head, Padding(Text(printable(shorten(activity.text, TEXT_WIDTH))), (0, 0, 0, INDENT))]
    if item.flagged:
        why = "; ".join(f.detail for f in activity.open_flags) or "flagged"
        lines.append(
            Padding(Text(printable(shorten(why, TEXT_WIDTH)), style="red"), (0, 0, 0, INDENT))
        )
    return Group(*lines)


class BoardList(OptionList):
    """What the board oversees; enter goes to the activity, j / k move as in the tree."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to it"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class BoardScreen(Screen[int | None]):
    """Dismisses with the activity id chosen with enter, or None on escape."""

    DEFAULT_CSS = """
    BoardScreen #board-heading {
        padding: 1 2;
        height: auto;
    }
    BoardScreen BoardList, BoardScreen BoardList:focus {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave"),
        Binding("o", "leave", "Leave", show=False),
        Binding("b", "pick", "Another board"),
    ]

    class BodiesRead(Message):
        """The plan's bodies arrived."""

        def __init__(self, bodies: list[BodyView]) -> None:
            super().__init__()
            self.bodies = bodies

    class BoardRead(Message):
        """One body's links and the items it oversees arrived."""

        def __init__(self, links: BodyLinks, items: list[BoardItem]) -> None:
            super().__init__()
            self.links = links
            self.items = items

    class Failed(Message):
        """A store call failed; the text says why."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, plan: PlanInfo, period: PeriodInfo, body_id: int | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.period = period
        self.body_id = body_id
        self.bodies: list[BodyView] | None = None  # None: still reading
        self.items: list[BoardItem] | None = None  # None: no board shown yet

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(Text("Reading the plan's boards…"), id="board-heading")
        yield BoardList(id="board-list")
        yield Footer()

    @property
    def options(self) -> BoardList:
        """The list of what the board oversees."""
        return self.query_one(BoardList)

    def on_mount(self) -> None:
        self.query_one(TitleBar).show(f"Boards · {self.period.label}", "reading…")
        self.options.display = False
        self.read_bodies()

    @work(thread=True, exclusive=True, group="board")
    def read_bodies(self) -> None:
        """The plan's bodies, for the picker."""
        try:
            bodies = self.app.store.oversight(self.plan.id)
        except StoreError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.BodiesRead(bodies))

    @work(thread=True, exclusive=True, group="board")
    def read_board(self, body_id: int) -> None:
        """The body's links and a fresh, reviewed snapshot of the period shown."""
        store = self.app.store
        try:
            links = next(b for b in store.oversight_links(self.plan.id) if b.body.id == body_id)
            snapshot = store.snapshot(self.plan.id, self.period.id)
        except (StoreError, StopIteration) as exc:
            self.post_message(self.Failed(str(exc) or "that body is no longer in the plan"))
            return
        self.post_message(self.BoardRead(links, board_items(snapshot, links.body)))

    @on(BodiesRead)
    def _bodies_read(self, message: BodiesRead) -> None:
        self.bodies = message.bodies
        if not message.bodies:
            self.query_one(TitleBar).show(f"Boards · {self.period.label}", "none")
            self.query_one("#board-heading", Static).update(
                Text(
                    "This plan lists no oversight bodies, and none of its oversight cells "
                    "names one (plandesk activity edit REF --oversight names one)."
                )
            )
            return
        if self.body_id is not None:
            self.read_board(self.body_id)
        else:
            self.action_pick()

    def action_pick(self) -> None:
        """Choose the board to prepare for."""
        if not self.bodies:
            return

        def chosen(body_id: int | None) -> None:
            if body_id is not None:
                self.body_id = body_id
                self.read_board(body_id)
            elif self.body_id is None:
                self.dismiss(None)  # no board chosen: back to the plan

        self.app.push_screen(
            PickerDialog(
                "Which board? (activities it oversees)", body_choices(self.bodies), self.body_id
            ),
            chosen,
        )

    @on(BoardRead)
    def _board_read(self, message: BoardRead) -> None:
        links, items = message.links, message.items
        self.items = items
        flagged = sum(1 for item in items if item.flagged)
        self.query_one(TitleBar).show(
            f"Board · {links.body.name} · {self.period.label}",
            f"{len(items)} overseen · {flagged} flagged",
        )
        self.query_one("#board-heading", Static).update(board_heading(links, items))
        hows = {link.activity_id: link.how for link in links.links}
        options = self.options
        options.set_options(
            [Option(item_prompt(i, hows.get(i.activity.id)), id=str(i.activity.id)) for i in items]
        )
        options.display = bool(items)
        if items:
            options.focus()
            options.action_first()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one(TitleBar).show(f"Boards · {self.period.label}", "could not read")
        self.query_one("#board-heading", Static).update(Text(printable(message.text)))
        self.notify(message.text, severity="error")

    @on(OptionList.OptionSelected, "#board-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_leave(self) -> None:
        """Back to the plan, where it was."""
        self.dismiss(None)
