"""The Panel report's prose and glossary: the reporting period, the plan's name, the
"Holding to account" table, and the oversight bodies of the glossary's NAME / PURPOSE / MEETS
tables."""

from __future__ import annotations

import re
from collections import Counter

from plandesk.core.periods import PeriodError, PeriodSpec, parse_period
from plandesk.core.records import ImportProblem, OversightBodyRecord
from plandesk.importers.panel_cells import Cell, fold, quote, read_cells, squash

__all__ = ["DEFAULT_PLAN_NAME", "holding_to_account", "plan_name", "read_glossary", "read_period"]

DEFAULT_PLAN_NAME = "Police and Crime Plan"
GLOSSARY_COLUMNS = ("NAME", "PURPOSE", "MEETS")

_GLOSSARY_AREA = re.compile(r"\((?:[^()]*?\bPlan\s*[-–—:]\s*)?([^()]*)\)\s*$")
_PLAN_NAME = re.compile(r"\b((?:[A-Z][\w’']*\s+){1,4}Plan)\b")


# --- the prose ------------------------------------------------------------------------------


def read_period(lines: list[str], source: str) -> PeriodSpec:
    """The reporting period from the title, e.g. "... REPORT (JAN 2018- MAY 2018)"."""
    title_index = next((i for i, line in enumerate(lines) if line.strip()), 0)
    title = lines[title_index]
    for candidate in [*re.findall(r"\(([^()]*)\)", title), title]:
        try:
            return parse_period(candidate)
        except PeriodError:
            continue
    raise ImportProblem(
        source,
        title_index + 1,
        f"cannot find the reporting period in the title {quote(title)}: expected it in "
        "brackets, like '(JAN 2018 - MAY 2018)'",
    )


def plan_name(lines: list[str]) -> str:
    """The plan's name as the report writes it most often (e.g. "Safer West Mercia Plan")."""
    names = Counter(
        squash(match)
        for line in lines
        for match in _PLAN_NAME.findall(line)
        if "Delivery" not in match and not match.startswith(("The ", "A "))
    )
    return names.most_common(1)[0][0] if names else DEFAULT_PLAN_NAME


def holding_to_account(prose: list[str]) -> str:
    """The "Holding to account" table as lines like "January — Thematic — Domestic abuse".

    The month and type cells are merged down in Word, so an empty one repeats the row above.
    """
    start = next(
        (
            i
            for i, line in enumerate(prose)
            if line.startswith("\t") and squash(line).lower() == "month"
        ),
        None,
    )
    if start is None:
        return ""
    end = start
    while end < len(prose) and (not prose[end].strip() or prose[end].startswith("\t")):
        end += 1
    texts = [squash(cell.text) for cell in read_cells(prose, start, end)]
    if [t.lower() for t in texts[:3]] != ["month", "type", "subject area"]:
        return ""
    out = ["Holding to account"]
    previous = ["", ""]
    for first in range(3, len(texts), 3):
        month, kind, subject = (texts[first : first + 3] + ["", "", ""])[:3]
        month, kind = month or previous[0], kind or previous[1]
        previous = [month, kind]
        out.append(" — ".join(part for part in (month, kind, subject) if part))
    return "\n".join(out) if len(out) > 1 else ""


# --- the glossary ---------------------------------------------------------------------------


def read_glossary(
    lines: list[str], start: int, source: str, objectives: list[str]
) -> list[OversightBodyRecord]:
    """Oversight bodies from the glossary's NAME / PURPOSE / MEETS tables."""
    cells = read_cells(lines, start + 1, len(lines))
    bodies: list[OversightBodyRecord] = []
    area = ""
    index = 0
    while index < len(cells):
        if cells[index].text.upper() == "NAME":
            area = _glossary_area(cells, index, objectives)
            index += len(GLOSSARY_COLUMNS)
            continue
        row = [cells[index]]
        while len(row) < len(GLOSSARY_COLUMNS) and index + len(row) < len(cells):
            following = cells[index + len(row)]
            if following.text.upper() == "NAME" or (following.gap_before and following.text):
                break
            row.append(following)
        if len(row) < len(GLOSSARY_COLUMNS):
            missing = " / ".join(GLOSSARY_COLUMNS[len(row) :])
            raise ImportProblem(
                source, row[0].line, f"glossary row has no {missing} cell ({quote(row[0].text)})"
            )
        if row[0].text:
            bodies.append(_oversight_body(row, area))
        index += len(row)
    return bodies


def _glossary_area(cells: list[Cell], index: int, objectives: list[str]) -> str:
    heading = squash(cells[index + 1].text) if index + 1 < len(cells) else ""
    match = _GLOSSARY_AREA.search(heading)
    area = match.group(1).strip() if match else ""
    # "Reforming west Mercia" in the glossary is the objective "Reforming West Mercia".
    same = [title for title in objectives if fold(title) == fold(area)]
    return same[0] if same else area


def _oversight_body(row: list[Cell], area: str) -> OversightBodyRecord:
    raw_name = squash(row[0].text)
    name = raw_name.rstrip("*# ")
    markers = raw_name[len(name) :]
    return OversightBodyRecord(
        name=name,
        purpose=squash(row[1].text),
        frequency=squash(row[2].text),
        notes_published="*" in markers,
        public_meeting="#" in markers,
        area=area,
        line=row[0].line,
    )
