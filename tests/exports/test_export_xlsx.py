"""The Excel tracker (`render_xlsx`) opened with openpyxl: on the real 2018 and 2020 plans.

Golden files: `tests/golden/*.xlsx.txt` hold every sheet's cells. Regenerate on purpose and
review the diff:

    PLANDESK_UPDATE_GOLDEN=1 python -m pytest tests/exports/test_export_xlsx.py -k golden
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest

from plandesk.core.plan import activity_label
from plandesk.exports.excel_tracker import render_xlsx
from plandesk.exports.scope import status_label
from tests.exports.office_checks import options, real_plans, xlsx_dump
from tests.factories import BODIES, make_snapshot
from tests.paths import GOLDEN

UPDATE_GOLDEN = os.environ.get("PLANDESK_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return real_plans(tmp_path_factory)


def _tracker(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Tracker"]
    rows = list(sheet.iter_rows(values_only=True))
    named = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return workbook, sheet, list(rows[0]), named


@pytest.mark.parametrize("name", ["2018", "2020"])
def test_one_row_per_activity_with_its_facts(real, name):
    snapshot, bodies = real[name]
    workbook, sheet, header, rows = _tracker(render_xlsx(snapshot, bodies, options()))
    activities = [(c, a) for o in snapshot.objectives for c in o.commitments for a in c.activities]
    assert len(rows) == len(activities)
    for row, (commitment, activity) in zip(rows, activities, strict=True):
        assert row["Commitment ref"] == commitment.ref
        assert row["Activity ref"] == activity_label(commitment, activity)
        assert row["Status"] == status_label(activity)
        assert row["Status suggested"] == ("yes" if activity.status_suggested else "no")
        if activity.open_flags:
            assert activity.open_flags[0].rule in row["Flags"]
    assert header[-2] == f"Update {snapshot.period.label}"
    assert "Lead" not in header and "Due" not in header
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows) + 1}"
    assert sheet.column_dimensions["E"].width == 50
    assert sheet["E2"].alignment.wrap_text
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert summary[-1][:2] == ("Total", len(activities))


def test_lead_and_due_are_columns_when_present_due_a_real_date(real):
    snapshot, bodies = real["2020"]
    snapshot = copy.deepcopy(snapshot)
    first = snapshot.activities()[0]
    first.lead = "Head of Commissioning"
    first.due = date(2021, 3, 31)
    _, sheet, header, rows = _tracker(render_xlsx(snapshot, bodies, options()))
    assert header[6:8] == ["Lead", "Due"]
    assert rows[0]["Lead"] == "Head of Commissioning"
    assert rows[0]["Due"] == datetime(2021, 3, 31)
    assert sheet["H2"].is_date
    assert rows[1]["Due"] is None


def test_previous_period_update_column():
    snapshot = make_snapshot(update="Now finished.", previous="Work started.")
    _, _, header, rows = _tracker(render_xlsx(snapshot, BODIES, options()))
    this, before = header[-3], header[-2]
    assert this.startswith("Update ") and before.startswith("Update ") and this != before
    assert any(
        r[this] == "Progress: Now finished." and r[before] == "Earlier: Work started." for r in rows
    )


def test_deterministic_for_the_same_date(real):
    snapshot, bodies = real["2018"]
    first = render_xlsx(snapshot, bodies, options())
    assert render_xlsx(snapshot, bodies, options()) == first
    assert render_xlsx(snapshot, bodies, options(generated_on=date(2024, 6, 1))) != first
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.properties.created == workbook.properties.modified == datetime(2024, 5, 1)
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2024, 5, 1, 0, 0, 0)}


def test_filters_restrict_the_rows(real):
    snapshot, bodies = real["2020"]
    _, _, _, rows = _tracker(render_xlsx(snapshot, bodies, options(objective="2")))
    assert rows and {r["Objective"] for r in rows} == {
        f"2. {next(o.title for o in snapshot.objectives if o.position == 2)}"
    }
    _, _, _, rows = _tracker(render_xlsx(snapshot, bodies, options(only="stalled")))
    flagged = [a for a in snapshot.activities() if a.flags]
    assert 0 < len(rows) == len(flagged)


def test_hostile_text_stays_words_never_a_formula():
    snapshot = make_snapshot()
    activity = snapshot.activities()[0]
    hostile = '=HYPERLINK("http://x","y")\x1b[31m\x00 <b>x</b>\ufffe'
    activity.update = replace(activity.update, text=hostile)
    activity.text = "+cmd|' /C calc'!A0\x07"
    data = render_xlsx(snapshot, BODIES, options())
    workbook, sheet, header, rows = _tracker(data)
    update = header.index(next(h for h in header if h.startswith("Update "))) + 1
    cell = sheet.cell(row=2, column=update)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","y")[31m <b>x</b>'
    assert rows[0]["Activity"] == "+cmd|' /C calc'!A0"
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


GOLDEN_CASES = {
    "panel_report_2018.xlsx.txt": ("2018", {}),
    "quarterly_extract_2020.xlsx.txt": ("2020", {}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(real, name):
    sample, extra = GOLDEN_CASES[name]
    snapshot, bodies = real[sample]
    produced = xlsx_dump(render_xlsx(snapshot, bodies, options(**extra)))
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(produced, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run with PLANDESK_UPDATE_GOLDEN=1 to create it")
    assert produced == path.read_text(encoding="utf-8"), f"{name} differs"
