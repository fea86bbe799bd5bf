"""CSV plans through `plandesk import` into a real SQLite file, read back with `show --format
json`: every encoding and separator Excel and other tools write, quarter trackers, re-imports,
bad files (exit 2, nothing written) and the 2020 sample saved as a CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from tests.databases import sqlite_fingerprint

runner = CliRunner()

PLAN_ROWS = [
    ["Safer Streets Delivery Plan"],
    ["Quarter 2 (July – September 2023)"],
    [],
    ["Ref", "Priority", "Action", "Lead officer", "Due date", "R/A/G", "Progress"],
    ["", "Protecting people", "", "", "", "", ""],
    [
        "1.1",
        "",
        "Recruit officers",
        "Jo Smith",
        "31/03/2024",
        "Green",
        "Forty recruited;\n“more” to come.",
    ],
    ["1.2", "", "Open the café hub", "Zoë Lee", "March 2024", "Purple", "Delayed – £5k over."],
    ["", "Safer roads", "", "", "", "", ""],
    ["2.1", "", "Speed cameras", "", "", "C", "All installed."],
]


def write_csv(path, rows, *, encoding="utf-8", delimiter=","):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


def ok(db, *args):
    result = run(db, *args)
    assert result.exit_code == 0, result.output
    return result


def shown(db, *args) -> dict:
    return json.loads(ok(db, "show", "--format", "json", *args).output)


def rows_of(data: dict) -> list[tuple]:
    return [
        (
            objective["title"],
            commitment["ref"],
            commitment["title"],
            activity["lead"],
            activity["due"],
            activity["status"],
            (activity["update"] or {}).get("text"),
        )
        for objective in data["objectives"]
        for commitment in objective["commitments"]
        for activity in commitment["activities"]
    ]


EXPECTED = [
    (
        "Protecting people",
        "1.1",
        "Recruit officers",
        "Jo Smith",
        "2024-03-31",
        "On track",
        "Forty recruited;\n“more” to come.",
    ),
    (
        "Protecting people",
        "1.2",
        "Open the café hub",
        "Zoë Lee",
        "2024-03-31",
        "Purple",
        "Delayed – £5k over.",
    ),
    ("Safer roads", "2.1", "Speed cameras", None, None, "Complete", "All installed."),
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_a_csv_in_every_encoding_and_separator_imports_the_same_plan(tmp_path, encoding, delimiter):
    source = write_csv(tmp_path / "plan.csv", PLAN_ROWS, encoding=encoding, delimiter=delimiter)
    db = tmp_path / "plan.db"
    result = ok(db, "import", str(source))
    assert "imported into 'Safer Streets Delivery Plan 2023', period '2023/24 Q2'" in result.output
    assert "2 objectives, 3 commitments, 3 activities, 3 updates" in result.output
    assert "1.2's status 'Purple' is not a status plandesk knows; kept as written" in result.output
    data = shown(db)
    assert data["plan"] == {"name": "Safer Streets Delivery Plan", "edition": "2023"}
    assert data["period"]["label"] == "2023/24 Q2"
    assert [tuple(None if v == "" else v for v in row) for row in rows_of(data)] == EXPECTED


def test_a_unicode_text_file_named_txt_is_read_as_a_table(tmp_path):
    source = write_csv(tmp_path / "plan.txt", PLAN_ROWS, encoding="utf-16", delimiter="\t")
    db = tmp_path / "plan.db"
    ok(db, "import", str(source))
    assert len(rows_of(shown(db))) == 3


def test_reimport_is_idempotent_and_dry_run_describes_and_writes_nothing(tmp_path):
    source = write_csv(tmp_path / "plan.csv", PLAN_ROWS)
    db = tmp_path / "plan.db"
    ok(db, "import", str(source))
    before = sqlite_fingerprint(db)
    again = ok(db, "import", str(source))
    assert "nothing created or changed (already up to date)" in again.output
    assert sqlite_fingerprint(db) == before
    dry = ok(db, "import", str(source), "--dry-run")
    assert "plan: plan, header on row 4" in dry.output.replace(str(source), "plan")
    assert "column 6 'R/A/G': status" in dry.output
    assert "periods: 2023/24 Q2" in dry.output
    assert "first rows as read:" in dry.output
    assert sqlite_fingerprint(db) == before


def test_a_status_changed_in_the_next_export_reaches_the_update(tmp_path):
    db = tmp_path / "plan.db"
    ok(db, "import", str(write_csv(tmp_path / "plan.csv", PLAN_ROWS)))
    later = [list(row) for row in PLAN_ROWS]
    later[5][5] = "Amber"
    ok(db, "import", str(write_csv(tmp_path / "plan.csv", later)))
    assert rows_of(shown(db))[0][5] == "At risk"


TRACKER = [
    ["Ref", "Deliverable", "Owner", "RAG", "Q1 2023/24 update", "Q2 update", "Quarter 3 update"],
    ["1", "Recruit", "Jo", "Green", "Advertised.", "Interviewed.", "Started."],
    ["2", "Train", "Al", "Blue", "", "Planned.", "Trained."],
    ["3", "Equip", "Sam", "Amber", "Ordered.", "", ""],
]


def test_a_tracker_with_three_quarter_columns_imports_three_periods(tmp_path):
    db = tmp_path / "plan.db"
    result = ok(db, "import", str(write_csv(tmp_path / "tracker.csv", TRACKER)))
    for label in ("2023/24 Q1", "2023/24 Q2", "2023/24 Q3"):
        assert f"period '{label}'" in result.output
    texts = {
        label: [(r[1], r[6], r[5]) for r in rows_of(shown(db, "--period", label))]
        for label in ("2023/24 Q1", "2023/24 Q2", "2023/24 Q3")
    }
    assert [(ref, text) for ref, text, _ in texts["2023/24 Q1"]] == [
        ("1", "Advertised."),
        ("2", None),
        ("3", "Ordered."),
    ]
    assert [(ref, text) for ref, text, _ in texts["2023/24 Q2"]] == [
        ("1", "Interviewed."),
        ("2", "Planned."),
        ("3", None),
    ]
    assert texts["2023/24 Q3"] == [
        ("1", "Started.", "On track"),
        ("2", "Trained.", "Complete"),
        ("3", "", "At risk"),  # a status alone: no text
    ]
    before = sqlite_fingerprint(db)
    ok(db, "import", str(tmp_path / "tracker.csv"))
    assert sqlite_fingerprint(db) == before


def test_a_map_reads_a_table_with_headers_of_its_own(tmp_path):
    rows = [["Thing to do", "Words", "Colour"], ["Recruit", "Started.", "Green"]]
    source = write_csv(tmp_path / "odd.csv", rows)
    db = tmp_path / "plan.db"
    refused = run(db, "import", str(source), "--period", "2023/24 Q1")
    assert refused.exit_code == 2
    assert '--map "Thing to do=commitment,Colour=update"' in refused.output
    ok(
        db,
        "import",
        str(source),
        "--map",
        "Thing to do=commitment,Words=update:2023/24 Q1,Colour=status",
    )
    assert rows_of(shown(db)) == [
        ("Delivery plan", "1", "Recruit", None, None, "On track", "Started.")
    ]


BAD_FILES = {
    "binary.csv": bytes(range(256)) * 8,
    "empty.csv": b"",
    "blank.csv": b"\r\n  \r\n",
    "one-column.csv": b"just\nsome\nlines\n",
    "zip.csv": b"PK\x03\x04" + b"\x00" * 64,
    "no-header.csv": b"Thing,Words\nRecruit,Started\n",
    "no-period.csv": b"Ref,Action,Progress\n1,Recruit,Started\n",
    # Not an Office file whatever its name says (and refused all the same while a reader for
    # the format is missing).
    "not-a-workbook.xlsx": b"Ref,Action\n1,Recruit\n",
    "not-a-document.docx": b"\x00\x01binary",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_csv_is_exit_2_naming_the_file_and_writes_nothing(tmp_path, name):
    db = tmp_path / "plan.db"
    ok(db, "import", str(write_csv(tmp_path / "good.csv", PLAN_ROWS)))
    before = sqlite_fingerprint(db)
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name])
    result = run(db, "import", str(write_csv(tmp_path / "good2.csv", TRACKER)), str(bad))
    assert result.exit_code == 2, result.output
    assert f"error: {bad}" in result.output
    assert "Traceback" not in result.output
    assert sqlite_fingerprint(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Progress=colour"], "--map: unknown role 'colour'"),
        (["--period", "sometime"], "--period: cannot read the period"),
    ],
)
def test_bad_options_are_exit_2(tmp_path, args, message):
    db = tmp_path / "plan.db"
    source = write_csv(tmp_path / "plan.csv", PLAN_ROWS)
    ok(db, "import", str(source))
    before = sqlite_fingerprint(db)
    result = run(db, "import", str(source), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert sqlite_fingerprint(db) == before


def _sample_as_rows() -> list[list[str]]:
    """The 2020 sample as an office would keep it in a spreadsheet: a merged objective row,
    the commitment on its first activity's row, activity refs in the activity text."""
    document = read_document(QUARTERLY_EXTRACT)
    rows = [
        ["No", "SWP Commitment", "Supporting activity", "Quarter 2 Update July to September 2020"]
    ]
    for objective in document.objectives:
        rows.append([objective.title, "", "", ""])
        for commitment in objective.commitments:
            for position, activity in enumerate(commitment.activities):
                first = position == 0
                text = f"({activity.ref}) {activity.text}" if activity.ref else activity.text
                rows.append(
                    [
                        commitment.ref if first else "",
                        commitment.title if first else "",
                        text,
                        activity.update or "",
                    ]
                )
    return rows


