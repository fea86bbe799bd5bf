"""Stall-rule verdicts kept in the database between reads of the plan.

Running the rules over every activity is most of the cost of reading a big plan (about 60 µs
an activity). A verdict depends only on the update, the previous period's, earlier statuses,
the period's dates, the rules' settings and the rules' code, so it is stored under a digest of
exactly those (`verdict_key`): a row whose key no longer matches is simply recomputed, and no
verdict is ever stale. Acknowledgements are not part of it; they are read fresh every time.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from plandesk.core import rules as rules_package
from plandesk.core import statuses
from plandesk.core.rules.config import RuleConfig
from plandesk.core.rules.engine import Evidence, Flag

__all__ = ["dump_verdict", "fingerprint", "load_verdict", "verdict_key"]

# Every module of the rules (their settings among them), and the status vocabulary they read.
_RULES_CODE = (
    *sorted(Path(rules_package.__file__).parent.glob("*.py")),
    Path(statuses.__file__),
)


@lru_cache(maxsize=8)
def fingerprint(config: RuleConfig) -> bytes:
    """What every verdict depends on besides the activity: the rules' code and settings."""
    digest = hashlib.blake2b(digest_size=16)
    for path in _RULES_CODE:
        digest.update(path.read_bytes())
    # Month names are read in the user's locale.
    digest.update(repr((tuple(calendar.month_name), tuple(calendar.month_abbr))).encode())
    digest.update(repr(config).encode())
    return digest.digest()


def verdict_key(evidence: Evidence, rules: bytes) -> str:
    """A digest of everything the verdict on this evidence depends on; `rules` is the
    `fingerprint` of the settings in use."""
    # Written out rather than looped: it runs for every activity at every read of the plan.
    text, previous = evidence.text, evidence.previous_text
    joined = "\x1f".join(
        (
            "\x00" if text is None else "=" + text,
            evidence.status,
            "\x00" if previous is None else "=" + previous,
            "\x1e".join(evidence.earlier_statuses),
            str(evidence.period_start),
            str(evidence.period_end),
        )
    )
    data = joined.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, key=rules, digest_size=16).hexdigest()


def dump_verdict(flags: tuple[Flag, ...], status: str) -> str:
    """Flags and status as stored."""
    return json.dumps(
        [status, [[f.rule, f.detail, [list(span) for span in f.spans]] for f in flags]],
        ensure_ascii=False,
    )


# Most verdicts are one of a few ("On track", no flags): each is parsed once.
@lru_cache(maxsize=4096)
def load_verdict(text: str) -> tuple[tuple[Flag, ...], str]:
    """Flags and status as `dump_verdict` stored them."""
    status, flags = json.loads(text)
    return (
        tuple(
            Flag(rule, detail, tuple(tuple(span) for span in spans))
            for rule, detail, spans in flags
        ),
        status,
    )
