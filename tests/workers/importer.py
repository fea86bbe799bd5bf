"""Race-test worker: a process that imports a document through the store when told to.

Usage: `python importer.py DB DOCUMENT`. The process imports plandesk once (slow on a small
machine) and says `warm`; then, for every `import NAME` line on stdin, it opens the store on DB,
imports DOCUMENT as a plan called NAME and closes the store. It prints `writing NAME` as soon as
the import's first write has run (so it holds the database's write lock from then until it
commits), then `done NAME ok` once `import_documents` has returned, or `done NAME error TEXT`.
Each line is one `write` of less than PIPE_BUF bytes.
"""

from __future__ import annotations

import os
import sys

WRITES = ("INSERT", "UPDATE", "DELETE")


def _say(line: str) -> None:
    data = (line + "\n").encode("utf-8")
    assert len(data) < 4096, "keep lines atomic"
    os.write(1, data)


def import_once(db: str, document, name: str) -> None:
    from sqlalchemy import event

    from plandesk.store.service import PlanStore

    store = PlanStore.open(db)
    said = False

    def after_execute(_conn, _cursor, statement, *_args) -> None:
        nonlocal said
        if not said and statement.lstrip().upper().startswith(WRITES):
            said = True
            _say(f"writing {name}")

    event.listen(store.engine, "after_cursor_execute", after_execute)
    try:
        store.import_documents([document], author="race", plan_name=name)
    except Exception as exc:  # the test decides whether a failure is acceptable
        _say(f"done {name} error {type(exc).__name__}: {str(exc)[:200]}")
    else:
        _say(f"done {name} ok")
    finally:
        store.close()


def main() -> None:
    db, source = sys.argv[1], sys.argv[2]
    from plandesk.importers import read_document

    document = read_document(source)
    import plandesk.store.service  # noqa: F401  (warm up before the first round)

    _say("warm")
    for line in sys.stdin:
        command, _, name = line.strip().partition(" ")
        if command == "import":
            import_once(db, document, name)


if __name__ == "__main__":
    main()
