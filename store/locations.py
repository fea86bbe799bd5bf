"""Where plandesk keeps its files, per the platform's conventions (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

__all__ = ["backup_dir", "config_dir", "data_dir", "default_database_path"]

_DIRS = PlatformDirs("plandesk", appauthor=False)


def data_dir() -> Path:
    """The user's plandesk data directory (`PLANDESK_HOME` overrides it)."""
    home = os.environ.get("PLANDESK_HOME")
    return Path(home) / "data" if home else Path(_DIRS.user_data_dir)


def config_dir() -> Path:
    """The user's plandesk config directory (`PLANDESK_HOME` overrides it)."""
    home = os.environ.get("PLANDESK_HOME")
    return Path(home) / "config" if home else Path(_DIRS.user_config_dir)


def backup_dir() -> Path:
    """Where automatic backups go."""
    return data_dir() / "backups"


def default_database_path() -> Path:
    """The embedded SQLite database used when no `--db` or `PLANDESK_DB` is given."""
    return data_dir() / "plandesk.db"
