"""`plandesk oversight` (list, link, unlink, alias, unalias) and `export --oversight`, end to
end on a real SQLite file holding both samples."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

runner = CliRunner()
IOM = "Integrated Offender Management Programme Board"


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    result = run(path, "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT))
    assert result.exit_code == 0, result.output
    return path


def bodies(db) -> dict[str, dict]:
    result = run(db, "oversight", "--plan", "2018", "--format", "json")
    assert result.exit_code == 0, result.output
    return {b["name"]: b for b in json.loads(result.output)}


def test_oversight_with_no_subcommand_still_lists_the_bodies(db):
    result = run(db, "oversight", "--plan", "2018")
    assert result.exit_code == 0, result.output
    assert f"    2  {IOM}  (Bi-Monthly)" in result.output
    assert "* notes published" in result.output


def test_oversight_json_lists_each_body_s_activities_and_how(db):
    found = bodies(db)
    assert len(found) == 35
    iom = found[IOM]
    assert iom["activities"] == 2 and iom["aliases"] == []
    assert iom["oversees"] == [
        {"ref": "2.4.1", "label": "2.4.1", "how": "initials"},
        {"ref": None, "label": "B4", "how": "initials"},
    ]
    assert found["Independent Joint Audit Committee"]["oversees"] == [
        {"ref": "D6.2", "label": "D6.2", "how": "initials"}
    ]
    assert found["Service Improvement Board"]["oversees"] == []


def test_link_unlink_alias_and_unalias(db):
    linked = run(db, "oversight", "link", "D.2", "victims", "--plan", "2018", "--as", "ann")
    assert linked.exit_code == 0, linked.output
    assert "linked D.2 → Victims Board" in linked.output
    again = run(db, "oversight", "link", "D.2", "Victims Board", "--plan", "2018")
    assert again.exit_code == 0 and "nothing changed" in again.output
    unlinked = run(db, "oversight", "unlink", "2.4.1", "IOM", "--plan", "2018")
    assert unlinked.exit_code == 0, unlinked.output
    aliased = run(db, "oversight", "alias", "IOM", "Reducing Reoffending Boards", "--plan", "2018")
    assert aliased.exit_code == 0, aliased.output
    found = bodies(db)
    assert {"ref": None, "label": "D.2", "how": "manual"} in found["Victims Board"]["oversees"]
    assert found[IOM]["aliases"] == ["Reducing Reoffending Boards"]
    # 2.4.1 stays unlinked although it now also names the alias; B4 was already linked.
    assert [o["label"] for o in found[IOM]["oversees"]] == ["B4"]
    history = run(db, "history", "--plan", "2018")
    assert "oversight link" in history.output and "oversight alias add" in history.output
    removed = run(db, "oversight", "unalias", "reducing reoffending boards", "--plan", "2018")
    assert removed.exit_code == 0, removed.output
    assert bodies(db)[IOM]["aliases"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["link", "D.2", "Nobody Board"], "no oversight body 'Nobody Board'"),
        (["link", "D.2", "Board"], "is ambiguous"),
        (["link", "Z9.9", "Victims Board"], "no activity 'Z9.9'"),
        (["unlink", "D.2", "Victims Board"], "is not linked to Victims Board"),
        (["alias", "Nobody", "X Board"], "no oversight body 'Nobody'"),
        (["alias", "Victims Board", "Property Board"], "is the name of Property Board"),
        (["unalias", "never given"], "no oversight alias 'never given'"),
        (["link", "A3.1", "Victims Board", "--plan", "2020"], "lists no oversight bodies"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(db, args, message):
    before = (bodies(db), run(db, "history", "--plan", "2018").output)
    plan = [] if "--plan" in args else ["--plan", "2018"]
    result = run(db, "oversight", *args, *plan)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert (bodies(db), run(db, "history", "--plan", "2018").output) == before


def test_export_oversight_takes_what_that_body_oversees(db):
    result = run(db, "export", "--plan", "2018", "--oversight", "IOM", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"# {IOM}: oversight pack")
    assert f"activities overseen by {IOM} (2 activities)" in result.output
    # What a link by hand adds is in the pack; what an unlink removes is not.
    run(db, "oversight", "link", "D.2", "IOM", "--plan", "2018")
    run(db, "oversight", "unlink", "B4", "IOM", "--plan", "2018")
    pack = run(db, "export", "--plan", "2018", "--oversight", "iom board", "-o", "-").output
    assert "(2 activities)" in pack
    assert "Monitoring of Strategy delivery plan on a quarterly basis" in pack  # D.2
    assert "PCC's Crime Reduction Board" not in pack  # B4's oversight cell


def test_export_for_an_unknown_body_exits_2(db):
    result = run(db, "export", "--plan", "2018", "--oversight", "Parish Council", "-o", "-")
    assert result.exit_code == 2
    assert "no oversight body 'Parish Council'" in result.output
