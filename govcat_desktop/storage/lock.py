"""An OS-level lock beside the project file, so that only one process writes it."""

from __future__ import annotations

import getpass
import io
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from govcat_desktop.storage.errors import ProjectFileError

_LOCK_OFFSET = 1 << 16  # lock a byte past the holder info, so Windows readers can read it


def lock_path_for(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


class WriteLock:
    """Held while a project is open for writing; released by the OS if the process dies."""

    def __init__(self, project_path: Path, locker: Locker | None = None) -> None:
        self.path = lock_path_for(project_path)
        self._fh: io.FileIO | None = None
        self._lock, self._unlock = locker or (_lock, _unlock)

    def stale(self) -> bool:
        """Whether a govcat process that held this lock died without releasing it (before acquire(): the holder info
        it wrote is still there). A hot journal is ours to roll back only then (an interrupted write of ours)."""
        try:
            info = json.loads(self.path.read_bytes()[:4096].decode("utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(info, dict) and isinstance(info.get("pid"), int)

    def acquire(self) -> None:
        try:
            fh = open(self.path, "a+b", buffering=0)  # unbuffered: a failed write (full disk) cannot resurface at close
        except OSError as exc:
            raise ProjectFileError(
                f"无法在“{self.path.parent}”中创建锁文件：文件夹只读或无权限。可以只读方式打开，或把项目另存到可写的位置。",
                detail=str(exc),
                code="readonly",
            ) from exc
        try:
            self._lock(fh)
        except OSError as exc:
            holder = _read_holder(self.path)
            fh.close()
            raise ProjectFileError(
                f"项目文件正被另一个程序打开编辑{holder}，为防止两处同时修改，本次不能编辑。可以只读方式打开查看。",
                detail=str(exc),
                code="locked",
            ) from exc
        info = {"pid": os.getpid(), "host": socket.gethostname(), "user": _user(),
                "since": time.strftime("%Y-%m-%d %H:%M")}
        try:
            fh.seek(0)
            fh.truncate(0)
            fh.write(json.dumps(info, ensure_ascii=False).encode("utf-8"))
            fh.flush()
        except OSError:
            pass  # the OS lock is what counts; the holder info is a courtesy
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            self._unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None
            try:
                self.path.unlink()
            except OSError:
                pass


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not an error
        return ""


def _read_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_bytes()[:4096].decode("utf-8"))
        who = info.get("user") or "?"
        return f"（{info.get('host', '?')} 上的 {who}，自 {info.get('since', '?')} 起）"
    except (OSError, ValueError, AttributeError):
        return ""


Locker = tuple[Callable[[BinaryIO], None], Callable[[BinaryIO], None]]


def msvcrt_locker(msvcrt) -> Locker:
    """Windows: a non-blocking lock of one byte at _LOCK_OFFSET (past the holder info, which stays readable:
    Windows byte-range locks are mandatory, so a locked first byte would hide who holds the project)."""

    def lock(fh) -> None:
        fh.seek(_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def unlock(fh) -> None:
        fh.seek(_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

    return lock, unlock


def fcntl_locker(fcntl) -> Locker:
    """POSIX: an advisory whole-file flock."""

    def lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    return lock, unlock


def platform_locker(platform: str = sys.platform) -> Locker:
    """The lock functions of this OS. The module is passed in, so the Windows branch is testable on Linux."""
    if platform == "win32":
        import msvcrt

        return msvcrt_locker(msvcrt)
    import fcntl

    return fcntl_locker(fcntl)


_lock, _unlock = platform_locker()