def _outline(data: dict) -> list[tuple]:
    return [
        (o["title"], c["ref"], c["title"], a["ref"], a["text"], (a["update"] or {}).get("text"))
        for o in data["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
    ]


def test_the_2020_sample_as_a_csv_reads_the_same_as_its_text(tmp_path):
    text_db, csv_db = tmp_path / "text.db", tmp_path / "csv.db"
    ok(text_db, "import", str(QUARTERLY_EXTRACT))
    source = write_csv(tmp_path / "2020-q2.csv", _sample_as_rows(), encoding="utf-8-sig")
    ok(csv_db, "import", str(source), "--plan", "Safer West Mercia Plan")
    from_text, from_csv = shown(text_db), shown(csv_db)
    assert from_csv["period"] == from_text["period"]
    assert from_csv["plan"] == from_text["plan"]
    assert _outline(from_csv) == _outline(from_text)
    assert len(_outline(from_csv)) > 50


def test_an_officers_status_is_kept_over_the_next_export_unless_overwrite(tmp_path):
    rows = [
        ["Ref", "Commitment", "Milestone", "RAG", "Q2 2023/24 update"],
        ["B1", "Tackle drugs", "(B1.1) Close county lines", "Green", "Two closed."],
    ]
    db = tmp_path / "plan.db"
    ok(db, "import", str(write_csv(tmp_path / "plan.csv", rows)))
    ok(db, "update", "B1.1", "--status", "Stalled", "--text", "Two closed.", "--as", "ann")
    rows[1][3] = "Amber"
    kept = ok(db, "import", str(write_csv(tmp_path / "plan.csv", rows)))
    assert "B1.1" in kept.output and "kept" in kept.output
    assert rows_of(shown(db))[0][5:] == ("Stalled", "Two closed.")
    ok(db, "import", str(tmp_path / "plan.csv"), "--overwrite")
    assert rows_of(shown(db))[0][5:] == ("At risk", "Two closed.")
