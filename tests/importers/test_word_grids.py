"""Word plans read into Grids: a heading and a table per objective, a commitment merged down
over its activities, an objective row merged across, multi-paragraph and bulleted cells."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from plandesk.core.records import ImportProblem
from plandesk.importers import word
from plandesk.importers.tables.grid import Cell


def _tracked(paragraph, inserted, deleted):
    """Tracked changes not yet accepted: an insertion Word shows, a deletion it strikes out."""
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "Officer")
    insertion.append(paragraph.add_run(inserted)._r)
    paragraph._p.append(insertion)
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "2")
    deletion.set(qn("w:author"), "Officer")
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = deleted
    run.append(gone)
    deletion.append(run)
    paragraph._p.append(deletion)


def _numbered(cell, text):
    """A paragraph numbered by direct formatting (numPr), in the cell's normal style."""
    paragraph = cell.add_paragraph(text)
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_numId().val = 1
    numbering.get_or_add_ilvl().val = 0


@pytest.fixture
def plan_path(tmp_path):
    document = docx.Document()
    document.add_heading("Police and Crime Plan – Quarter 2 update", level=0)
    document.add_paragraph("Introduction to the\x9b2J plan.")
    document.add_paragraph("")
    document.add_heading("Objective 1: Keep people safe", level=1)

    table = document.add_table(rows=5, cols=4)
    for column, title in enumerate(["No", "Commitment", "Supporting activity", "Update"]):
        table.cell(0, column).text = title
    table.cell(1, 0).merge(table.cell(1, 3)).text = "Priority A: Violence"
    table.cell(2, 1).merge(table.cell(4, 1)).text = "B4 Reduce violence"
    for row, (ref, activity) in enumerate(
        [("B4.1", "Recruit advisers"), ("B4.2", "Train staff"), ("B4.3", "Review")], start=2
    ):
        table.cell(row, 0).text = ref
        table.cell(row, 2).text = activity
    _tracked(table.cell(2, 2).paragraphs[0], " and a manager", " (struck out)")
    update = table.cell(2, 3)
    update.text = "First paragraph"
    update.add_paragraph("")  # spacing an officer typed: not a line
    second = update.add_paragraph("Second paragraph, ")
    second.add_run().add_break()  # Shift+Enter: a new line in the same paragraph
    second.add_run("after a manual break")
    listed = table.cell(3, 3)
    listed.text = "Progress:"
    listed.add_paragraph("Item one", style="List Bullet")
    listed.add_paragraph("Item two", style="List Number")
    numbered = table.cell(4, 3)
    _numbered(numbered, "Numbered item")

    document.add_heading("Objective 2: Support victims", level=1)
    document.add_paragraph("Victims are at the heart of the plan.")
    second_table = document.add_table(rows=2, cols=2)
    second_table.cell(0, 0).text = "No"
    second_table.cell(0, 1).text = "Commitment"
    second_table.cell(1, 0).text = "C1"
    holder = second_table.cell(1, 1)
    holder.text = "See:"
    nested = holder.add_table(rows=2, cols=2)
    for row, pair in enumerate([("Lead", "DCI Smith"), ("Due", "March 2024")]):
        nested.cell(row, 0).text, nested.cell(row, 1).text = pair
    path = tmp_path / "plan.docx"
    document.save(path)
    return path


def _texts(grid):
    return [[cell.text for cell in row] for row in grid.rows]


def test_every_table_in_document_order_with_the_text_before_it(plan_path):
    grids = word.read_grids(plan_path)
    assert [grid.name for grid in grids] == ["table 1", "table 2"]
    assert all(grid.source == str(plan_path) for grid in grids)
    assert grids[0].before == [
        "Police and Crime Plan – Quarter 2 update",
        "Introduction to the2J plan.",
        "Objective 1: Keep people safe",
    ]
    assert grids[1].before == [
        "Objective 2: Support victims",
        "Victims are at the heart of the plan.",
    ]


