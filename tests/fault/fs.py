"""Tiny and read-only filesystems for fault tests (tmpfs when we may mount; else None)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _run(*args: str) -> bool:
    if not shutil.which(args[0]):
        return False
    try:
        return subprocess.run(args, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "1m") -> Iterator[Path | None]:
    """Mount a tmpfs of `size` on `folder`; yields None when mounting is not possible here."""
    folder.mkdir(parents=True, exist_ok=True)
    if not can_mount() or not _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(folder)):
        yield None
        return
    try:
        yield folder
    finally:
        for _ in range(10):
            if _run("umount", str(folder)) or _run("umount", "-l", str(folder)):
                break


def remount_readonly(folder: Path) -> bool:
    return _run("mount", "-o", "remount,ro", str(folder))


def fill(folder: Path) -> Path:
    """Fill the filesystem holding `folder` up to the last byte."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        for size in (1 << 16, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while fh.write(b"\0" * size):
                    pass
    return filler


class FullDisk:
    """A connection stand-in whose writes fail as SQLite does on a full disk (reads pass through)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COMMIT")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args):
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name: str):
        return getattr(self._conn, name)
