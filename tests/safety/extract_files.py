"""Quarterly-extract documents of any size, written at test time for import races and re-imports.

`write_extract(path, activities, variant)` writes a file in the 2020 extract's layout (one table,
tab-separated cells) whose updates all say which `variant` of the document they come from, so a
test can tell which of two racing imports a row came from.
"""

from __future__ import annotations

from pathlib import Path

PLAN_NAME = "Racing Test Plan"
PER_COMMITMENT = 10
HEADER = "No\tSWP Commitment\tSupporting activity\tQuarter 2 Update July to September 2020\t"


def update_text(ref: str, variant: str) -> str:
    """The update the document of `variant` gives activity `ref`."""
    return f"Update for {ref} from document {variant}: partners met and agreed the next steps."


def write_extract(path: Path, activities: int, variant: str) -> Path:
    """Write an extract with `activities` activities (ten per commitment) to `path`."""
    lines = ["PUTTING VICTIMS AND SURVIVORS FIRST\t\t\t", HEADER]
    for n in range(activities):
        commitment, activity = divmod(n, PER_COMMITMENT)
        ref = f"A{commitment + 1}.{activity + 1}"
        cells = f"({ref})Work with partners on item {n + 1}\t{update_text(ref, variant)}"
        if activity == 0:
            lines.append(f"A{commitment + 1}\tCommitment number {commitment + 1}\t{cells}")
        else:
            lines.append(f"\t\t{cells}")
    lines.append(f"Appendix 1: {PLAN_NAME} Delivery Plan Extract")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
