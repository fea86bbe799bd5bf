"""Words typed just before the terminal closes are kept (issue 11 item 8).

The real app runs in its own process on a pseudo-terminal; keys are typed into it, and SIGHUP
(the terminal closed) or SIGTERM (the session stopped) is sent as soon as the last word is on
screen, well inside the pause after which a draft is normally written.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest

from plandesk.store.service import PlanStore

AUTHOR = "pty-officer"
# CSI sequences, OSC strings, other string commands, and two-character escapes.
ANSI = re.compile(
    r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)
RIGHT, DOWN = "\x1b[C", "\x1b[B"


class Terminal:
    """The app on a pseudo-terminal, its screen output collected as plain text."""

    def __init__(self, db, home) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = os.environ | {
            "PLANDESK_HOME": str(home),
            "PLANDESK_USER": AUTHOR,
            "TERM": "xterm-256color",
        }
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plandesk", "--db", str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.raw = bytearray()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.raw.extend(chunk)

    def screen_text(self) -> str:
        with self.lock:
            text = self.raw.decode("utf-8", "replace")
        return ANSI.sub("", text)

    def wait_for(self, words: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while words not in self.screen_text():
            if self.process.poll() is not None:
                raise AssertionError(f"the app exited before showing {words!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{words!r} never appeared on screen")
            time.sleep(0.02)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


@pytest.fixture
def db(sample_db_copy):
    return sample_db_copy


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_words_typed_just_before_the_end_are_kept_as_a_draft(db, tmp_path, signum):
    terminal = Terminal(db, tmp_path / "home")
    try:
        terminal.wait_for("activities")
        # The first objective, its first commitment, its first activity: edit it.
        terminal.type(RIGHT + DOWN + RIGHT + DOWN)
        terminal.type("e")
        terminal.wait_for("Editing the")
        terminal.type("LastWordsBeforeClose")
        terminal.wait_for("LastWordsBeforeClose")
        # At once: the draft pause (0.8 s) has not passed.
        terminal.process.send_signal(signum)
        terminal.process.wait(timeout=30)
    finally:
        terminal.close()
    store = PlanStore.open(str(db))
    try:
        texts = [e.draft.text for e in store.all_drafts(AUTHOR)]
    finally:
        store.close()
    assert len(texts) == 1 and texts[0].endswith("LastWordsBeforeClose"), texts
