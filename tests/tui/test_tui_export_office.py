"""The app's `x` writes the format the file name's suffix asks for: a Word appendix for .docx,
an Excel tracker for .xlsx, HTML for .html, Markdown otherwise; the prompt says so."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from textual.widgets import Label

from plandesk.tui.dialogs.prompt import PromptDialog
from tests.tui.helpers import SIZE, make_test_app, plan_screen, settle, wait_for_screen, wait_until


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


async def export_to(pilot, name: str) -> None:
    await pilot.press("x")
    dialog = await wait_for_screen(pilot, PromptDialog)
    shown = " ".join(str(label.render()) for label in dialog.query(Label))
    assert ".docx" in shown and ".xlsx" in shown
    await pilot.press("home", "ctrl+k", *name, "enter")


async def test_the_suffix_chooses_the_format(plan_store, tmp_path):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        for name in ("paper.docx", "tracker.xlsx", "page.html"):
            await export_to(pilot, name)
            await wait_until(pilot, (tmp_path / name).exists, name)
            await settle(pilot)
    paper = docx.Document(io.BytesIO((tmp_path / "paper.docx").read_bytes()))
    assert paper.paragraphs[0].text.startswith("Safer West Mercia Plan 2020")
    assert any(t.rows[0].cells[0].text == "Ref" for t in paper.tables)
    tracker = openpyxl.load_workbook(tmp_path / "tracker.xlsx")
    assert tracker["Tracker"].max_row == 63  # the header and the 62 activities
    assert (tmp_path / "page.html").read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == []


async def test_the_flagged_view_exports_only_flagged_rows(plan_store, tmp_path):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("s")
        await settle(pilot)
        await export_to(pilot, "flagged.xlsx")
        await wait_until(pilot, (tmp_path / "flagged.xlsx").exists, "the tracker")
        await settle(pilot)
    tracker = openpyxl.load_workbook(tmp_path / "flagged.xlsx")["Tracker"]
    # 12 flagged: A5.2 by the risk rule; D4 and D7 only point at items that are not flagged
    # (reported under).
    assert tracker.max_row == 1 + 12
