"""Text the importer could not clean is reported as a warning, with its line (issue 14, item 16)."""

from __future__ import annotations

from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.core.records import ActivityRecord, CommitmentRecord, ObjectiveRecord
from plandesk.importers import read_document
from plandesk.importers.suspect_text import suspect_text
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

runner = CliRunner()


def test_the_2020_sample_d10_1_update_is_reported_as_cut_at_both_ends():
    document = read_document(QUARTERLY_EXTRACT)
    shown = [str(w) for w in document.warnings]
    assert shown == [
        f"{QUARTERLY_EXTRACT}:116: warning: D10.1's update starts mid-word "
        "(“sults to since last year…”); part of it may be missing from the document",
        f"{QUARTERLY_EXTRACT}:116: warning: D10.1's update ends mid-sentence "
        "(“…are most confident whilst”); part of it may be missing from the document",
    ]


def test_the_2018_sample_has_nothing_suspect():
    assert read_document(PANEL_REPORT).warnings == []


def _document(*updates: str, text: str = "Review the results of the survey"):
    activities = [
        ActivityRecord(f"A1.{n}", text, update=u, line=10 + n) for n, u in enumerate(updates, 1)
    ]
    return [ObjectiveRecord("Victims", [CommitmentRecord("A1", "commissioner", "T", activities)])]


def test_whole_sentences_and_lowercase_words_are_not_suspect():
    objectives = _document(
        "the survey results were shared with the board.",
        "Complete",
        "Results shared. we will report in May",
        "Meeting held in Apr.",
        "Work remains high",
    )
    assert suspect_text("doc.txt", objectives) == []


def test_fragments_repeats_and_dangling_words_are_suspect():
    objectives = _document(
        "Results shared. sults of the survey were good.",
        "The survey has been run and",
        "Shared with partners at the board meeting. Shared with partners at the board meeting.",
        "Survey run in two of the three areas, with the rest to follow, pr",
    )
    found = [(w.line, w.message.split(" (")[0]) for w in suspect_text("doc.txt", objectives)]
    assert found == [
        (11, "A1.1's update has a sentence that starts mid-word"),
        (12, "A1.2's update ends mid-sentence"),
        (13, "A1.3's update repeats a passage"),
        (14, "A1.4's update ends mid-word"),
    ]


def test_import_prints_the_warnings_on_stderr_and_still_imports(tmp_path):
    db = tmp_path / "warn.db"
    result = runner.invoke(app, ["--db", str(db), "import", str(QUARTERLY_EXTRACT)])
    assert result.exit_code == 0, result.output
    assert f"{QUARTERLY_EXTRACT}:116: warning: D10.1's update starts mid-word" in result.stderr
    assert "warning" not in result.stdout
    assert "created: 1 plan" in result.stdout
    shown = runner.invoke(app, ["--db", str(db), "history", "D10.1", "--format", "json"])
    assert shown.exit_code == 0 and "sults to since last year" in shown.stdout
    quiet = runner.invoke(app, ["--db", str(db), "import", str(PANEL_REPORT)])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
