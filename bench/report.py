"""The one table `python -m bench` prints: rows are figures, columns are plan sizes."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ROWS", "Row", "render_table"]


@dataclass(frozen=True)
class Row:
    """One line of the table.

    `key` names the samples; `ratio` = (ours, floor) keys makes a ratio-of-medians row;
    `target` (in the row's unit, for 10k×8) with `target_ratio` when the target is a ratio.
    """

    label: str
    key: str = ""
    unit: str = "ms"
    ratio: tuple[str, str] | None = None
    target: float | None = None
    target_text: str = ""


ROWS: tuple[Row, ...] = (
    Row("import, all periods (import_documents)", "import", "s", target_text="—"),
    Row("  .xlsx of one period → grids (excel.read_grids)", "workbook_grids", "s"),
    Row("start-up → first paint with tree (ours)", "startup", "s"),
    Row("  of which imports (plandesk.tui, store)", "startup_imports", "s"),
    Row("  tree filled (Reloaded handled)", "startup_loaded", "s"),
    Row("  stall marks in (Reviewed handled, after paint)", "startup_reviewed", "s"),
    Row("  floor: bare Tree+TextArea, lazy", "floor_lazy_startup", "s"),
    Row("  floor: bare Tree+TextArea, eager (ref.)", "floor_eager_startup", "s"),
    Row(
        "  ratio ours / lazy floor",
        ratio=("startup", "floor_lazy_startup"),
        unit="×",
        target=1.5,
        target_text="≤ 1.5×",
    ),
    Row("  ratio ours / eager floor", ratio=("startup", "floor_eager_startup"), unit="×"),
    Row(
        "cursor move: CPU work, key → last repaint", "cursor_cpu", target=16, target_text="≤ 16 ms"
    ),
    Row("cursor move: wall, key → last repaint", "cursor_wall"),
    Row("  repaints per move", "cursor_frames", "n"),
    Row("  floor: CPU work", "floor_cursor_cpu"),
    Row("  floor: wall", "floor_cursor_wall"),
    Row("  floor: repaints per move", "floor_cursor_frames", "n"),
    Row("  ratio ours / floor (wall)", ratio=("cursor_wall", "floor_cursor_wall"), unit="×"),
    Row("  ratio ours / floor (CPU)", ratio=("cursor_cpu", "floor_cursor_cpu"), unit="×"),
    Row("editor: open (e), wall to last repaint", "editor_open"),
    Row("  CPU work", "editor_open_cpu"),
    Row("  repaints", "editor_open_frames", "n"),
    Row("editor: leave (escape), wall to last repaint", "editor_leave"),
    Row("  repaints", "editor_leave_frames", "n"),
    Row("expand a commitment (→), wall to paint", "expand_commitment"),
    Row("  floor", "floor_expand_commitment"),
    Row("expand an objective (→), wall to paint", "expand_objective"),
    Row("  floor", "floor_expand_objective"),
    Row("search word: typing → filtered tree", "search_word", target=100, target_text="≤ 100 ms"),
    Row("search ref: typing → filtered tree", "search_ref", target=100, target_text="≤ 100 ms"),
    Row("  store.search only, word", "search_store_word"),
    Row("  store.search only, ref", "search_store_ref"),
    Row("  clear search → full tree", "search_clear"),
    Row("switch period: load → tree shown", "switch_period"),
    Row("save: store.save_update", "save_store", target=20, target_text="≤ 20 ms"),
    Row("save: app (worker, Saved, repaint)", "save_app"),
    Row("export, first (stall verdicts worked out): total", "export_cold_total", "s"),
    Row("  of which snapshot (reads + stall rules)", "export_cold_snapshot"),
    Row("export: snapshot (verdicts kept)", "export_snapshot"),
    Row("export: oversight", "export_oversight"),
    Row("export: render_markdown", "export_render"),
    Row("export: total, whole plan", "export_total", "s", target=1.0, target_text="≤ 1 s"),
    Row("show --format json: whole command, nothing cached", "cmd_show_json", "s"),
    Row("  floor: python -c 'import typer, sqlmodel'", "floor_import", "s"),
    Row(
        "  ratio show / import floor",
        ratio=("cmd_show_json", "floor_import"),
        unit="×",
        target=2.0,
        target_text="≤ 2×",
    ),
    Row("export -o FILE (md): whole command, nothing cached", "cmd_export", "s"),
    Row("  its peak RSS", "rss_cmd_export", "MB", target_text="≤ 300 MB at 50k"),
    Row("store calls cold (a fresh process each, nothing cached):"),
    Row("  import the store (plandesk.store.service)", "cold_imports"),
    Row("  PlanStore.open (migration check)", "cold_open"),
    Row("  plans()", "cold_plans"),
    Row("  read_plan, no rules (show)", "cold_read_plan"),
    Row("  read_plan with the rules (stalled, chase, export)", "cold_read_plan_rules"),
    Row("  app load: plans, periods, snapshot, oversight, drafts", "cold_load"),
    Row("  search word", "cold_search_word"),
    Row("  search ref", "cold_search_ref"),
    Row("  save: save_update + activity_view", "cold_save"),
    Row("  export: read_plan + oversight + streamed md", "cold_export", "s"),
    Row("  peak RSS of the cold export process", "rss_cold_export", "MB"),
    Row("peak RSS: app process", "rss_app", "MB", target=250, target_text="≤ 250 MB"),
    Row("peak RSS: floor process (lazy)", "floor_lazy_rss", "MB"),
    Row("peak RSS: export process", "rss_export", "MB"),
    Row("peak RSS: import process", "rss_import", "MB"),
)


def _scale(value: float, unit: str) -> float:
    return value * 1000 if unit == "ms" else value


def _number(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f}"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f}"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _cell(samples: Sequence[float] | None, unit: str) -> str:
    if not samples:
        return "—"
    values = [_scale(v, unit) for v in samples]
    median = statistics.median(values)
    if len(values) == 1:
        return _number(median, unit)
    return f"{_number(median, unit)} ({_number(min(values), unit)}–{_number(max(values), unit)})"


def _median(samples: Sequence[float] | None) -> float | None:
    return statistics.median(samples) if samples else None


def _ratio(data: dict[str, list[float]], ours: str, floor: str) -> float | None:
    a, b = _median(data.get(ours)), _median(data.get(floor))
    return a / b if a is not None and b else None


def _verdict(row: Row, data: dict[str, list[float]]) -> str:
    if row.target is None:
        return ""
    if row.ratio is not None:
        value = _ratio(data, *row.ratio)
    else:
        median = _median(data.get(row.key))
        value = None if median is None else _scale(median, row.unit)
    if value is None:
        return ""
    return "met" if value <= row.target else "MISSED"


def render_table(columns: Sequence[tuple[str, dict[str, list[float]]]]) -> str:
    """Rows of ROWS, one column per size: `median (min–max)`; target and verdict for 10k×8."""
    header = ["figure", *[name for name, _ in columns], "target (10k×8)", "at 10k×8"]
    last = dict(columns).get("10k×8")
    lines: list[list[str]] = []
    for row in ROWS:
        if not row.key and row.ratio is None:  # a heading over the rows below it
            lines.append([row.label] + [""] * (len(header) - 1))
            continue
        cells = [row.label + (f" [{row.unit}]" if row.unit not in ("×",) else "")]
        for _name, data in columns:
            if row.ratio is not None:
                value = _ratio(data, *row.ratio)
                cells.append("—" if value is None else _number(value, "×"))
            else:
                cells.append(_cell(data.get(row.key), row.unit))
        cells.append(row.target_text)
        cells.append(_verdict(row, last) if last is not None else "")
        if all(c == "—" for c in cells[1 : 1 + len(columns)]):
            continue
        lines.append(cells)
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]

    def fmt(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "| " + " | ".join([first, *rest]) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(header), rule, *(fmt(r) for r in lines)])
