"""The `plandesk` command end to end on real SQLite files and the real sample documents."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

runner = CliRunner()


def run(db, *args, stdin=None):
    return runner.invoke(app, ["--db", str(db), *args], input=stdin)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    result = run(path, "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT))
    assert result.exit_code == 0, result.output
    return path


def show(db, *args):
    result = run(db, "show", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_import_prints_what_it_created_then_nothing(tmp_path):
    path = tmp_path / "fresh.db"
    first = run(path, "import", str(QUARTERLY_EXTRACT))
    assert first.exit_code == 0, first.output
    assert "created:" in first.output and "activities" in first.output
    second = run(path, "import", str(QUARTERLY_EXTRACT))
    assert second.exit_code == 0
    assert "nothing created or changed" in second.output


def test_dry_run_leaves_database_empty(tmp_path):
    path = tmp_path / "dry.db"
    result = run(path, "import", "--dry-run", str(PANEL_REPORT))
    assert result.exit_code == 0, result.output
    assert "would import" in result.output
    assert "No plans yet" in run(path, "plans").output


def test_plans_lists_latest_first(db):
    result = run(db, "plans", "--format", "json")
    plans = json.loads(result.output)
    assert [p["edition"] for p in plans] == ["2020", "2018"]
    assert plans[0]["periods"] == ["2020/21 Q2"]
    assert plans[1]["periods"] == ["Jan–May 2018"]


def test_show_json_has_the_documented_shape(db):
    data = show(db)
    assert data["plan"]["name"] == "Safer West Mercia Plan"
    assert data["period"]["label"] == "2020/21 Q2"
    objective = data["objectives"][0]
    commitment = objective["commitments"][0]
    activity = commitment["activities"][0]
    assert set(commitment) >= {"ref", "kind", "title", "activities"}
    assert set(activity) >= {"ref", "text", "oversight", "update"}
    updated = [
        a["update"]
        for o in data["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
        if a["update"]
    ]
    assert updated and set(updated[0]) == {"text", "status", "author", "updated_at"}


def test_show_other_plan_and_period(db):
    data = show(db, "--plan", "2018", "--period", "Jan 2018 - May 2018")
    assert data["period"]["label"] == "Jan–May 2018"
    assert len(data["objectives"]) == 4


def test_show_text_names_the_plan(db):
    result = run(db, "show")
    assert result.exit_code == 0
    assert result.output.startswith("Plan: Safer West Mercia Plan 2020 · period 2020/21 Q2")


def test_update_then_history(db):
    result = run(db, "update", "A3.1", "--text", "Board met in September.", "--as", "ann")
    assert result.exit_code == 0, result.output
    assert "version 2" in result.output
    activity = next(
        a
        for o in show(db)["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
        if a["ref"] == "A3.1"
    )
    assert activity["update"]["text"] == "Board met in September."
    assert activity["update"]["author"] == "ann"
    history = json.loads(run(db, "history", "A3.1", "--format", "json").output)
    assert [h["version"] for h in history] == [1, 2]
    assert history[-1]["author"] == "ann" and history[-1]["source"] == "cli"
    assert history[-1]["after"] == "Board met in September."


def test_update_from_stdin(db):
    result = run(db, "update", "A3.1", "--file", "-", stdin="From a pipe\n")
    assert result.exit_code == 0, result.output
    history = json.loads(run(db, "history", "A3.1", "--format", "json").output)
    assert history[-1]["after"] == "From a pipe"
    assert history[-1]["author"] == "test-officer"


def test_update_needs_text_a_file_or_a_status(db, tmp_path):
    # A status may now be set on its own (issue 13); text from two places is still refused.
    result = run(db, "update", "A3.1")
    assert result.exit_code == 2
    assert "give the update with --text or --file, or a --status on its own" in result.output
    words = tmp_path / "words.txt"
    words.write_text("From a file", encoding="utf-8")
    result = run(db, "update", "A3.1", "--text", "x", "--file", str(words))
    assert result.exit_code == 2
    assert "one of --text or --file, not both" in result.output


def test_unknown_ref_plan_and_period_exit_2(db):
    assert run(db, "update", "Z99", "--text", "x").exit_code == 2
    result = run(db, "show", "--plan", "Nonexistent")
    assert result.exit_code == 2 and "no plan called" in result.output
    result = run(db, "show", "--period", "1999/00 Q1")
    assert result.exit_code == 2 and "no period" in result.output
    assert run(db, "show", "--format", "xml").exit_code == 2


def test_oversight_lists_bodies_with_counts(db):
    result = run(db, "oversight", "--plan", "2018", "--format", "json")
    bodies = json.loads(result.output)
    victims = next(b for b in bodies if b["name"] == "Victims Board")
    assert victims["notes_published"] is True
    assert victims["activities"] > 0


def test_locate_names_the_places(tmp_path):
    result = runner.invoke(app, ["locate", "--format", "json"])
    places = json.loads(result.output)
    assert places["database"].endswith("plandesk.db")
    assert set(places) == {"database", "data", "config", "backups"}


def _snapshot_file(path):
    return json.loads(run(path, "show", "--format", "json").output)


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"\n\n   \n",
    "binary.bin": bytes(range(256)) * 4,
    "cp1252.txt": QUARTERLY_EXTRACT.read_text(encoding="utf-8").encode("cp1252", "replace"),
    "unrelated.txt": b"Minutes of the parish council\n\nApologies were received.\n",
    "truncated.txt": QUARTERLY_EXTRACT.read_bytes()[:120],
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_exit_2_with_file_and_line_and_no_change(db, tmp_path, name):
    before = _snapshot_file(db)
    bad = tmp_path / name
    bad.write_bytes(BAD_INPUTS[name])
    result = run(db, "import", str(QUARTERLY_EXTRACT), str(bad))
    assert result.exit_code == 2, result.output
    first_line = result.output.strip().splitlines()[0]
    assert first_line.startswith(f"error: {bad}:"), first_line
    line_number = first_line.split(":")[2]
    assert line_number.strip().isdigit()
    assert _snapshot_file(db) == before


def test_missing_file_is_exit_2(db, tmp_path):
    result = run(db, "import", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_console_script_runs(tmp_path):
    exe = shutil.which("plandesk", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the plandesk console script is not installed"
    db = str(tmp_path / "x.db")
    imported = subprocess.run(
        [exe, "--db", db, "import", str(QUARTERLY_EXTRACT)], capture_output=True, text=True
    )
    assert imported.returncode == 0, imported.stderr
    result = subprocess.run([exe, "--db", db, "plans"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Safer West Mercia Plan" in result.stdout


def test_db_option_after_the_command(db, tmp_path):
    result = runner.invoke(app, ["plans", "--format", "json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 2


def test_ambiguous_ref_lists_candidates_and_how_to_name_them(db):
    result = run(db, "update", "3.2.3", "--plan", "2018", "--text", "x")
    assert result.exit_code == 2
    assert "3.2/3.2.3" in result.output and "3.3/3.2.3" in result.output
    named = run(db, "update", "3.3/3.2.3", "--plan", "2018", "--text", "Station open")
    assert named.exit_code == 0, named.output
    history = json.loads(
        run(db, "history", "3.3/3.2.3", "--plan", "2018", "--format", "json").output
    )
    assert history[-1]["after"] == "Station open"
    other = json.loads(run(db, "history", "3.2/3.2.3", "--plan", "2018", "--format", "json").output)
    assert all(h["after"] != "Station open" for h in other)


def test_tui_with_unknown_plan_fails_before_opening(db):
    result = run(db, "tui", "--plan", "Nonexistent")
    assert result.exit_code == 2
    assert "no plan called" in result.output
