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

from plandesk.bench.generate import synthetic_documents
from plandesk.cli import app
from plandesk.exports import formats, html, render_html, render_markdown, word_diff
from plandesk.exports.formats import write_export
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore
from tests.exports.test_export_markdown import GOLDEN_CASES, options, real  # noqa: F401
from tests.paths import GOLDEN


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_the_streamed_document_is_the_golden_one(real, name, chunk, monkeypatch):  # noqa: F811
    monkeypatch.setattr(formats, "_CHUNK", chunk)
    sample, extra = GOLDEN_CASES[name]
    snapshot, bodies = real[sample]
    stream = io.BytesIO()
    fmt = "html" if name.endswith(".html") else "md"
    written = write_export(fmt, snapshot, bodies, options(**extra), stream)
    assert stream.getvalue() == (GOLDEN / name).read_bytes()
    assert written == len(stream.getvalue())


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A plan made by the benchmark's generator: both kinds of commitment, flags, changes."""
    home = tmp_path_factory.mktemp("streamed-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANDESK_HOME", str(home))
        store = PlanStore.open(str(home / "generated.db"))
        try:
            store.import_documents(synthetic_documents(300, 2, seed=5), author="importer")
            shown = store.read_plan()
            return shown, store.oversight(shown.plan.id)
        finally:
            store.close()


@pytest.mark.parametrize("batch", [1, 4, 500])
@pytest.mark.parametrize(
    "extra", [{}, {"only": "stalled"}, {"only": "changed"}, {"objective": "2"}], ids=str
)
def test_a_streamed_page_is_the_rendered_page(generated, extra, batch, monkeypatch):
    # Long lists are rendered a batch of items at a time: small batches cross every seam.
    monkeypatch.setattr(html, "_LIST_BATCH", batch)
    snapshot, bodies = generated
    stream = io.BytesIO()
    write_export("html", snapshot, bodies, options(**extra), stream)
    page = render_html(snapshot, bodies, options(**extra))
    assert page.count('<section class="entry">') > 3
    assert stream.getvalue().decode("utf-8") == page


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
