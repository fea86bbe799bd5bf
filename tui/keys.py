"""The plan screen's keys, each written once: the screen's bindings, the command palette's
entries and the help screen's rows are all built from `KEYS`.

The README's key list is written from the same help rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

__all__ = [
    "KEYS",
    "Action",
    "HelpRow",
    "bindings",
    "help_rows",
    "palette_commands",
]


@dataclass(frozen=True)
class HelpRow:
    """A help row for keys bound elsewhere (the tree's own keys, Textual's palette, the app)."""

    keys: str
    meaning: str


@dataclass(frozen=True)
class Action:
    """One plan-screen action: its key, footer label, palette entry and help row.

    `shown` is the key as people read it (`/` for `slash`); `help_keys` overrides it in the
    help table when one row covers several keys, and `meaning=None` means another row does.
    `palette=None` keeps the action out of the command palette.
    """

    key: str
    action: str
    description: str
    meaning: str | None
    palette: str | None = None
    palette_help: str = ""
    in_footer: bool = True
    shown: str = ""
    help_keys: str = ""
    tooltip: str | None = None
    priority: bool = False

    @property
    def display_key(self) -> str:
        """The key as the help and the palette write it."""
        return self.shown or self.key

    def binding(self) -> Binding:
        """The Textual binding of this action."""
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.in_footer,
            priority=self.priority,
            tooltip=self.tooltip or "",
        )

    def help_row(self) -> HelpRow | None:
        """The help screen's row, or None when another row covers this key."""
        if self.meaning is None:
            return None
        return HelpRow(self.help_keys or self.display_key, self.meaning)


