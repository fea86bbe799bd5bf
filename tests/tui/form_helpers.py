"""Driving the plan-item forms (`n`, `N`, `F2`, `R`) in Pilot tests, and finding items in a
snapshot by ref."""

from __future__ import annotations

from textual.widgets import Static

from plandesk.core.plan import ActivityView, CommitmentView
from plandesk.tui.dialogs.item_form import ItemForm
from tests.tui.helpers import settle, static_text, wait_for_screen

__all__ = [
    "by_ref",
    "commitment_of",
    "field",
    "form_error",
    "open_form",
    "save_form",
    "type_text",
]


def by_ref(snapshot, ref: str) -> ActivityView:
    return next(a for a in snapshot.activities() if a.ref == ref)


def commitment_of(snapshot, ref: str) -> CommitmentView:
    return next(c for o in snapshot.objectives for c in o.commitments if c.ref == ref)


async def type_text(pilot, text: str) -> None:
    """Type letters, digits and spaces as an officer would."""
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def open_form(pilot, key: str) -> ItemForm:
    await pilot.press(key)
    form = await wait_for_screen(pilot, ItemForm)
    assert isinstance(form, ItemForm)
    return form


def field(form: ItemForm, name: str):
    return form.query_one(f"#field-{name}")


def form_error(form: ItemForm) -> str:
    error = form.query_one("#form-error", Static)
    return static_text(error) if error.display else ""


async def save_form(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
