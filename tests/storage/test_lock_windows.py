"""The Windows branch of the write lock (msvcrt byte-range locks), run on any OS through an injected msvcrt.

The fake behaves as msvcrt.locking documents: it locks `nbytes` from the file's current position, LK_NBLCK on
a range another handle holds raises OSError (EACCES) at once, LK_UNLCK of a range this handle does not hold
raises too. On Windows itself the real module is used (platform_locker("win32")).
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from govcat_desktop.storage import lock as lockmod
from govcat_desktop.storage.errors import ProjectFileError
from govcat_desktop.storage.lock import WriteLock, fcntl_locker, msvcrt_locker, platform_locker


class FakeMsvcrt:
    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        self.held: dict[tuple[int, int, int], int] = {}  # (device, inode, byte) → fd holding it
        self.calls: list[tuple[str, int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        st = os.fstat(fd)
        pos = os.lseek(fd, 0, os.SEEK_CUR)
        keys = [(st.st_dev, st.st_ino, pos + k) for k in range(nbytes)]
        self.calls.append(("unlock" if mode == self.LK_UNLCK else "lock", pos, nbytes))
        if mode == self.LK_UNLCK:
            if any(self.held.get(k) != fd for k in keys):
                raise PermissionError(errno.EACCES, "Permission denied")
            for k in keys:
                del self.held[k]
        elif mode == self.LK_NBLCK:
            if any(k in self.held and self.held[k] != fd for k in keys):
                raise PermissionError(errno.EACCES, "Permission denied")
            self.held.update(dict.fromkeys(keys, fd))
        else:
            raise AssertionError("govcat must never wait for a lock (LK_LOCK) or take a read lock")


@pytest.fixture
def fake() -> FakeMsvcrt:
    return FakeMsvcrt()


def test_second_writer_is_refused_with_the_holder_named(tmp_path: Path, fake: FakeMsvcrt) -> None:
    project = tmp_path / "民政局.govcat"
    first = WriteLock(project, msvcrt_locker(fake))
    first.acquire()
    second = WriteLock(project, msvcrt_locker(fake))
    with pytest.raises(ProjectFileError) as caught:
        second.acquire()
    assert caught.value.code == "locked"
    assert "正被另一个程序打开编辑" in str(caught.value)
    assert "（" in str(caught.value) and "起）" in str(caught.value)  # host, user and time read from the lock file
    first.release()
    assert not first.path.exists()
    second.acquire()  # free again after release
    second.release()


def test_lock_byte_lies_past_the_holder_info(tmp_path: Path, fake: FakeMsvcrt) -> None:
    """Windows locks are mandatory: the locked byte must not cover the holder info others read."""
    held = WriteLock(tmp_path / "p.govcat", msvcrt_locker(fake))
    held.acquire()
    try:
        assert fake.calls == [("lock", lockmod._LOCK_OFFSET, 1)]
        assert held.path.stat().st_size < lockmod._LOCK_OFFSET
    finally:
        held.release()
    assert fake.calls[-1] == ("unlock", lockmod._LOCK_OFFSET, 1)
    assert fake.held == {}


def test_platform_locker_picks_msvcrt_on_windows(monkeypatch, fake: FakeMsvcrt, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    lock, unlock = platform_locker("win32")
    with open(tmp_path / "f", "a+b", buffering=0) as fh:
        lock(fh)
        unlock(fh)
    assert [c[0] for c in fake.calls] == ["lock", "unlock"]


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl exists on POSIX only; on Windows the msvcrt tests above run")
def test_fcntl_branch_still_refuses_a_second_writer(tmp_path: Path) -> None:
    import fcntl

    project = tmp_path / "p.govcat"
    first = WriteLock(project, fcntl_locker(fcntl))
    first.acquire()
    try:
        with pytest.raises(ProjectFileError):
            WriteLock(project, fcntl_locker(fcntl)).acquire()
    finally:
        first.release()