KEYS: tuple[Action | HelpRow, ...] = (
    HelpRow("↑ ↓  j k", "move in the tree"),
    HelpRow("g  G", "top / bottom of the tree"),
    HelpRow("← →  enter", "collapse / expand (enter on an activity edits it)"),
    Action(
        "e",
        "edit",
        "Edit",
        "edit the selected activity's update for this period",
        "Edit update",
        "Edit the selected activity's update",
        tooltip="Edit the selected activity's update",
    ),
    Action(
        "E",
        "edit_external",
        "$EDITOR",
        "edit it in $EDITOR instead",
        "Edit in $EDITOR",
        "Edit the selected update in your external editor",
        in_footer=False,
    ),
    Action(
        "ctrl+s",
        "save",
        "Save",
        "save the update",
        "Save update",
        "Save the update being edited",
        priority=True,
    ),
    Action(
        "ctrl+t",
        "set_status",
        "Status",
        "set the status from a list (also while editing)",
        "Set status",
        "Set the selected activity's status from the list",
        tooltip="Set the status (the rules' suggestion is marked)",
    ),
    Action(
        "ctrl+o",
        "toggle_previous",
        "Previous",
        "editing in a small terminal: the previous update ↔ the editor",
        "Previous update / editor",
        "In a small terminal, show the previous update or the editor",
    ),
    HelpRow("tab  shift+tab", "while editing: between the status list and the text"),
    Action(
        "escape",
        "escape",
        "Leave",
        "leave the editor (asks when there are unsaved changes); clear the search",
        in_footer=False,
    ),
    Action(
        "slash",
        "search",
        "Search",
        "search: filter the tree live by ref or any text",
        "Search",
        "Filter the tree by ref or any text",
        shown="/",
    ),
    Action(
        "s",
        "toggle_flagged",
        "Flagged",
        "show flagged items only; again to show all",
        "Show flagged only",
        "Toggle showing only flagged items",
    ),
    Action(
        "r",
        "review",
        "Review",
        "review mode: step through the open flags (n next · b back · a acknowledge, next · "
        "e edit, back after)",
        "Review flags",
        "Step through the open flags one by one",
    ),
    Action(
        "a",
        "acknowledge",
        "Acknowledge",
        "acknowledge the flags with a note; on an acknowledged one, withdraw it",
        "Acknowledge flags",
        "Acknowledge (or withdraw) the selected activity's flags",
        in_footer=False,
    ),
    Action(
        "right_square_bracket",
        "next_flagged",
        "Next flag",
        "next / previous flagged item",
        "Next flagged item",
        "Move to the next flagged item",
        shown="]",
        help_keys="]  [",
    ),
    Action(
        "left_square_bracket",
        "previous_flagged",
        "Prev flag",
        None,
        "Previous flagged item",
        "Move to the previous flagged item",
        in_footer=False,
        shown="[",
    ),
    Action(
        "l",
        "follow_link",
        "Follow link",
        "follow the selected item's cross-reference (several: pick one)",
        "Follow cross-reference",
        'Go to the item the selected activity refers to ("Refer to 3.1")',
        in_footer=False,
    ),
    Action(
        "backspace",
        "link_back",
        "Back",
        "back to where the last followed link was",
        "Back from a followed link",
        "Return to the item you followed a cross-reference from",
        in_footer=False,
    ),
    Action(
        "p",
        "choose_period",
        "Period",
        "choose the period",
        "Choose period",
        "Switch the reporting period",
    ),
    Action(
        "O",
        "open_period",
        "Open period",
        "open the next reporting period (the quarter after the latest)",
        "Open the next period",
        "Start the quarter after the latest, with no updates yet",
        in_footer=False,
    ),
    Action(
        "C",
        "close_period",
        "Close period",
        "close the period in view (gone to the Panel), or reopen it",
        "Close this period",
        "Lock the period in view (gone to the Panel), or reopen a closed one with a reason",
        in_footer=False,
    ),
    Action(
        "P",
        "choose_plan",
        "Plan",
        "choose the plan",
        "Choose plan",
        "Switch to another plan",
        in_footer=False,
    ),
    Action(
        "x",
        "export",
        "Export",
        "export what is in view to Markdown",
        "Export to Markdown",
        "Write what is in view to a Markdown file",
    ),
    Action(
        "h",
        "history",
        "History",
        "history of the selected activity's update",
        "History",
        "History of the selected activity's update",
        in_footer=False,
    ),
    Action(
        "d",
        "drafts",
        "Drafts",
        "your unsaved drafts in every plan: pick one to open it",
        "Your drafts",
        "Your unsaved drafts in every plan; open one",
        in_footer=False,
    ),
    Action(
        "c",
        "chase",
        "Chase",
        "chase: per lead, who still owes an update; enter goes to it",
        "Chase",
        "Per lead, the activities still owing an update this period",
        in_footer=False,
    ),
    Action(
        "o",
        "boards",
        "Boards",
        "board view: pick an oversight body; what it oversees, flagged first; enter goes to it",
        "Board view",
        "Pick an oversight board: its purpose, meetings and what it oversees, flagged first",
        in_footer=False,
    ),
    # Changing the plan itself (recorded in its history; `h` shows an activity's).
    Action(
        "n",
        "new_activity",
        "New",
        "new activity in the selected commitment",
        "New activity",
        "Add an activity to the selected commitment",
        in_footer=False,
    ),
    Action(
        "N",
        "new_commitment",
        "New commitment",
        "new commitment in the selected objective",
        "New commitment",
        "Add a commitment to the selected objective",
        in_footer=False,
    ),
    Action(
        "f2,i",
        "edit_item",
        "Edit item",
        "edit the item itself: text, ref, lead, due date, oversight; a title",
        "Edit the plan item",
        "Edit the selected activity, commitment or objective itself",
        in_footer=False,
        shown="F2",
        help_keys="F2  i",
    ),
    Action(
        "m",
        "move_item",
        "Move",
        "move the selected activity to another commitment",
        "Move activity",
        "Move the selected activity to another commitment",
        in_footer=False,
    ),
    Action(
        "R",
        "retire_item",
        "Retire",
        "retire an activity or commitment, asking why; or reopen one",
        "Retire activity or commitment",
        "Take the selected item out of the plan (history kept), or reopen one",
        in_footer=False,
    ),
    Action("question_mark", "help", "Help", "this help", "Help", "List every key", shown="?"),
    HelpRow("ctrl+p", "command palette: every action by name"),
    Action("q", "app.request_quit", "Quit", "quit (asks when there are unsaved changes)"),
    HelpRow("ctrl+q", "quit from anywhere, even inside the editor"),
)


def _actions() -> list[Action]:
    return [entry for entry in KEYS if isinstance(entry, Action)]


def bindings() -> list[Binding]:
    """The plan screen's BINDINGS, in the table's order."""
    return [action.binding() for action in _actions()]


def palette_commands() -> list[tuple[str, str, str]]:
    """The command palette's entries: `(title, help, action)`; the help ends with the key."""
    return [
        (action.palette, f"{action.palette_help} ({action.display_key})", action.action)
        for action in _actions()
        if action.palette is not None
    ]


def help_rows() -> list[tuple[str, str]]:
    """The help screen's `(keys, meaning)` rows, in the table's order."""
    rows = []
    for entry in KEYS:
        row = entry if isinstance(entry, HelpRow) else entry.help_row()
        if row is not None:
            rows.append((row.keys, row.meaning))
    return rows
