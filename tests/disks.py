"""Real small and full disks for tests: a tmpfs of a few kilobytes (needs root and mount).

Where mounting is not allowed the tests using `small_disk` are skipped; each of them has a
twin that runs anywhere with RLIMIT_FSIZE (the kernel refuses to grow a file past a size, EFBIG).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(parent: Path, size_kb: int) -> Iterator[Path]:
    """A fresh tmpfs of `size_kb` kB mounted under `parent`; skips the test if not allowed."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount_point = parent / f"disk-{uuid.uuid4().hex[:8]}"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, leave_kb: int) -> None:
    """Fill `disk` until about `leave_kb` kilobytes stay free."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    filler = max(0, free - leave_kb * 1024)
    with open(disk / "filler.bin", "wb") as stream:
        stream.write(b"\0" * filler)


def limited_run(args: list[str], limit_bytes: int, **kwargs) -> subprocess.CompletedProcess:
    """Run `args` with RLIMIT_FSIZE: growing any file past `limit_bytes` fails with EFBIG."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(args, preexec_fn=limit, capture_output=True, text=True, **kwargs)
