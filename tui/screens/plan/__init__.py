"""The plan screen: the screen and its parts (editing, drafts, browsing, export), its
messages, and `PlanView`, the plain state tests assert on."""

from plandesk.tui.screens.plan.screen import PlanScreen
from plandesk.tui.screens.plan.state import Loaded, PlanView

__all__ = ["Loaded", "PlanScreen", "PlanView"]
