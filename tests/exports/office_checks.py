"""Helpers for the Word and Excel export tests: the real samples in a store, and text dumps.

`real_office` imports the two bundled samples into a SQLite file; `docx_dump` / `xlsx_dump`
turn a file into plain text (paragraphs and table rows in body order; every sheet's cells), the
form the golden files hold. A continued vertical merge is shown as `^`.
"""

from __future__ import annotations

import io
from datetime import date

import docx
import openpyxl
from docx.oxml.ns import qn

from plandesk.exports import ExportOptions

DAY = date(2024, 5, 1)


def options(**kw) -> ExportOptions:
    return ExportOptions(generated_on=kw.pop("generated_on", DAY), **kw)


def real_plans(tmp_path_factory) -> dict:
    """Both samples imported into a fresh database under a home of their own (for a module's
    fixture: exports read them many times)."""
    import pytest

    home = tmp_path_factory.mktemp("office-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANDESK_HOME", str(home))
        mp.setenv("PLANDESK_USER", "test-officer")
        mp.delenv("PLANDESK_DB", raising=False)
        return build_real(home)


def build_real(home) -> dict:
    from plandesk.importers import read_document
    from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
    from plandesk.store.service import PlanStore

    store = PlanStore.open(str(home / "x.db"))
    try:
        store.import_documents(
            [read_document(PANEL_REPORT), read_document(QUARTERLY_EXTRACT)], author="importer"
        )
        out = {}
        for name in ("2018", "2020"):
            plan = store.resolve_plan(name)
            period = store.resolve_period(plan.id)
            out[name] = (store.snapshot(plan.id, period.id), store.oversight(plan.id))
        return out
    finally:
        store.close()


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _cell_text(tc) -> str:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
        return "^"
    return " / ".join(_text(p) for p in tc.iter(qn("w:p")) if _text(p))


def docx_dump(data: bytes) -> str:
    """The document's text: `P:` paragraphs, `|` table rows, in body order."""
    body = docx.Document(io.BytesIO(data)).element.body
    lines = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(f"P: {_text(child)}")
        elif child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                lines.append("| " + " | ".join(_cell_text(tc) for tc in tr.iter(qn("w:tc"))))
    return "\n".join(lines) + "\n"


def xlsx_dump(data: bytes) -> str:
    """Every sheet's cells, one row a line, cells separated by ` | `."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"# {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v).replace("\n", "\\n") for v in row]
            lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"
