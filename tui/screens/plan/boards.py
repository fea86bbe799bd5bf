"""The plan screen's board view (`o`): pick an oversight body, see what it oversees, and go
to one of its activities. A part of `PlanScreen` (it uses the screen's view and tree)."""

from __future__ import annotations

from textual.screen import Screen

__all__ = ["BoardsPart"]


class BoardsPart(Screen[None]):
    """Open the board view; put the tree's cursor on the activity chosen there."""

    def action_boards(self) -> None:
        """Pick a board: everything it oversees, flagged first, with its purpose and meetings."""
        from plandesk.tui.screens.board_screen import BoardScreen

        self.open_activity_picker(BoardScreen)  # ChasingPart's
