"""The two real delivery-plan documents shipped with plandesk (used by `plandesk demo`)."""

from pathlib import Path

__all__ = ["ALL", "PANEL_REPORT", "QUARTERLY_EXTRACT"]

_HERE = Path(__file__).resolve().parent
PANEL_REPORT = _HERE / "2018-05_panel_report_delivery_plan.txt"
QUARTERLY_EXTRACT = _HERE / "2020-q2_delivery_plan_extract.txt"
ALL = (PANEL_REPORT, QUARTERLY_EXTRACT)
