"""Race worker: one `plandesk` command, started on cue so that several run at the same moment.

Usage: `python cli_on_cue.py ARG...` (the arguments of `plandesk`). The process imports the CLI
and everything an import or an update needs (slow on a small machine, and uneven between
processes), prints `ready`, waits for a line on stdin, then runs the command exactly as the
`plandesk` script would, exiting with its code.
"""

from __future__ import annotations

import sys


def main() -> None:
    import plandesk.importers  # noqa: F401  (warm up: the race starts at the command itself)
    import plandesk.store.service  # noqa: F401
    from plandesk.cli import main as plandesk

    print("ready", flush=True)
    sys.stdin.readline()
    sys.argv = ["plandesk", *sys.argv[1:]]
    plandesk()


if __name__ == "__main__":
    main()
