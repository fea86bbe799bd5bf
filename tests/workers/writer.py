"""Crash-test worker: a process that saves updates in a loop until it is killed.

Usage: `python writer.py DB`. The process imports plandesk once (slow on a small machine), says
`warm`, then for every `spawn SEED` line on stdin forks a fresh child process that:

- prints `pid PID`,
- opens the store on DB (latest plan and period) and prints `open`, then
- saves updates to the plan's first three activities in a loop, with the version it last saw
  (the optimistic check is on), a draft before every fourth save, texts of varying length,
  printing `committed ACTIVITY_ID VERSION TEXT` only after `save_update` has returned.

The test SIGKILLs the child at a random moment; this process reaps it and prints
`exit PID STATUS`. Each output line is one `write` of less than PIPE_BUF bytes, so a line is
either wholly in the pipe or not at all.
"""

from __future__ import annotations

import os
import random
import sys
import traceback

WORDS = (
    "board met partners review delayed funding strategy victims audit published "
    "consultation contract referrals quarter plan delivery"
).split()


def text_for(seed: int, n: int, rng: random.Random) -> str:
    """A one-line update text, from a few words to a couple of pages of the database."""
    filler = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 250)))
    return f"round-{seed}-{n} {filler}".strip()


def _say(line: str) -> None:
    data = (line + "\n").encode("utf-8")
    assert len(data) < 4096, "keep lines atomic"
    os.write(1, data)


def child(db: str, seed: int) -> None:
    from plandesk.store.service import PlanStore

    _say(f"pid {os.getpid()}")
    store = PlanStore.open(db)
    plan = store.resolve_plan(None)
    period = store.resolve_period(plan.id)
    activities = [a.id for a in store.snapshot(plan.id, period.id).activities()][:3]
    versions = {}
    for activity in activities:
        current = store.update_for(activity, period.id)
        versions[activity] = current.version if current else 0
    rng = random.Random(seed)
    _say("open")
    n = 0
    while True:
        activity = activities[n % len(activities)]
        text = text_for(seed, n, rng)
        if n % 4 == 0:
            store.save_draft(
                activity, period.id, text, author="writer", base_version=versions[activity]
            )
        saved = store.save_update(
            activity,
            period.id,
            text,
            author="writer",
            status=rng.choice(("on track", "at risk", "")),
            expected_version=versions[activity],
            source="crash-test",
        )
        versions[activity] = saved.version
        _say(f"committed {activity} {saved.version} {text}")
        n += 1


def main() -> None:
    db = sys.argv[1]
    import plandesk.store.service  # noqa: F401  (warm up: the children start fast)

    print("warm", flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "spawn":
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                child(db, int(argument))
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {status}", flush=True)


if __name__ == "__main__":
    main()
