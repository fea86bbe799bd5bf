"""Where the tests' own files are, whichever folder a test module sits in."""

from __future__ import annotations

from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent  # the repository, which is the `plandesk` package
WORKERS = TESTS_DIR / "workers"  # scripts the process tests start with `sys.executable`
DATA = TESTS_DIR / "data"  # databases as each released schema left them
GOLDEN = TESTS_DIR / "golden"  # exports that must stay byte-identical
