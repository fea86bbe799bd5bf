"""The Word versions of the two samples (tests/office_samples.py) read back, cell by cell,
as the plan the text importer reads from the text form: merges, bullets and paragraphs."""

from __future__ import annotations

from plandesk.importers import word
from tests.office_samples import (
    EXTRACT_HEADER,
    PANEL_HEADER,
    PANEL_TITLE,
    SECTIONS,
    panel_report_docx,
    quarterly_extract_docx,
)


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _activity(activity) -> str:
    if activity.stands_for_commitment:
        return ""
    return f"({activity.ref}) {activity.text}" if activity.ref else activity.text


def _check_commitments(grid, commitments, first_row, extra):
    """The rows from `first_row` on hold the commitments' activities, ref and title merged
    down; returns the row after them."""
    row_number = first_row
    for commitment in commitments:
        top = row_number
        for activity in commitment.activities:
            row = grid.rows[row_number - 1]
            wanted = [commitment.ref, _lines(commitment.title), _activity(activity)]
            wanted += extra(activity)
            texts = [cell.text for cell in row]
            assert texts == [_lines(t) for t in wanted][: len(texts)], grid.where(row_number)
            assert all(not t for t in [_lines(t) for t in wanted][len(texts) :])
            merge = None if row_number == top else (top, 1)
            assert (row[0].merged_from, row[1].merged_from) == (
                merge,
                None if merge is None else (top, 2),
            )
            row_number += 1
    return row_number


def test_the_2020_extract_in_word_form(tmp_path):
    plan = quarterly_extract_docx(tmp_path / "extract.docx")
    grids = word.read_grids(tmp_path / "extract.docx")
    assert len(grids) == len(plan.objectives) == 4
    assert grids[0].before == ["Appendix 1: Safer West Mercia Plan Delivery Plan Extract"]
    for grid, objective in zip(grids, plan.objectives, strict=True):
        assert [cell.text for cell in grid.rows[0]] == [objective.title.upper()] * 4
        assert [cell.merged_from for cell in grid.rows[0]] == [None, (1, 1), (1, 1), (1, 1)]
        assert [cell.text for cell in grid.rows[1]] == EXTRACT_HEADER
        end = _check_commitments(grid, objective.commitments, 3, lambda a: [a.update or ""])
        assert end == len(grid.rows) + 1
    bullets = [
        cell.text for grid in grids for row in grid.rows for cell in row if "\n• " in cell.text
    ]
    assert bullets  # the sample's list items came back as Word bullets
    refs = [grid.rows[r][0].text for grid in grids for r in range(2, len(grid.rows))]
    assert "В3" in refs  # the document's Cyrillic look-alike, kept as written


def test_the_2018_panel_report_in_word_form(tmp_path):
    plan = panel_report_docx(tmp_path / "panel.docx")
    grids = word.read_grids(tmp_path / "panel.docx")
    assert len(grids) == len(plan.objectives) + 1
    assert grids[0].before == [
        PANEL_TITLE,
        "The extract contains the latest update available to the end of May 2018.",
        "Delivery Plan Extract",
    ]
    for grid, objective in zip(grids[:-1], plan.objectives, strict=True):
        assert [cell.text for cell in grid.rows[0]] == [objective.title.upper()] * 5
        row_number = 2
        kinds = []
        for commitment in objective.commitments:
            if not kinds or kinds[-1] != commitment.kind:
                kinds.append(commitment.kind)
        for kind in kinds:
            assert [c.text for c in grid.rows[row_number - 1]] == [SECTIONS[kind]] * 5
            assert [c.text for c in grid.rows[row_number]] == PANEL_HEADER
            group = [c for c in objective.commitments if c.kind == kind]
            row_number = _check_commitments(
                grid, group, row_number + 2, lambda a: [a.update or "", a.oversight]
            )
        assert row_number == len(grid.rows) + 1
    glossary = grids[-1]
    assert glossary.before[-2:] == [
        "GLOSSARY: OVERSIGHT MECHANISMS – SUMMARY OF MEETINGS",
        "Key: ‘*’ - Notes of meeting are published, ‘#’ – public meeting",
    ]
    assert [cell.text for cell in glossary.rows[0]] == ["NAME", "PURPOSE", "MEETS"]
    rows = [row for row in glossary.rows[1:] if row[1].merged_from is None]
    assert len(rows) == len(plan.oversight_bodies) == 35
    assert rows[0][0].text == "Alliance Governance Group*"
