"""Bad input, fuzzed: the importers under arbitrary bytes and mangled copies of the samples.

Every run ends in a parsed document or in the clean `FILE:LINE: what is wrong` problem, never
a traceback; through the CLI, an import either succeeds (exit 0) or stops with exit 2 and
`error: FILE:LINE: …` and leaves the database exactly as it was.

Runs are derandomised (the same examples every time, so CI is stable);
`PLANDESK_FUZZ_RANDOM=1` explores new ones and `PLANDESK_FUZZ_SCALE=10` runs ten times as many.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.importers import ImportProblem, PlanDocument, read_document
from plandesk.samples import ALL, PANEL_REPORT, QUARTERLY_EXTRACT
from tests.databases import sqlite_fingerprint as content

SCALE = float(os.environ.get("PLANDESK_FUZZ_SCALE", "1"))
#: Examples run per test, for the closing report (`pytest -s` prints them).
EXAMPLES: Counter[str] = Counter()
OUTCOMES: Counter[str] = Counter()
SAMPLES = {path.name: path.read_bytes() for path in ALL}


def fuzz(examples: int):
    return settings(
        max_examples=max(int(examples * SCALE), 1),
        deadline=None,
        database=None,
        derandomize=os.environ.get("PLANDESK_FUZZ_RANDOM") != "1",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print("\nfuzz examples run:", dict(EXAMPLES), "outcomes:", dict(OUTCOMES))


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="plandesk-fuzz-") as folder:
        yield Path(folder)


def _file(workdir: Path, data: bytes, name: str = "input.txt") -> Path:
    path = workdir / name
    path.write_bytes(data)
    return path


def _where(path: Path, line: int) -> str:
    """How a problem names its place: `FILE:LINE: `, or `FILE: ` when no line is to blame."""
    return f"{path}:{line}: " if line else f"{path}: "


def check_read(path: Path, data: bytes) -> str:
    """Read the document; a parse or a clean FILE:LINE problem are the only outcomes."""
    try:
        document = read_document(path)
    except ImportProblem as problem:
        text = str(problem)
        assert text.startswith(_where(path, problem.line)), text
        assert problem.message.strip(), text
        lines = data.count(b"\n") + data.count(b"\r") + 1
        assert 0 <= problem.line <= lines + 1, f"line {problem.line} of a {lines}-line file"
        OUTCOMES["problem"] += 1
        return "problem"
    assert isinstance(document, PlanDocument)
    OUTCOMES["parsed"] += 1
    return "parsed"


# ------------------------------------------------------------------------- mutations


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutated_sample(draw) -> bytes:
    """A sample with a few lines deleted, duplicated, swapped, garbled or cut short."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    lines = _lines(SAMPLES[name])
    garbage = st.one_of(
        st.binary(max_size=80),
        st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [
                b"\t\t\t",
                b"No\tSWP Commitment\tSupporting activity\tQuarter 9 Update",
                b"Appendix 1: Safer West Mercia Plan Delivery Plan Extract",
                b"(A1.1)",
                b"<ul> <li>",
                b"Page 3 of 12",
                b"\xef\xbb\xbf",
                b"\r",
                b"%PDF-1.4",
            ]
        ),
    )
    for _ in range(draw(st.integers(1, 8))):
        n = len(lines)
        i = draw(st.integers(0, n - 1))
        op = draw(
            st.sampled_from(
                ["delete", "delete_run", "duplicate", "swap", "insert", "garble", "tabs", "cut"]
            )
        )
        if op == "delete" and n > 1:
            del lines[i]
        elif op == "delete_run":
            del lines[i : i + draw(st.integers(1, 60))]
            lines = lines or [b""]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, n - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(garbage))
        elif op == "garble":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(garbage) + line[at + draw(st.integers(0, 20)) :]
        elif op == "tabs":
            lines[i] = lines[i].replace(b"\t", draw(st.sampled_from([b"", b" ", b"\t\t"])))
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    data = b"\n".join(lines)
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


# ------------------------------------------------------------------------- the reader


@fuzz(400)
@given(data=st.binary(max_size=6000))
def test_arbitrary_bytes_parse_or_stop_cleanly(workdir, data):
    EXAMPLES["arbitrary bytes"] += 1
    check_read(_file(workdir, data), data)


@fuzz(300)
@given(text=st.text(max_size=3000))
def test_arbitrary_text_parses_or_stops_cleanly(workdir, text):
    EXAMPLES["arbitrary text"] += 1
    data = text.encode("utf-8", "surrogatepass")
    check_read(_file(workdir, data), data)


@fuzz(400)
@given(data=mutated_sample())
def test_mutated_samples_parse_or_stop_cleanly(workdir, data):
    EXAMPLES["mutated samples"] += 1
    check_read(_file(workdir, data), data)


@fuzz(200)
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    cut=st.floats(0, 1),
    period=st.one_of(st.none(), st.text(max_size=30)),
)
def test_truncated_samples_and_any_period_stop_cleanly(workdir, name, cut, period):
    EXAMPLES["truncated samples, --period"] += 1
    data = SAMPLES[name][: int(len(SAMPLES[name]) * cut)]
    path = _file(workdir, data)
    try:
        read_document(path, period=period)
    except ImportProblem as problem:
        assert str(problem).startswith(_where(path, problem.line))


# ------------------------------------------------------------------------- through the CLI

runner = CliRunner()
ERROR_LINE = re.compile(r"^error: (?P<file>.+?):(?P<line>\d+): \S")


@pytest.fixture(scope="module")
def loaded_db(workdir) -> Path:
    """A database holding both samples, copied afresh for each example."""
    path = workdir / "template.db"
    result = runner.invoke(
        app, ["--db", str(path), "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT)]
    )
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    return path


@fuzz(60)
@given(data=mutated_sample(), with_good_file=st.booleans())
def test_cli_import_of_mangled_file_is_all_or_nothing(workdir, loaded_db, data, with_good_file):
    EXAMPLES["CLI imports of mutated samples"] += 1
    db = workdir / "fuzz.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(loaded_db, db)
    before = content(db)
    bad = _file(workdir, data, "mangled.txt")
    files = [str(QUARTERLY_EXTRACT), str(bad)] if with_good_file else [str(bad)]
    result = runner.invoke(app, ["--db", str(db), "import", *files])
    output = result.output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 2), output
    OUTCOMES[f"CLI exit {result.exit_code}"] += 1
    if result.exit_code == 2:
        first = output.strip().splitlines()[0]
        match = ERROR_LINE.match(first)
        assert match, first
        assert match["file"] == str(bad)
        assert content(db) == before, "a failed import changed the database"
