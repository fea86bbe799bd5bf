"""Office files refused before any library opens them: legacy, encrypted, macro-enabled,
damaged, renamed, empty files and zip bombs, each with a message that says what is wrong."""

from __future__ import annotations

import io
import zipfile

import pytest

from plandesk.core.records import ImportProblem
from plandesk.importers import excel, office_files, word
from plandesk.importers.office_files import read_office_file

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _docx(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Objective 1")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "Ref"
    document.save(path)
    return path


def _xlsx(path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Ref"
    workbook.save(path)
    return path


def _problem(path, reader=read_office_file, **kwargs) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        reader(path, **kwargs)
    problem = caught.value
    assert problem.line == 0 and problem.path == str(path)
    assert str(problem) == f"{path}: {problem.message}"
    return problem


def test_a_real_docx_and_xlsx_pass_with_their_kind(tmp_path):
    checked = read_office_file(_docx(tmp_path / "plan.docx"))
    assert checked.kind == "word" and checked.stream().read(4) == b"PK\x03\x04"
    assert read_office_file(_xlsx(tmp_path / "plan.xlsx"), expect="excel").kind == "excel"


def test_a_text_file_renamed_docx_is_not_a_word_file(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_text("No\tSWP Commitment\tSupporting activity\n", encoding="utf-8")
    assert _problem(path).message == "not a Word/Excel file"
    assert _problem(path, word.read_grids).message == (
        "not a Word/Excel file; expected a Word document (.docx)"
    )


def test_an_empty_file_and_a_missing_one(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert _problem(path, excel.read_grids).message == "the file is empty"
    assert _problem(tmp_path / "gone.docx").message == "no such file"


def test_a_truncated_zip_is_damaged(tmp_path):
    whole = _docx(tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    assert _problem(path, word.read_grids).message == (
        "the file is damaged (a zip archive cut short or corrupt); save it again"
    )


def test_legacy_ole2_and_password_protected_files(tmp_path):
    legacy = tmp_path / "plan.xls"
    legacy.write_bytes(OLE2 + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1000))
    assert _problem(legacy, excel.read_grids).message.startswith(
        "legacy .doc/.xls (Word or Excel 97–2003) is not read: save it as .docx/.xlsx"
    )
    # Word and Excel save a password-protected .docx/.xlsx as OLE2 with an EncryptedPackage.
    locked = tmp_path / "plan.docx"
    locked.write_bytes(OLE2 + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1000))
    assert _problem(locked, word.read_grids).message.startswith(
        "the file is password-protected (encrypted)"
    )


def test_macro_enabled_files_are_refused_by_extension_and_by_content(tmp_path):
    named = _xlsx(tmp_path / "tracker.xlsm")
    assert _problem(named, excel.read_grids).message == (
        "a macro-enabled file (.xlsm) is not read; "
        "save it as .docx/.xlsx without macros and import that"
    )
    # A macro workbook renamed .xlsx still carries its VBA project.
    renamed = tmp_path / "tracker.xlsx"
    buffer = io.BytesIO(_xlsx(tmp_path / "base.xlsx").read_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    renamed.write_bytes(buffer.getvalue())
    assert _problem(renamed, excel.read_grids).message.startswith(
        "a file with macros (a VBA project) is not read"
    )


def test_a_zip_bomb_member_is_refused_from_the_directory_alone(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(4 * 1024 * 1024))
    assert path.stat().st_size < 20_000
    message = _problem(path, word.read_grids).message
    assert message.startswith("part 'word/document.xml' unpacks to ")
    assert message.endswith("times its packed size (a zip bomb?); the file is not opened")


def test_total_size_and_member_count_are_capped(tmp_path, monkeypatch):
    path = _xlsx(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    monkeypatch.setattr(office_files, "MAX_MEMBERS", len(members) - 1)
    assert _problem(path).message == (
        f"the archive holds {len(members)} parts (at most {len(members) - 1} are read)"
    )
    monkeypatch.setattr(office_files, "MAX_MEMBERS", 10_000)
    monkeypatch.setattr(office_files, "MAX_UNPACKED_BYTES", 1024 * 1024)
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as archive:
        for part in members:
            archive.writestr(part.filename, zipfile.ZipFile(path).read(part.filename))
        archive.writestr("xl/media/image1.png", bytes(2 * 1024 * 1024))
    assert _problem(big).message == "the file unpacks to 2 MB (at most 1 MB is read)"


def test_a_zip_of_something_else_and_the_wrong_kind(tmp_path):
    other = tmp_path / "plan.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert _problem(other).message == "a zip archive, but not a Word/Excel file"
    workbook = _xlsx(tmp_path / "plan-as-word.docx")
    assert _problem(workbook, word.read_grids).message == (
        "this is an Excel workbook (.xlsx), not a Word document (.docx): check the file's extension"
    )


def test_a_zip_with_a_broken_main_part_is_a_clear_problem(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    assert _problem(path, excel.read_grids).message.startswith(
        "the workbook cannot be read (damaged?): "
    )


# Nine levels of ten: 10^9 "lol"s if expanded. Both libraries' XML parsers refuse it.
_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
_SECRET = "plandesk-secret-4f1c"


def _with_entity(source, target, part, doctype, text_at, text):
    """`source` with `doctype` before the root of `part` and `text` put where `text_at` is."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            data = old.read(member.filename)
            if member.filename == part:
                xml = data.decode("utf-8")
                declaration_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
                xml = xml[:declaration_end] + doctype + xml[declaration_end:]
                data = xml.replace(text_at, text_at + text, 1).encode("utf-8")
            new.writestr(member, data)
    return target


def _xml_attacks(tmp_path, secret_file):
    outside = f'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{secret_file}">]>'
    word_text = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
    sheet_text = '<row r="5"><c r="A5" t="inlineStr"><is><t>{}</t></is></c></row>'
    docx_file, xlsx_file = _docx(tmp_path / "base.docx"), _xlsx(tmp_path / "base.xlsx")
    for name, doctype, entity in (("laughs", _LAUGHS, "&lol9;"), ("outside", outside, "&secret;")):
        yield (
            word.read_grids,
            _with_entity(
                docx_file,
                tmp_path / f"{name}.docx",
                "word/document.xml",
                doctype,
                "<w:body>",
                word_text.format(entity),
            ),
        )
        yield (
            excel.read_grids,
            _with_entity(
                xlsx_file,
                tmp_path / f"{name}.xlsx",
                "xl/worksheets/sheet1.xml",
                doctype,
                "<sheetData>",
                sheet_text.format(entity),
            ),
        )


def test_xml_entity_bombs_and_outside_files_are_never_expanded(tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(_SECRET, encoding="utf-8")
    for reader, path in _xml_attacks(tmp_path, secret_file):
        try:
            grids = reader(path)
        except ImportProblem as problem:
            assert problem.message.startswith(("the document cannot", "the workbook cannot"))
            assert _SECRET not in problem.message
        else:  # read without the entity: neither a billion "lol"s nor the file's text
            cells = [cell.text for grid in grids for row in grid.rows for cell in row]
            cells += [text for grid in grids for text in grid.before]
            assert not any("lollol" in text or _SECRET in text for text in cells), path
