"""The plan summary document (`plandesk export`): structure, options, counts, determinism.

Two kinds of snapshot: the hand-built one from `tests.factories.make_snapshot` (every
case in a few activities) and real ones, imported from the two bundled samples into a SQLite
file (`real` fixture: 2018, 2020 Q2, and 2020 Q3 = the extract again with three updates edited
and one flag acknowledged at a fixed time).

Golden files: `tests/golden/*.md` and `*.html` are the real documents, compared byte for byte.
When the document layout or the stall rules change on purpose, regenerate them and review the
diff:

    PLANDESK_UPDATE_GOLDEN=1 python -m pytest tests/exports/test_export_markdown.py -k golden
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from plandesk.core.plan import PlanSnapshot
from plandesk.exports import (
    ExportError,
    ExportOptions,
    render_html,
    render_markdown,
    select_scope,
)
from plandesk.exports.html import markdown_parser
from plandesk.exports.scope import STATUS_COLUMNS, status_label
from tests.exports.markdown_checks import PARSER, html_tokens
from tests.factories import BODIES, make_snapshot
from tests.paths import GOLDEN

DAY = date(2024, 5, 1)


def options(**kw) -> ExportOptions:
    return ExportOptions(generated_on=kw.pop("generated_on", DAY), **kw)


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every heading as a reader sees it: the HTML's parser reads the
    explicit anchors (`{#a1-1}`) as ids, and links and emphasis are only their words."""
    tokens = markdown_parser().parse(markdown)
    return [
        (int(t.tag[1]), "".join(c.content for c in tokens[i + 1].children if c.type == "text"))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def summary_table(markdown: str) -> tuple[list[str], list[list[str]]]:
    """Header and body rows of the first table, cells as raw inline Markdown."""
    tokens = PARSER.parse(markdown)
    start = next(i for i, t in enumerate(tokens) if t.type == "table_open")
    end = next(i for i, t in enumerate(tokens) if t.type == "table_close" and i > start)
    rows: list[list[str]] = []
    for t in tokens[start:end]:
        if t.type == "tr_open":
            rows.append([])
        elif t.type == "inline":
            rows[-1].append(t.content)
    return rows[0], rows[1:]


def expected_counts(activities) -> dict[str, int]:
    """Counts computed straight from the views, independently of the exporter."""
    statuses = Counter((" ".join(a.status.split()) or "No update").casefold() for a in activities)
    counts = {"activities": len(activities)}
    counts |= {name.casefold(): n for name, n in statuses.items()}
    counts["flagged"] = sum(1 for a in activities if a.open_flags)
    counts["updated this period"] = sum(1 for a in activities if a.update and a.update.text.strip())
    return counts


def check_summary(markdown: str, snapshot: PlanSnapshot, objectives=None) -> None:
    header, rows = summary_table(markdown)
    objectives = snapshot.objectives if objectives is None else objectives
    assert len(rows) == len(objectives) + 1
    assert rows[-1][0] == "**Total**"
    every = []
    for objective, row in zip(objectives, rows, strict=False):
        # the objective's name, linked to its section when the document has one
        name = re.sub(r"^\[(.*)\]\(#objective-\d+\)$", r"\1", row[0])
        assert name.startswith(f"{objective.position}. ")
        activities = [a for c in objective.commitments for a in c.activities]
        every += activities
        wanted = expected_counts(activities)
        got = {name.casefold(): int(cell) for name, cell in zip(header[1:], row[1:], strict=True)}
        assert {k: got.get(k, 0) for k in wanted} == wanted
        assert sum(got.values()) - got["activities"] - got["flagged"] == (
            got["activities"] + got["updated this period"]
        ), "every activity is in exactly one status column"
    total = {
        name.casefold(): int(cell.strip("*"))
        for name, cell in zip(header[1:], rows[-1][1:], strict=True)
    }
    assert {k: total.get(k, 0) for k in expected_counts(every)} == expected_counts(every)


# ------------------------------------------------------------------------------ hand-built


def test_full_document_structure():
    snapshot = make_snapshot()
    md = render_markdown(snapshot, BODIES, options())
    found = headings(md)
    assert found[0] == (1, "Test Plan 2030: progress report, 2030/31 Q2")
    assert [text for level, text in found if level == 2] == [
        "Contents",
        "Summary",
        "Stalled and at risk",
        "Changed since 2030/31 Q1",
        "Progress by objective",
        "Oversight glossary",
    ]
    assert [text for level, text in found if level == 3 and text[0].isdigit()] == [
        "1. Putting victims first",
        "2. Building a secure place",
    ]
    # Policing and Commissioner's commitments grouped: activities one level down.
    assert (6, "A1.1 · ✖ Stalled (suggested) · flagged") in found
    assert (6, "B1 activity 1 · ○ No update") in found
    assert "###### B1 activity 1 · *○ No update* {#b1-activity-1}" in md.splitlines()
    assert "- **Generated on:** 2024-05-01" in md.splitlines()
    check_summary(md, snapshot)
    assert not html_tokens(md)
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert not [line for line in md.splitlines() if line != line.rstrip()]


def test_status_columns_cover_officer_values():
    md = render_markdown(make_snapshot(), BODIES, options())
    header, rows = summary_table(md)
    assert header[2 : 2 + len(STATUS_COLUMNS)] == list(STATUS_COLUMNS)
    assert "In progress" in header  # B1.2's officer-set "In Progress"
    assert rows[-1][header.index("In progress")] == "**1**"


def test_stalled_section_lists_open_flags_and_acknowledgements():
    md = render_markdown(make_snapshot(), BODIES, options())
    section = md.split("## Stalled and at risk")[1].split("\n## ")[0]
    assert "### Open flags" in section and "### Acknowledged" in section
    open_part, ack_part = section.split("### Acknowledged")
    first = (
        "- **[A1.1](#a1-1)** · *✖ Stalled (suggested)* · commitment A1, objective 1\n"
        '  - **no news:** says only "Refer'
    )
    assert first in open_part
    assert "**[A2](#a2)** · *▲ At risk (suggested)*" in ack_part
    assert "*acknowledged* by ann on 2030-10-02: chased at the board" in ack_part
    assert '**slipping:** the update says "postponed"' in ack_part
    # the detail shows the flag reasons too
    assert '**Flag, no news:** says only "Refer to A1.2"' in md


def test_objective_by_number_letter_or_title():
    snapshot = make_snapshot()
    for query in ("2", "B", "b", "SECURE place", "building"):
        scope = select_scope(snapshot, BODIES, options(objective=query))
        assert [o.position for o in scope.objectives] == [2], query
        assert {e.activity.id for e in scope.entries} == {31, 32}
    md = render_markdown(snapshot, BODIES, options(objective="2"))
    check_summary(md, snapshot, [snapshot.objectives[1]])
    assert "1. Putting victims first" not in md
    assert "objective 2, Building a secure place (2 activities)" in md


def test_unknown_or_ambiguous_objective_lists_the_objectives():
    snapshot = make_snapshot()
    with pytest.raises(ExportError, match="no objective '9'.*1 'Putting victims first'"):
        select_scope(snapshot, BODIES, options(objective="9"))
    with pytest.raises(ExportError, match="ambiguous.*'Putting victims first'.*'Empty"):
        select_scope(snapshot, BODIES, options(objective="i"))


def test_oversight_pack_only_that_body_flagged_first():
    snapshot = make_snapshot()
    md = render_markdown(snapshot, BODIES, options(oversight="victims-BOARD"))
    found = headings(md)
    assert found[0][1] == "Victims Board: oversight pack, Test Plan 2030, 2030/31 Q2"
    pack = found[found.index((2, "Activities overseen by Victims Board")) :]
    assert [t for level, t in pack if level in (3, 4)] == [
        "Flagged (1)",
        "A1.1 · ✖ Stalled (suggested) · flagged",
        "Other activities (2)",
        "A1.2 · ✔ Complete (suggested)",
        "A2 · ▲ At risk (suggested)",
    ]
    assert "**Purpose:** Oversees victim services" in md
    assert "**Commitment:** A1 Support victims" in md
    assert "B1.2" not in md
    # only objective 1 has activities this body oversees
    check_summary(md, snapshot, [snapshot.objectives[0]])


def test_unknown_oversight_body_lists_the_known_ones():
    with pytest.raises(ExportError) as caught:
        select_scope(make_snapshot(), BODIES, options(oversight="Parish Council"))
    assert "known bodies: Crime Reduction Board, Victims Board" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ExportError, match="lists no oversight bodies"):
        select_scope(make_snapshot(), [], options(oversight="Victims Board"))
    with pytest.raises(ExportError, match="ambiguous"):
        select_scope(make_snapshot(), BODIES, options(oversight="board"))


