"""`plandesk export` writes the document as it is made (issue 18: a big plan's export is never
held whole in memory), and each changed update's word diff is worked out once.

The streamed bytes must be the rendered document's, byte for byte: the golden files, written in
chunks far smaller than a block so every seam is crossed, and the CLI writing a file and standard
output. Real snapshots of the bundled samples (`test_export_markdown.real`).
"""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.exports import formats, render_markdown, word_diff
from plandesk.exports.formats import write_export
from plandesk.samples import QUARTERLY_EXTRACT
from tests.exports.test_export_markdown import GOLDEN_CASES, options, real  # noqa: F401
from tests.paths import GOLDEN

MARKDOWN_CASES = sorted(name for name in GOLDEN_CASES if name.endswith(".md"))


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
@pytest.mark.parametrize("name", MARKDOWN_CASES)
def test_the_streamed_document_is_the_golden_one(real, name, chunk, monkeypatch):  # noqa: F811
    monkeypatch.setattr(formats, "_CHUNK", chunk)
    sample, extra = GOLDEN_CASES[name]
    snapshot, bodies = real[sample]
    stream = io.BytesIO()
    written = write_export("md", snapshot, bodies, options(**extra), stream)
    assert stream.getvalue() == (GOLDEN / name).read_bytes()
    assert written == len(stream.getvalue())


def test_each_changed_update_is_matched_once(real, monkeypatch):  # noqa: F811
    snapshot, bodies = real["2020 Q3"]
    calls = []
    matching = word_diff._matching_blocks

    def counted(before, after):
        calls.append((tuple(before), tuple(after)))
        return matching(before, after)

    monkeypatch.setattr(word_diff, "_matching_blocks", counted)
    word_diff._compared.cache_clear()
    markdown = render_markdown(snapshot, bodies, options(only="changed"))
    # Three edited updates, each measured (mostly rewritten?) and then shown as a diff.
    assert markdown.count("~~") >= 6
    assert len(calls) == len(set(calls)) == 3


def test_the_cli_writes_the_same_document_to_a_file_and_to_standard_output(tmp_path):
    runner = CliRunner()
    db = tmp_path / "plan.db"
    assert runner.invoke(app, ["--db", str(db), "import", str(QUARTERLY_EXTRACT)]).exit_code == 0
    export = ["--db", str(db), "export", "--date", "2026-01-05"]
    target = tmp_path / "summary.md"
    written = runner.invoke(app, [*export, "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert f"({target.stat().st_size} bytes)" in written.output
    printed = runner.invoke(app, [*export, "-o", "-"])
    assert printed.exit_code == 0
    assert printed.stdout_bytes == target.read_bytes()
    assert printed.stdout_bytes.startswith(b"# Safer West Mercia Plan 2020: progress report")
