"""The `plandesk` command line (`plandesk = "plandesk.cli:main"`, `python -m plandesk`).

`app` (the Typer app) is imported when first asked for: `main` tries the app's fast start
(`fast_start`) before anything imports Typer.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    from plandesk.cli.fast_start import start_fast

    if start_fast(sys.argv[1:]):
        return
    from plandesk.cli.root import main as full_main

    full_main()


def __getattr__(name: str) -> Any:
    if name == "app":
        from plandesk.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
