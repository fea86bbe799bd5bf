"""The Textual review app. Only the `tui`/`demo` commands import this package."""

from plandesk.tui.app import PlanDeskApp, make_app

__all__ = ["PlanDeskApp", "make_app"]