def test_merged_cells_multi_paragraph_and_list_cells(plan_path):
    table, _ = word.read_grids(plan_path)
    commitment = "B4 Reduce violence"
    assert _texts(table) == [
        ["No", "Commitment", "Supporting activity", "Update"],
        ["Priority A: Violence"] * 4,
        [
            "B4.1",
            commitment,
            "Recruit advisers and a manager",
            "First paragraph\nSecond paragraph,\nafter a manual break",
        ],
        ["B4.2", commitment, "Train staff", "Progress:\n• Item one\n• Item two"],
        ["B4.3", commitment, "Review", "• Numbered item"],
    ]
    assert [cell.merged_from for cell in table.rows[1]] == [None, (2, 1), (2, 1), (2, 1)]
    assert [row[1].merged_from for row in table.rows[2:]] == [None, (3, 2), (3, 2)]
    assert table.rows[3][1] == Cell(commitment, 4, 2, (3, 2))
    assert not any(cell.is_merge_copy for row in table.rows[2:] for cell in row[2:])
    for number, row in enumerate(table.rows, start=1):
        assert [(cell.row, cell.column) for cell in row] == [(number, c) for c in range(1, 5)]
        assert all(cell.value is None for cell in row)


def test_a_nested_table_reads_as_lines_of_its_cell(plan_path):
    _, second = word.read_grids(plan_path)
    assert _texts(second) == [
        ["No", "Commitment"],
        ["C1", "See:\nLead | DCI Smith\nDue | March 2024"],
    ]


def test_tables_and_paragraphs_in_content_controls_are_read(tmp_path):
    # Templates wrap parts of a document in content controls (w:sdt); Word shows their text.
    document = docx.Document()
    heading = document.add_heading("Objective 3: Reform", level=1)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "C1", "Join up services"
    for element in (heading._p, table._tbl):
        control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        element.addprevious(control)
        content.append(element)
        control.append(content)
    document.save(tmp_path / "controls.docx")
    (grid,) = word.read_grids(tmp_path / "controls.docx")
    assert grid.before == ["Objective 3: Reform"]
    assert _texts(grid) == [["C1", "Join up services"]]


def test_a_document_without_tables_has_no_grids(tmp_path):
    document = docx.Document()
    document.add_paragraph("Only prose here.")
    document.save(tmp_path / "prose.docx")
    assert word.read_grids(tmp_path / "prose.docx") == []


def test_a_long_preface_keeps_only_the_nearest_paragraphs(tmp_path):
    document = docx.Document()
    for number in range(1, 31):
        document.add_paragraph(f"Paragraph {number}")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Ref"
    document.save(tmp_path / "long.docx")
    (grid,) = word.read_grids(tmp_path / "long.docx")
    assert grid.before == [f"Paragraph {number}" for number in range(11, 31)]
    assert _texts(grid) == [["Ref"]]


def test_a_damaged_document_part_is_a_clear_problem(tmp_path):
    import zipfile

    source = tmp_path / "good.docx"
    docx.Document().save(source)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for part in old.infolist():
            data = old.read(part.filename)
            if part.filename == "word/document.xml":
                data = data[: len(data) // 2]
            new.writestr(part, data)
    with pytest.raises(ImportProblem) as caught:
        word.read_grids(broken)
    assert caught.value.message.startswith("the document cannot be read (damaged?): ")


def test_a_merge_down_from_nowhere_names_the_table(tmp_path):
    document = docx.Document()
    document.add_table(rows=1, cols=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0)._tc.vMerge = "continue"  # continues a merge from a row that is not there
    document.save(tmp_path / "odd.docx")
    with pytest.raises(ImportProblem) as caught:
        word.read_grids(tmp_path / "odd.docx")
    assert caught.value.message == "table 2 is damaged: no tr above topmost tr in w:tbl"
