"""The `plandesk` command line (`plandesk = "plandesk.cli:main"`, `python -m plandesk`)."""

from plandesk.cli.root import app, main

__all__ = ["app", "main"]