def test_only_stalled_lists_flagged_activities():
    md = render_markdown(make_snapshot(), BODIES, options(only="stalled"))
    found = headings(md)
    assert [t for level, t in found if level == 2] == [
        "Contents",
        "Summary",
        "Stalled and at risk",
        "Progress by objective",
        "Oversight glossary",
    ]
    assert [t for level, t in found if level == 6] == [
        "A1.1 · ✖ Stalled (suggested) · flagged",
        "A2 · ▲ At risk (suggested)",
    ]
    assert "flagged activities only" in md


def test_only_changed_shows_rewritten_updates_whole():
    md = render_markdown(make_snapshot(), BODIES, options(only="changed"))
    found = headings(md)
    assert [t for level, t in found if level == 2] == [
        "Contents",
        "Summary",
        "Changed since 2030/31 Q1",
    ]
    # "Earlier: Work started." → "Progress: Work continues. Next step agreed." keeps one word
    # of nine: shown one after the other, not as a word diff (small edits: test_real_changed).
    assert (
        "> **Rewritten. The update for 2030/31 Q1:**\n>\n> Earlier: Work started.\n>\n"
        "> **This period's update:**\n>\n> Progress: Work continues.\\\n> Next step agreed."
    ) in md
    assert "~~" not in md.split("### Changed updates")[1]
    # No progress section to link to with --only changed.
    assert "### New updates this period\n\n- **B1.2** · *◐ In progress*" in md
    assert "- **B1 activity 1** · *○ No update* · commitment B1, objective 2" in md


