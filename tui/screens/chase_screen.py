"""The chase view: per lead, the activities that still owe an update for the period shown.

The groups are `plandesk.core.chase.chase()` over a fresh, reviewed snapshot and each
activity's last update (read in a thread worker, like every store call of the app). Enter on
an activity dismisses the screen with its id, for the plan screen to put its cursor there.
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

from plandesk.core.chase import ChaseGroup, ChaseItem, chase
from plandesk.core.plan import PeriodInfo, PlanInfo
from plandesk.core.text import printable, shorten
from plandesk.store.errors import StoreError
from plandesk.tui.marks import Mark
from plandesk.tui.widgets.title_bar import TitleBar

__all__ = ["NO_LEAD", "ChaseList", "ChaseScreen", "chase_options", "item_prompt"]

NO_LEAD = "No lead"
# How much of an activity's text and of its last update to show: an item fits in six lines at
# 80 columns; the whole text is one enter away, in the details.
TEXT_WIDTH = 110
UPDATE_WIDTH = 150
INDENT = 4


def _why(item: ChaseItem) -> Text:
    if item.missing:
        return Text(f"{Mark.NO_UPDATE.symbol} no update yet", style=Mark.NO_UPDATE.style)
    rules = ", ".join(item.flags) or "flag"
    return Text(f"{Mark.FLAGGED.symbol} flagged: {printable(rules)}", style=Mark.FLAGGED.style)


def item_prompt(item: ChaseItem) -> Group:
    """An activity owed: ref, why, due date; its text; the last update given, shortened. The
    text and the update wrap under themselves, indented.

    Every word here came from a document or an officer: Rich Text, never markup, controls
    shown."""
    head = Text("  ")
    head.append(printable(shorten(item.ref, 24)), style="bold")
    head.append("  ")
    head.append_text(_why(item))
    head.append("  ·  ")
    head.append(f"due {item.due:%d %b %Y}" if item.due else "no due date", style="dim")
    if item.last_update is not None:
        said = Text(f"last update ({printable(item.last_update.period)}): ", style="dim")
        said.append(printable(shorten(item.last_update.text, UPDATE_WIDTH)), style="italic")
    else:
        said = Text("no earlier update", style="dim")
    return Group(
        head,
        Padding(Text(printable(shorten(item.text, TEXT_WIDTH))), (0, 0, 0, INDENT)),
        Padding(said, (0, 0, 0, INDENT)),
    )


def heading_prompt(group: ChaseGroup, first: bool = False) -> Text:
    """`Jane Smith (3)`: the lead (or "No lead") and how many activities they owe; a blank line
    above it, but for the first."""
    name = " ".join(group.lead.split()) if group.lead else NO_LEAD
    heading = Text("" if first else "\n")
    heading.append(printable(name), style="bold underline" if group.lead else "bold italic")
    heading.append(f" ({len(group.items)})", style="bold")
    return heading


def chase_options(groups: Sequence[ChaseGroup]) -> list[Option]:
    """The list's lines: a heading per lead (not selectable), then an option per activity whose
    id is the activity's id."""
    options: list[Option] = []
    for index, group in enumerate(groups):
        options.append(Option(heading_prompt(group, first=index == 0), disabled=True))
        options.extend(Option(item_prompt(item), id=str(item.activity_id)) for item in group.items)
    return options


def summary(groups: Sequence[ChaseGroup]) -> str:
    """`5 activities owe an update · 2 leads`."""
    owed = sum(len(g.items) for g in groups)
    activities = "1 activity owes" if owed == 1 else f"{owed} activities owe"
    leads = sum(1 for g in groups if g.lead is not None)
    led = "1 lead" if leads == 1 else f"{leads} leads"
    return f"{activities} an update · {led}"


class ChaseList(OptionList):
    """The leads and their activities; enter goes to the activity (and says so in the
    footer), j / k move as in the tree."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to it"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class ChaseScreen(Screen[int | None]):
    """Dismisses with the activity id chosen with enter, or None on escape."""

    DEFAULT_CSS = """
    ChaseScreen #chase-note {
        padding: 1 2;
        height: auto;
    }
    ChaseScreen ChaseList, ChaseScreen ChaseList:focus {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    ChaseScreen ChaseList > .option-list--option-disabled {
        color: $foreground;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave"),
        Binding("c", "leave", "Leave", show=False),
    ]

    class Chased(Message):
        """The groups arrived."""

        def __init__(self, groups: list[ChaseGroup]) -> None:
            super().__init__()
            self.groups = groups

    class Failed(Message):
        """A store call failed; the text says why."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, plan: PlanInfo, period: PeriodInfo) -> None:
        super().__init__()
        self.plan = plan
        self.period = period
        self.groups: list[ChaseGroup] | None = None  # None: still reading

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(Text("Reading who owes an update…"), id="chase-note")
        yield ChaseList(id="chase-list")
        yield Footer()

    @property
    def options(self) -> ChaseList:
        """The list of leads and activities."""
        return self.query_one(ChaseList)

    def on_mount(self) -> None:
        self.query_one(TitleBar).show(f"Chase · {self.period.label}", "reading…")
        self.options.display = False
        self.read()

    @work(thread=True, exclusive=True, group="chase")
    def read(self) -> None:
        """Who owes what: a fresh snapshot with the stall rules, and the last updates."""
        store = self.app.store
        try:
            snapshot = store.snapshot(self.plan.id, self.period.id)
            last = store.last_updates(self.plan.id, self.period.id)
        except StoreError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Chased(chase(snapshot, last)))

    @on(Chased)
    def _chased(self, message: Chased) -> None:
        self.groups = message.groups
        note = self.query_one("#chase-note", Static)
        self.query_one(TitleBar).show(f"Chase · {self.period.label}", summary(message.groups))
        if not message.groups:
            note.update(Text("Nothing to chase: every activity has its update for this period."))
            return
        note.display = False
        options = self.options
        options.set_options(chase_options(message.groups))
        options.display = True
        options.focus()
        options.action_first()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one(TitleBar).show(f"Chase · {self.period.label}", "could not read")
        self.query_one("#chase-note", Static).update(Text(printable(message.text)))
        self.notify(message.text, severity="error")

    @on(OptionList.OptionSelected, "#chase-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_leave(self) -> None:
        """Back to the plan, where it was."""
        self.dismiss(None)
