"""Concurrency worker: an officer editing one update, driven line by line over stdin.

Usage: `python editor.py DB NAME`. Prints `ready` once the store is open, then answers:

- `read ACTIVITY_ID PERIOD_ID` → `version V` (the version this editor starts from);
- `save TEXT` → saves TEXT with `expected_version=V`. Prints `saved V2` when it wins; when
  someone else saved first it gets `UpdateConflict` and resolves it the way the app offers:
  re-reads the update, merges (their text, then this editor's) and saves again against the new
  version, printing `conflict V` and then `resolved V2`;
- `hammer ACTIVITY_ID PERIOD_ID COUNT` → COUNT scripted saves without the version check
  (`expected_version=None`), printing `hammered COUNT` when all went through.

Anything else that goes wrong (`database is locked`, …) prints `error TYPE: MESSAGE` and exits 1.
"""

from __future__ import annotations

import sys
import traceback


def _say(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    db, name = sys.argv[1], sys.argv[2]
    from plandesk.store.service import PlanStore, UpdateConflict

    store = PlanStore.open(db)
    _say("ready")
    activity = period = version = None
    try:
        for line in sys.stdin:
            command, _, rest = line.rstrip("\n").partition(" ")
            if command == "read":
                activity, period = (int(x) for x in rest.split())
                current = store.update_for(activity, period)
                version = current.version if current else 0
                _say(f"version {version}")
            elif command == "save":
                try:
                    saved = store.save_update(
                        activity, period, rest, author=name, expected_version=version
                    )
                    _say(f"saved {saved.version}")
                except UpdateConflict as conflict:
                    _say(f"conflict {conflict.current.version if conflict.current else 0}")
                    while True:
                        theirs = store.update_for(activity, period)
                        merged = f"{theirs.text}\n{rest}" if theirs else rest
                        try:
                            saved = store.save_update(
                                activity,
                                period,
                                merged,
                                author=name,
                                expected_version=theirs.version if theirs else 0,
                            )
                        except UpdateConflict:
                            continue
                        _say(f"resolved {saved.version}")
                        break
            elif command == "hammer":
                activity, period, count = (int(x) for x in rest.split())
                for i in range(count):
                    store.save_update(
                        activity, period, f"{name} scripted edit {i}", author=name, source="cli"
                    )
                _say(f"hammered {count}")
            elif command == "quit":
                break
    except Exception as exc:  # reported to the test, which fails on it
        _say(f"error {type(exc).__name__}: {' '.join(str(exc).split())}")
        traceback.print_exc()
        sys.exit(1)
    finally:
        store.close()


if __name__ == "__main__":
    main()
