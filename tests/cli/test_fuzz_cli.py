"""Bad command-line arguments, fuzzed: refs, period labels, plan names, export paths, `--db`.

Whatever is typed, a command ends with exit 0, or with a clean `error: …` line and exit 1 or 2
(Click's own usage errors, also exit 2, count as clean): never a traceback.

Derandomised like `test_fuzz_import.py` (`PLANDESK_FUZZ_RANDOM=1`, `PLANDESK_FUZZ_SCALE=N`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

SCALE = float(os.environ.get("PLANDESK_FUZZ_SCALE", "1"))
EXAMPLES: Counter[str] = Counter()
# A command that writes, so creates its database: reading commands never do.
CREATES = ("import", "--dry-run", str(QUARTERLY_EXTRACT))
runner = CliRunner()


def fuzz(examples: int):
    return settings(
        max_examples=max(int(examples * SCALE), 1),
        deadline=None,
        database=None,
        derandomize=os.environ.get("PLANDESK_FUZZ_RANDOM") != "1",
        suppress_health_check=[HealthCheck.too_slow],
    )


@pytest.fixture(scope="module", autouse=True)
def _command_built_once():
    """Typer's runner builds the Click command from the app at every invoke (about 50 ms with
    this many commands, and the fuzzing invokes it thousands of times): build it once here.
    The command keeps no state between runs; each run makes its own context."""
    command = typer.main.get_command(app)
    build = typer.testing._get_command

    def built(typer_app):
        return command if typer_app is app else build(typer_app)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", built)
        yield


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print("\nCLI fuzz examples run:", dict(EXAMPLES))


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="plandesk-cli-fuzz-") as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def db(workdir) -> Path:
    path = workdir / "plans.db"
    result = runner.invoke(
        app, ["--db", str(path), "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT)]
    )
    assert result.exit_code == 0, result.output
    return path


def cli(*args: str):
    return runner.invoke(app, list(args))


def assert_clean(result, allowed=(0, 1, 2)) -> None:
    """Exit 0, or a one-line `error:` (or Click usage error) with exit 1/2; no traceback."""
    output = result.output
    assert "Traceback" not in output, output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}\n{output}") from result.exception
    assert result.exit_code in allowed, (result.exit_code, output)
    if result.exit_code != 0:
        first = output.strip().splitlines()[0] if output.strip() else ""
        assert first.startswith(("error: ", "Usage: ")), output


# A few spellings that have broken ref parsers before, beside arbitrary text.
REFS = st.one_of(
    st.text(max_size=24),
    st.sampled_from(
        ["#", "#0", "#-1", "#99999999999999999999", "/", "//", "3.3/", "/3.2.3", "A1.2/A1.2/x"]
        + ["А3.1", "(a3.1)", "a3.1 ", " ", "\u200b", "A" * 500, "B3", "3.3/3.2.3"]
    ),
)


@fuzz(80)
@given(ref=REFS)
@example(ref="A3.1")
def test_any_ref_for_update_history_and_acknowledge(db, ref):
    EXAMPLES["refs"] += 1
    assert_clean(cli("--db", str(db), "history", "--", ref), allowed=(0, 2))
    assert_clean(
        cli("--db", str(db), "update", "--plan=2018", "--text", "fuzzed", "--", ref),
        allowed=(0, 2),
    )
    assert_clean(
        cli("--db", str(db), "acknowledge", "--plan=2018", "--note", "seen", "--", ref),
        allowed=(0, 2),
    )


PERIODS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["2020/21 Q2", "Q2 2020/21", "2020/21 Q5", "Q0 1999/00", "Jan 2018 - May 2018"]
        + ["Feb 2018 - Jan 2018", "Jan 9999 - Dec 9999", "2020/22 Q1", "Q2 20/21", "-"]
    ),
)


@fuzz(80)
@given(period=PERIODS)
def test_any_period_label(db, period):
    EXAMPLES["period labels"] += 1
    assert_clean(cli("--db", str(db), "show", f"--period={period}"), allowed=(0, 2))
    assert_clean(cli("--db", str(db), "stalled", f"--period={period}"), allowed=(0, 2))
    assert_clean(
        cli("--db", str(db), "import", f"--period={period}", "--dry-run", str(QUARTERLY_EXTRACT)),
        allowed=(0, 2),
    )


@fuzz(60)
@given(plan=st.one_of(st.text(max_size=40), st.sampled_from(["2018", "safer", "Plan", ""])))
def test_any_plan_name(db, plan):
    EXAMPLES["plan names"] += 1
    assert_clean(cli("--db", str(db), "show", f"--plan={plan}"), allowed=(0, 2))
    assert_clean(cli("--db", str(db), "periods", f"--plan={plan}"), allowed=(0, 2))


@fuzz(40)
@given(
    name=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"),
        min_size=1,
        max_size=40,
    ).filter(lambda name: name not in (".", "..")),
    under_a_file=st.booleans(),
)
def test_any_export_path(db, workdir, name, under_a_file):
    EXAMPLES["export paths"] += 1
    blocker = workdir / "file.txt"
    blocker.write_text("not a folder\n")
    folder = blocker if under_a_file else workdir / "exports"
    folder.mkdir(exist_ok=True) if not under_a_file else None
    target = folder / name
    result = cli("--db", str(db), "export", "--date", "2026-06-30", "-o", str(target))
    assert_clean(result, allowed=(0, 2))
    if under_a_file:
        assert result.exit_code == 2
        assert "cannot write" in result.output


def test_export_path_with_a_nul_byte(db, workdir):
    assert_clean(cli("--db", str(db), "export", "-o", str(workdir / "a\x00b.md")), allowed=(2,))


@fuzz(40)
@given(
    fmt=st.text(max_size=8),
    only=st.text(max_size=10),
    on=st.text(max_size=12),
)
def test_any_format_only_and_date(db, fmt, only, on):
    EXAMPLES["formats, --only, --date"] += 1
    assert_clean(cli("--db", str(db), "export", f"--format={fmt}"), allowed=(0, 2))
    assert_clean(cli("--db", str(db), "export", f"--only={only}"), allowed=(0, 2))
    assert_clean(cli("--db", str(db), "export", f"--date={on}"), allowed=(0, 2))
    assert_clean(cli("--db", str(db), "plans", f"--format={fmt}"), allowed=(0, 2))


# ------------------------------------------------------------------------- odd databases


@fuzz(30)
@given(
    parts=st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"),
            min_size=1,
            max_size=12,
        ).filter(lambda part: part not in (".", "..")),
        min_size=1,
        max_size=3,
    )
)
def test_db_in_a_missing_folder_is_refused_and_not_created(workdir, parts):
    EXAMPLES["--db in a missing folder"] += 1
    missing = workdir / "no such folder"
    target = missing.joinpath(*parts) / "plan.db"
    result = cli("--db", str(target), *CREATES)
    assert_clean(result, allowed=(1,))
    assert "does not exist" in result.output or "cannot create" in result.output
    assert not missing.exists()


def test_db_that_is_not_a_database(workdir):
    text_file = workdir / "sample.txt"
    shutil.copyfile(QUARTERLY_EXTRACT, text_file)
    before = text_file.read_bytes()
    for command in (["plans"], ["show"], ["import", str(QUARTERLY_EXTRACT)], ["backup"]):
        result = cli("--db", str(text_file), *command)
        assert_clean(result, allowed=(1,))
        assert result.output.startswith("error: "), result.output
    assert text_file.read_bytes() == before


def test_db_that_is_a_folder_or_under_a_file(workdir):
    folder = workdir / "folder.db"
    folder.mkdir(exist_ok=True)
    for command in (["plans"], CREATES):
        assert_clean(cli("--db", str(folder), *command), allowed=(1, 2))
    blocker = workdir / "blocker.txt"
    blocker.write_text("x")
    assert_clean(cli("--db", str(blocker / "plan.db"), *CREATES), allowed=(1,))
    # A command that only reads says there is no database there (and creates nothing).
    assert_clean(cli("--db", str(blocker / "plan.db"), "plans"), allowed=(2,))


def test_db_that_is_some_other_programs_sqlite_file(workdir):
    other = workdir / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE IF NOT EXISTS things (x)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    result = cli("--db", str(other), "plans")
    assert_clean(result, allowed=(1,))
    assert "another program" in result.output
    assert other.read_bytes() == before


@fuzz(30)
@given(
    user=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00@/?#[]:"),
        max_size=12,
    ),
    password=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00@/?#[]"),
        max_size=12,
    ),
    port=st.one_of(st.just("1"), st.text("0123456789abc:", max_size=6)),
)
def test_any_postgres_url_fails_cleanly_and_never_shows_the_password(user, password, port):
    # Only the local host: a fuzzed host name would wait on DNS.
    EXAMPLES["database URLs"] += 1
    url = f"postgresql://{user}:SECRET{password}@127.0.0.1:{port}/x"
    result = cli("--db", url, "plans")
    assert_clean(result, allowed=(1,))
    assert "SECRET" not in result.output


@fuzz(30)
@given(
    name=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"),
        min_size=1,
        max_size=16,
    )
)
def test_any_file_name_is_the_database_file(workdir, name):
    EXAMPLES["--db file names"] += 1
    folder = workdir / "names"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    result = cli("--db", str(folder / name), *CREATES)
    assert_clean(result, allowed=(0, 1))
    if name not in (".", ".."):
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in folder.iterdir()) == [name], "opened another file"