def test_only_changed_needs_a_previous_period():
    with pytest.raises(ExportError, match="no previous period"):
        render_markdown(make_snapshot(with_previous=False), BODIES, options(only="changed"))
    md = render_markdown(make_snapshot(with_previous=False), BODIES, options())
    assert "Changed since" not in md and "Previous period" not in md


def test_bad_only_value():
    with pytest.raises(ExportError, match="--only"):
        ExportOptions(generated_on=DAY, only="everything")  # type: ignore[arg-type]


def test_no_period_still_renders():
    snapshot = make_snapshot(with_previous=False)
    snapshot = PlanSnapshot(snapshot.plan, None, None, snapshot.objectives)
    md = render_markdown(snapshot, BODIES, options())
    assert "- **Period:** none" in md and "Update for" not in md


def test_deterministic_and_only_the_date_line_moves():
    snapshot = make_snapshot()
    first = render_markdown(snapshot, BODIES, options())
    assert render_markdown(copy.deepcopy(snapshot), list(BODIES), options()) == first
    later = render_markdown(snapshot, BODIES, options(generated_on=date(2031, 12, 25)))
    changed = [
        (a, b) for a, b in zip(first.splitlines(), later.splitlines(), strict=True) if a != b
    ]
    assert changed == [("- **Generated on:** 2024-05-01", "- **Generated on:** 2031-12-25")]


