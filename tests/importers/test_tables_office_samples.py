"""The two samples in their Word form (built by `tests/office_samples.py`, which comes with the
Word and Excel readers) read through the shared table reader the same as their text form."""

from __future__ import annotations

import re

import pytest

from plandesk.importers import read_documents
from tests import office_samples


def _outline(document) -> list[tuple]:
    # The Word form writes a paragraph per line: blank lines between paragraphs are not kept.
    def tidy(text):
        return re.sub(r"\n\s*\n", "\n", text or "")

    return [
        (
            o.title,
            c.ref,
            c.kind,
            tidy(c.title),
            a.ref,
            tidy(a.text),
            tidy(a.update),
            tidy(a.oversight),
        )
        for o in document.objectives
        for c in o.commitments
        for a in c.activities
    ]


@pytest.mark.parametrize("build", ["quarterly_extract_docx", "panel_report_docx"])
def test_a_sample_reads_the_same_from_word_as_from_text(tmp_path, build):
    path = tmp_path / f"{build}.docx"
    expected = getattr(office_samples, build)(path)
    [document] = read_documents(path)
    assert (document.plan_name, document.edition) == (expected.plan_name, expected.edition)
    assert document.period == expected.period
    assert _outline(document) == _outline(expected)
    assert len(_outline(document)) > 60
