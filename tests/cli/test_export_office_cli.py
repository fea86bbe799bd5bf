"""`plandesk export` to Word and Excel: the format from --format or the -o suffix, never to
standard output, written whole or not at all, the same bytes for the same --date, --template."""

from __future__ import annotations

import io
import stat

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.exports.writing import write_bytes_atomically
from plandesk.samples import ALL

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("office-cli") / "plans.db"
    result = runner.invoke(app, ["--db", str(path), "import", *map(str, ALL)])
    assert result.exit_code == 0, result.output
    return path


def export(db, *args: str):
    return runner.invoke(app, ["--db", str(db), "export", "--plan", "2020", *args])


def test_docx_from_the_suffix_and_the_same_bytes_for_the_same_date(db, tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    result = export(db, "-o", str(first), "--date", "2024-05-01")
    assert result.exit_code == 0, result.output
    assert f"wrote {first}" in result.output
    assert export(db, "--format", "DOCX", "-o", str(second), "--date", "2024-05-01").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    document = docx.Document(str(first))
    assert document.paragraphs[0].text == (
        "Safer West Mercia Plan 2020: delivery plan progress, 2020/21 Q2"
    )
    assert "Generated on: 2024-05-01" in [p.text for p in document.paragraphs]


def test_xlsx_with_filters(db, tmp_path):
    target = tmp_path / "tracker.xlsx"
    result = export(db, "--format", "xlsx", "-o", str(target), "--only", "stalled")
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(target)["Tracker"].iter_rows(values_only=True))
    assert 1 < len(rows) < 63
    assert all(row[-1] for row in rows[1:])  # every row has its flags
    assert export(db, "-o", str(target), "--objective", "1").exit_code == 0
    rows = list(openpyxl.load_workbook(target)["Tracker"].iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"1. Putting victims and survivors first"}


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_binary_formats_never_go_to_standard_output(db, fmt):
    result = export(db, "--format", fmt)
    assert result.exit_code == 2
    assert "cannot go to standard output" in result.output
    assert f"-o appendix.{fmt}" in result.output


def test_a_failed_write_leaves_the_old_file(db, tmp_path):
    result = export(db, "--format", "docx", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "cannot write" in result.output
    result = export(db, "-o", str(tmp_path / "missing" / "a.xlsx"))
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_bad_options_name_the_problem(db, tmp_path):
    target = tmp_path / "a.docx"
    result = export(db, "-o", str(target), "--objective", "nothing like it")
    assert result.exit_code == 2 and "no objective" in result.output
    result = export(db, "-o", str(tmp_path / "a.md"), "--template", str(target))
    assert result.exit_code == 2 and "--template is for --format docx only" in result.output
    result = export(db, "-o", str(target), "--template", str(tmp_path / "none.docx"))
    assert result.exit_code == 2 and "cannot read --template" in result.output
    not_word = tmp_path / "notes.docx"
    not_word.write_text("just text\n")
    result = export(db, "-o", str(target), "--template", str(not_word))
    assert result.exit_code == 2 and "is not a Word document" in result.output
    assert not target.exists()


def test_template_keeps_the_office_header(db, tmp_path):
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "OPCC for West Mercia"
    template.add_paragraph("Report to the Police and Crime Panel")
    path = tmp_path / "office.docx"
    template.save(path)
    target = tmp_path / "paper.docx"
    result = export(db, "-o", str(target), "--template", str(path), "--date", "2024-05-01")
    assert result.exit_code == 0, result.output
    paper = docx.Document(io.BytesIO(target.read_bytes()))
    assert paper.paragraphs[0].text == "Report to the Police and Crime Panel"
    assert paper.sections[-1].header.paragraphs[0].text == "OPCC for West Mercia"


def test_bytes_replace_a_file_whole_keeping_its_mode(tmp_path):
    target = tmp_path / "old.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert write_bytes_atomically(target, b"PK\x00new") == 6
    assert target.read_bytes() == b"PK\x00new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["old.xlsx"]
