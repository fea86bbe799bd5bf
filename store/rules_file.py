"""Where the stall rules' settings file lives, and reading it (once per change of the file).

The file is `stall_rules.toml` in the user's config directory (`plandesk.store.locations`);
what it may say, and how it is checked, is `plandesk.core.rules.config`.
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

from plandesk.core.rules.config import DEFAULT_CONFIG, ConfigError, RuleConfig, parse_config
from plandesk.core.rules.template import DEFAULT_TOML
from plandesk.store.locations import config_dir

__all__ = ["FILE_NAME", "config_path", "load_config", "write_default_config"]

FILE_NAME = "stall_rules.toml"

# A file changed within this many seconds of its last read may change again with the same
# size and timestamp (timestamps are coarse on some filesystems): such a file is read again.
_SETTLED_SECONDS = 2.0
# path -> ((mtime_ns, size), text) of the last read that can be trusted to stay current
_texts: dict[Path, tuple[tuple[int, int], str]] = {}


def config_path() -> Path:
    """Where the user's stall-rules file lives: `config_dir() / "stall_rules.toml"`."""
    return config_dir() / FILE_NAME


def write_default_config(path: Path | None = None, *, overwrite: bool = False) -> Path:
    """Write the commented default file (to `config_path()` unless `path` is given).

    Refuses (`FileExistsError`) to replace an existing file unless `overwrite` is true.
    """
    target = Path(path) if path is not None else config_path()
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(DEFAULT_TOML, encoding="utf-8")
    return target


def load_config(plan_title: str | None = None, path: Path | None = None) -> RuleConfig:
    """The rules' settings for one plan ("NAME EDITION"), or for every plan when None.

    Reads `path` (default `config_path()`); a missing file gives `DEFAULT_CONFIG`. Raises
    `ConfigError` for a file that is unreadable, not TOML, or has an unknown or invalid setting.
    The file is read again only when its size or modification time changes.
    """
    target = Path(path) if path is not None else config_path()
    text = _read(target)
    if text is None:
        return DEFAULT_CONFIG
    return _parsed(text, target, plan_title)


def _read(target: Path) -> str | None:
    """The file's text (None: there is none), from the last read while the file is unchanged."""
    try:
        stat = target.stat()
    except FileNotFoundError:
        return None
    except OSError:
        stat = None  # reading it says why
    key = (stat.st_mtime_ns, stat.st_size) if stat is not None else None
    cached = _texts.get(target)
    if cached is not None and key is not None and cached[0] == key:
        return cached[1]
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise ConfigError(target, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(target, f"cannot read it ({exc.strerror or exc})") from None
    if key is not None and time.time_ns() - key[0] > _SETTLED_SECONDS * 1e9:
        _texts[target] = (key, text)
    else:
        _texts.pop(target, None)
    return text


@lru_cache(maxsize=32)
def _parsed(text: str, target: Path, plan_title: str | None) -> RuleConfig:
    return parse_config(text, target, plan_title)