def test_plan_order_not_input_order():
    snapshot = make_snapshot()
    shuffled = copy.deepcopy(snapshot)
    shuffled.objectives.reverse()
    for objective in shuffled.objectives:
        objective.commitments.reverse()
        for commitment in objective.commitments:
            commitment.activities.reverse()
    assert render_markdown(shuffled, BODIES, options()) == render_markdown(
        snapshot, BODIES, options()
    )


# ------------------------------------------------------------------------------ real samples


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """Snapshots of the two samples: 2018, 2020 (Q2) and 2020 Q3 with three edited updates."""
    try:
        from plandesk.store.service import PlanStore
    except ImportError as exc:  # pragma: no cover - only while the stall rules are missing
        pytest.skip(f"the store cannot be imported yet: {exc}")
    from plandesk.importers import read_document
    from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

    home = tmp_path_factory.mktemp("export-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANDESK_HOME", str(home))
        mp.setenv("PLANDESK_USER", "test-officer")
        mp.delenv("PLANDESK_DB", raising=False)
        store = PlanStore.open(str(home / "x.db"))
        try:
            return build_real(store, read_document, PANEL_REPORT, QUARTERLY_EXTRACT)
        finally:
            store.close()


EDITS = {
    # ref: (old words, new words) applied to the imported Q2 text to make Q3's
    "B1.2": ("3855", "4012"),
    "A2.2": ("We have now", "We have"),
    "D5.1": ("delayed until September", "rescheduled for November"),
}
ACK_AT = datetime(2020, 10, 5, 9, 0, tzinfo=UTC)


def build_real(store, read_document, panel, extract) -> dict:
    store.import_documents([read_document(panel), read_document(extract)], author="importer")
    out = {}
    for name in ("2018", "2020"):
        plan = store.resolve_plan(name)
        period = store.resolve_period(plan.id)
        out[name] = (store.snapshot(plan.id, period.id), store.oversight(plan.id))
    # Q3: the same extract again, then three updates edited and one flag acknowledged.
    store.import_documents([read_document(extract, period="2020/21 Q3")], author="importer")
    plan = store.resolve_plan("2020")
    q3 = store.resolve_period(plan.id, "2020/21 Q3")
    snapshot = store.snapshot(plan.id, q3.id)
    by_ref = {a.ref: a for a in snapshot.activities() if a.ref}
    for ref, (old, new) in EDITS.items():
        activity = by_ref[ref]
        assert old in activity.update.text, (ref, activity.update.text)
        text = activity.update.text.replace(old, new)
        store.save_update(activity.id, q3.id, text, author="editor", status="On track")
    store.acknowledge(by_ref["A3.1"].id, q3.id, "Chased at HTA | 12 Oct *again*", author="ann")
    snapshot = store.snapshot(plan.id, q3.id)
    for activity in snapshot.activities():
        if activity.acknowledged is not None:  # a fixed time, so the golden file holds
            activity.acknowledged = replace(activity.acknowledged, at=ACK_AT)
    out["2020 Q3"] = (snapshot, store.oversight(plan.id))
    return out


@pytest.mark.parametrize("name", ["2018", "2020", "2020 Q3"])
def test_real_structure_and_counts(real, name):
    snapshot, bodies = real[name]
    md = render_markdown(snapshot, bodies, options())
    found = headings(md)
    assert found[0] == (1, f"{snapshot.plan.title}: progress report, {snapshot.period.label}")
    objectives = [t for level, t in found if level == 3 and re.match(r"\d+\. ", t)]
    assert len(objectives) == len(snapshot.objectives) == 4
    # 2018 groups policing and Commissioner's commitments: its activities are one level down.
    activity_headings = [t for level, t in found if level == (6 if name == "2018" else 5)]
    assert len(activity_headings) == len(snapshot.activities())
    check_summary(md, snapshot)
    assert not html_tokens(md)
    for activity in snapshot.activities():
        for flag in activity.open_flags:
            assert f"**{flag.rule}:**" in md
    assert render_markdown(snapshot, bodies, options()) == md


