"""The Word appendix (`render_docx`) opened with python-docx: on the real 2018 and 2020 plans.

Golden files: `tests/golden/*.docx.txt` hold the text of the documents (paragraphs and table
rows in body order, `^` for a cell merged into the one above). Regenerate on purpose and review:

    PLANDESK_UPDATE_GOLDEN=1 python -m pytest tests/exports/test_export_docx.py -k golden
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
from datetime import date

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from plandesk.core.plan import activity_label
from plandesk.exports import ExportError
from plandesk.exports.office import KIND_HEADINGS, status_word
from plandesk.exports.word_paper import render_docx
from tests.exports.office_checks import docx_dump, options, real_plans
from tests.factories import BODIES, make_snapshot
from tests.paths import GOLDEN

UPDATE_GOLDEN = os.environ.get("PLANDESK_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return real_plans(tmp_path_factory)


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _activity_tables(document):
    return [t for t in document.tables if t.rows[0].cells[0].text == "Ref"]


@pytest.mark.parametrize("name", ["2018", "2020"])
def test_every_commitment_and_status_is_there(real, name):
    snapshot, bodies = real[name]
    data = render_docx(snapshot, bodies, options())
    document = _open(data)
    text = docx_dump(data)
    assert document.paragraphs[0].text.startswith(f"{snapshot.plan.title}: delivery plan progress")
    rows = [row for table in _activity_tables(document) for row in table.rows[1:]]
    assert len(rows) == len(snapshot.activities())
    refs = [row.cells[0].text for row in rows]
    for objective in snapshot.objectives:
        for commitment in objective.commitments:
            assert commitment.ref in text
            for activity in commitment.activities:
                assert activity_label(commitment, activity) in refs
    statuses = [row.cells[4].paragraphs[0].text for row in rows]
    assert statuses == [status_word(a) for a in snapshot.activities()]
    assert any("(suggested)" in s for s in statuses)
    # the total row of the summary counts every activity
    summary = document.tables[0]
    assert summary.rows[-1].cells[0].text == "Total"
    assert summary.rows[-1].cells[1].text == str(len(snapshot.activities()))


def test_commitment_cells_are_merged_down_over_their_activities(real):
    snapshot, bodies = real["2018"]
    document = _open(render_docx(snapshot, bodies, options()))
    merged = 0
    for table in _activity_tables(document):
        column = [row.cells[1] for row in table.rows[1:]]
        for index, cell in enumerate(column):
            tc = cell._tc
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if index and cell is not None and column[index - 1]._tc is tc:
                merged += 1
            if merge is not None and merge.get(qn("w:val")) == "restart":
                assert cell.text.strip()
    # A.1 has three activities: one commitment cell spans all three rows
    by_commitment = {c.ref: len(c.activities) for o in snapshot.objectives for c in o.commitments}
    assert merged == sum(n - 1 for n in by_commitment.values())
    body = document.element.body
    assert body.findall(f".//{qn('w:vMerge')}")


def test_page_layout_header_rows_footer_and_sections(real):
    snapshot, bodies = real["2018"]
    data = render_docx(snapshot, bodies, options())
    document = _open(data)
    section = document.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210  # A4
    for table in document.tables:
        trPr = table.rows[0]._tr.trPr
        assert trPr is not None and trPr.find(qn("w:tblHeader")) is not None
        # table properties in the schema's order: Word refuses a file that breaks it
        tags = [child.tag for child in table._tbl.tblPr]
        assert tags.index(qn("w:tblBorders")) < tags.index(qn("w:tblLook"))
    fields = [f.get(qn("w:instr")) for f in section.footer._element.iter(qn("w:fldSimple"))]
    assert "PAGE" in fields
    text = docx_dump(data)
    for heading in KIND_HEADINGS.values():  # the 2018 plan has both parts
        assert f"P: {heading}" in text
    # the oversight glossary closes the 2018 appendix
    assert "P: Oversight bodies" in text
    for body in bodies:
        assert body.name.split()[0] in text
    # status cells are shaded, and say their status in words
    assert body_fills(document)


def body_fills(document) -> set[str]:
    return {s.get(qn("w:fill")) for s in document.element.body.iter(qn("w:shd"))}


def test_2020_has_one_part_and_no_glossary_nor_lead_or_due(real):
    snapshot, bodies = real["2020"]
    text = docx_dump(render_docx(snapshot, bodies, options()))
    assert not bodies
    assert "Oversight bodies" not in text
    for heading in KIND_HEADINGS.values():
        assert f"P: {heading}" not in text
    headers = {line for line in text.splitlines() if line.startswith("| Ref |")}
    assert headers == {
        "| Ref | Plan commitment | Supporting activity | Progress update | Status | Oversight"
    }


def test_lead_and_due_columns_when_the_plan_has_them(real):
    snapshot, bodies = real["2020"]
    snapshot = copy.deepcopy(snapshot)
    first = snapshot.activities()[0]
    first.lead = "Head of Commissioning"
    first.due = date(2021, 3, 31)
    document = _open(render_docx(snapshot, bodies, options()))
    header = [c.text for c in _activity_tables(document)[0].rows[0].cells]
    assert header[-2:] == ["Lead", "Due"]
    row = _activity_tables(document)[0].rows[1]
    assert row.cells[-2].text == "Head of Commissioning"
    assert row.cells[-1].text == "31 Mar 2021"


def test_deterministic_for_the_same_date(real):
    snapshot, bodies = real["2018"]
    first = render_docx(snapshot, bodies, options())
    assert render_docx(snapshot, bodies, options()) == first
    other = render_docx(snapshot, bodies, options(generated_on=date(2024, 6, 1)))
    assert other != first
    props = _open(first).core_properties
    assert props.created.date() == props.modified.date() == date(2024, 5, 1)
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2024, 5, 1, 0, 0, 0)}


def test_filters_restrict_the_tables(real):
    snapshot, bodies = real["2020"]
    one = _open(render_docx(snapshot, bodies, options(objective="2")))
    rows = [r for t in _activity_tables(one) for r in t.rows[1:]]
    objective = next(o for o in snapshot.objectives if o.position == 2)
    assert len(rows) == sum(len(c.activities) for c in objective.commitments)
    stalled = _open(render_docx(snapshot, bodies, options(only="stalled")))
    rows = [r for t in _activity_tables(stalled) for r in t.rows[1:]]
    flagged = [a for a in snapshot.activities() if a.flags]
    assert 0 < len(rows) == len(flagged) < len(snapshot.activities())
    with pytest.raises(ExportError):
        render_docx(snapshot, bodies, options(objective="nothing like it"))


def test_oversight_pack_of_one_body(real):
    snapshot, bodies = real["2018"]
    body = max(bodies, key=lambda b: (b.activity_count, b.name))
    document = _open(render_docx(snapshot, bodies, options(oversight=body.name)))
    rows = [r for t in _activity_tables(document) for r in t.rows[1:]]
    assert len(rows) == sum(1 for a in snapshot.activities() if body.name in a.bodies)


def test_hostile_text_is_plain_text():
    snapshot = make_snapshot(update="=cmd|' /C calc'!A0 <b>bold</b> **star**\x1b[2J\x07\ufffe end")
    activity = snapshot.activities()[0]
    activity.text = "<w:p>injected</w:p> \u202eevil\x00 & more"
    data = render_docx(snapshot, BODIES, options())
    text = docx_dump(data)
    assert "<b>bold</b> **star**[2J end" in text
    assert "<w:p>injected</w:p> evil & more" in text
    assert "\x1b" not in text and "\u202e" not in text and "\ufffe" not in text
    assert b"<w:p>injected" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def _template(tmp_path):
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Office of the Police and Crime Commissioner"
    template.styles.add_style("Office Note", 1)
    template.add_paragraph("Covering note to the Panel", style="Office Note")
    path = tmp_path / "office.docx"
    template.save(path)
    return path


def test_template_keeps_its_content_header_and_styles(real, tmp_path):
    snapshot, bodies = real["2020"]
    path = _template(tmp_path)
    data = render_docx(snapshot, bodies, options(), template=path)
    document = _open(data)
    assert document.paragraphs[0].text == "Covering note to the Panel"
    assert document.paragraphs[0].style.name == "Office Note"
    assert "Office Note" in [s.name for s in document.styles]
    last = document.sections[-1]
    assert last.orientation == WD_ORIENT.LANDSCAPE
    assert last.header.is_linked_to_previous
    assert last.header.paragraphs[0].text == "Office of the Police and Crime Commissioner"
    assert len(_activity_tables(document)) == len(snapshot.objectives)
    assert render_docx(snapshot, bodies, options(), template=path.read_bytes()) == data


GOLDEN_CASES = {
    "panel_report_2018.docx.txt": ("2018", {}),
    "quarterly_extract_2020.docx.txt": ("2020", {}),
    "quarterly_extract_2020_stalled.docx.txt": ("2020", {"only": "stalled"}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(real, name):
    sample, extra = GOLDEN_CASES[name]
    snapshot, bodies = real[sample]
    produced = docx_dump(render_docx(snapshot, bodies, options(**extra)))
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(produced, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run with PLANDESK_UPDATE_GOLDEN=1 to create it")
    assert produced == path.read_text(encoding="utf-8"), f"{name} differs"


def test_a_template_footer_with_page_numbers_keeps_its_own(real, tmp_path):
    snapshot, bodies = real["2020"]
    first = _open(render_docx(snapshot, bodies, options()))
    path = tmp_path / "numbered.docx"
    first.save(path)  # a footer with "Page" and a PAGE field already
    document = _open(render_docx(snapshot, bodies, options(), template=path))
    last = document.sections[-1]
    assert last.footer.is_linked_to_previous
    fields = list(last.footer._element.iter(qn("w:fldSimple")))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
