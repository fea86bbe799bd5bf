"""Storage settings: how many automatic backups to keep, and SQLite's journal mode.

Read from `settings.toml` in the config directory, every key optional; an environment variable
overrides the file:

    [backups]
    keep = 10                 # automatic backups kept per database; 0 turns them off
                              # (env PLANDESK_BACKUPS_KEEP)
    [database]
    journal_mode = "delete"   # wal | delete | truncate | persist (env PLANDESK_JOURNAL_MODE);
                              # default: wal, or delete when the file is on a network drive
    [authors]
    root = "Policy Team"      # how exports name an officer by login (others: their login)

Pure: no database. A bad value raises `SettingsError` naming where it came from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from plandesk.core.errors import PlandeskError
from plandesk.store.locations import config_dir

__all__ = [
    "DEFAULT_BACKUPS_KEEP",
    "JOURNAL_MODES",
    "Settings",
    "SettingsError",
    "load_settings",
    "settings_path",
]

FILE_NAME = "settings.toml"
DEFAULT_BACKUPS_KEEP = 10
JOURNAL_MODES = ("wal", "delete", "truncate", "persist")
KEEP_ENV = "PLANDESK_BACKUPS_KEEP"
JOURNAL_ENV = "PLANDESK_JOURNAL_MODE"


class SettingsError(PlandeskError, ValueError):
    """A setting that cannot be used, with where it came from."""


@dataclass(frozen=True)
class Settings:
    """The storage settings in force."""

    backups_keep: int = DEFAULT_BACKUPS_KEEP
    # None: choose by the file system (WAL, or the rollback journal on a network drive).
    journal_mode: str | None = None
    # Login → the name exports show for it.
    authors: dict[str, str] = field(default_factory=dict)


def settings_path() -> Path:
    """Where `settings.toml` lives."""
    return config_dir() / FILE_NAME


def _keep(value: object, where: str) -> int:
    if isinstance(value, bool):
        raise SettingsError(f"{where}: keep must be a whole number of backups, not {value!r}")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise SettingsError(
            f"{where}: keep must be a whole number of backups, not {value!r}"
        ) from None
    if number < 0:
        raise SettingsError(f"{where}: keep must be 0 (no automatic backups) or more")
    return number


def _journal(value: object, where: str) -> str:
    text = str(value).strip().lower()
    if text not in JOURNAL_MODES:
        raise SettingsError(
            f"{where}: journal_mode must be one of {', '.join(JOURNAL_MODES)}, not {value!r}"
        )
    return text


def _authors(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and name.strip() for name in value.values()
    ):
        raise SettingsError(f'{where}: [authors] must map logins to names, like root = "Jo Bloggs"')
    return {login: " ".join(name.split()) for login, name in value.items()}


def load_settings() -> Settings:
    """The settings: environment over `settings.toml` over the defaults."""
    path = settings_path()
    data: dict = {}
    if path.is_file():
        import tomllib  # most officers have no settings file: not imported at every start

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{path}: cannot be read: {exc}") from None
    backups = data.get("backups", {})
    database = data.get("database", {})
    if not isinstance(backups, dict) or not isinstance(database, dict):
        raise SettingsError(f"{path}: [backups] and [database] must be tables")
    keep = DEFAULT_BACKUPS_KEEP
    journal = None
    if "keep" in backups:
        keep = _keep(backups["keep"], f"{path}: [backups]")
    if "journal_mode" in database:
        journal = _journal(database["journal_mode"], f"{path}: [database]")
    env_keep = os.environ.get(KEEP_ENV, "").strip()
    if env_keep:
        keep = _keep(env_keep, KEEP_ENV)
    env_journal = os.environ.get(JOURNAL_ENV, "").strip()
    if env_journal:
        journal = _journal(env_journal, JOURNAL_ENV)
    authors = _authors(data.get("authors", {}), str(path))
    return Settings(backups_keep=keep, journal_mode=journal, authors=authors)