def test_real_2018_missing_update_and_statuses(real):
    snapshot, bodies = real["2018"]
    md = render_markdown(snapshot, bodies, options())
    assert "###### D5.2 · *○ No update* · flagged {#d5-2}" in md
    # A1.2's update is only "Refer to A1.2 and A2.1": no longer listed as stalled, it is
    # reported under A2.1, linked to its entry.
    assert "- **[A1.2](#a1-2)**" not in md
    assert "**Reported under:** [A2.1](#a2-1) (Complete)" in md
    assert {status_label(a) for a in snapshot.activities()} <= set(STATUS_COLUMNS)


def test_real_oversight_pack(real):
    snapshot, bodies = real["2018"]
    # the body overseeing the most activities, some flagged and some not
    body = max(
        (
            b
            for b in bodies
            if len({bool(a.open_flags) for a in snapshot.activities() if b.name in a.bodies}) == 2
        ),
        key=lambda b: (b.activity_count, b.name),
    )
    md = render_markdown(snapshot, bodies, options(oversight=body.name.upper()))
    overseen = [a for a in snapshot.activities() if body.name in a.bodies]
    found = headings(md)
    found = found[found.index((2, f"Activities overseen by {body.name}")) :]
    level4 = [t for level, t in found if level == 4]
    assert len(level4) == len(overseen)
    flagged = [t.endswith("· flagged") for t in level4]
    assert flagged == sorted(flagged, reverse=True) and any(flagged) and not all(flagged)
    assert f"## Activities overseen by {body.name}" in md


def test_real_unknown_body(real):
    snapshot, bodies = real["2018"]
    with pytest.raises(ExportError) as caught:
        render_markdown(snapshot, bodies, options(oversight="Nobody Board"))
    for body in bodies:
        assert body.name in str(caught.value)


def test_real_changed_word_diff(real):
    snapshot, bodies = real["2020 Q3"]
    md = render_markdown(snapshot, bodies, options(only="changed"))
    assert [t for level, t in headings(md) if level == 4] == [
        "A2.2 · commitment A2, objective 1",
        "B1.2 · commitment B1, objective 2",
        "D5.1 · commitment D5, objective 4",
    ]
    assert "~~3855~~ **4012**" in md
    assert "We have ~~now~~ updated" in md
    assert "~~delayed until September~~ **rescheduled for November**" in md
    assert "**Status set by officer:** On track (was none)" in md
    full = render_markdown(snapshot, bodies, options())
    assert "## Changed since 2020/21 Q2" in full
    assert "*acknowledged* by ann on 2020-10-05: Chased at HTA \\| 12 Oct \\*again\\*" in full


# ------------------------------------------------------------------------------ golden files

UPDATE_GOLDEN = os.environ.get("PLANDESK_UPDATE_GOLDEN") == "1"
GOLDEN_CASES = {
    "panel_report_2018.md": ("2018", {}),
    "panel_report_2018_victims_board.md": ("2018", {"oversight": "Victims Board"}),
    "quarterly_extract_2020.md": ("2020", {}),
    "quarterly_extract_2020_q3.md": ("2020 Q3", {}),
    "quarterly_extract_2020_q3_changed.md": ("2020 Q3", {"only": "changed"}),
    "quarterly_extract_2020_q3.html": ("2020 Q3", {}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(real, name):
    pytest.importorskip(
        "plandesk.core.rules.engine",
        reason="the stall rules decide every flag in the golden files; skipped until they exist",
    )
    sample, extra = GOLDEN_CASES[name]
    snapshot, bodies = real[sample]
    render = render_html if name.endswith(".html") else render_markdown
    produced = render(snapshot, bodies, options(**extra)).encode("utf-8")
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(produced)
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run with PLANDESK_UPDATE_GOLDEN=1 to create it")
    expected = path.read_bytes()
    if produced != expected:
        # compare as text first for a readable diff, then insist on the bytes
        assert produced.decode("utf-8") == expected.decode("utf-8"), f"{name} differs"
    assert produced == expected
