"""Files that belong together (a 盖章版 and its 可编辑版, later a PDF too) written all or nothing.

Each file is written to a temporary name in the target folder; only when every one is complete are the old files
moved aside and the new ones renamed into place. A failure at any step puts the old files back and removes every
temporary file; a process killed half-way leaves only `.govcat-<pid>-….tmp/.old` names, which the next export into
that folder sweeps up (restoring the old files of a set whose new files did not all arrive). openpyxl's own temporary
sheet files (10–36 MB at department scale) go to a private `.govcat-<pid>-….d` folder in the system's temp folder
(tempfile.tempdir, for the duration of the writes), swept the same way once that process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = ".govcat-"
MAX_AGE = 24 * 3600  # seconds after which a leftover is swept even if its pid is alive again (reused)
_TEMPDIR_LOCK = threading.Lock()


class AtomicWriteError(Exception):
    """A set of files that could not be written; str() is the Chinese message (it says what is left on disk)."""


def describe(exc: OSError) -> str:
    """A Chinese reason for an OS error (never the English strerror)."""
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return "磁盘空间已满"
    if code == errno.EROFS:
        return "文件夹所在的磁盘是只读的（如写保护的 U 盘或光盘）"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return "没有写入权限，或文件正被 Excel、WPS 等程序打开（文件夹只读时也会这样）"
    if code == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return "文件夹不存在"
    if code == errno.EIO:
        return "磁盘读写出错（U 盘可能已拔出）"
    return "读写文件时出错"


@dataclass
class AtomicSet:
    """Add (final path, writer) pairs; commit() writes them all or leaves the folder as it was."""

    folder: Path
    jobs: list[tuple[Path, Callable[[Path], None]]] = field(default_factory=list)

    def add(self, path: Path, write: Callable[[Path], None]) -> None:
        self.jobs.append((Path(path), write))

    def commit(self) -> list[Path]:
        token = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        scratch = Path(tempfile.gettempdir())
        sweep(self.folder)
        sweep(scratch)
        temps = [self.folder / f"{token}-{i}.tmp" for i in range(len(self.jobs))]
        olds = [self.folder / f"{token}-{i}.old" for i in range(len(self.jobs))]
        names = "、".join(f"“{p.name}”" for p, _ in self.jobs)
        try:
            with private_tempdir(scratch / f"{token}.d"):
                for temp, (_, write) in zip(temps, self.jobs):
                    write(temp)
        except OSError as exc:
            reason = describe(exc)
            release(exc)
            _remove(temps)
            raise AtomicWriteError(
                f"无法写入{names}：{reason}。没有写入任何新文件，文件夹中原有的文件保持不变。"
            ) from None
        except BaseException as exc:
            release(exc)
            _remove(temps)
            raise
        moved: list[tuple[Path, Path]] = []
        placed: list[Path] = []
        manifest = self.folder / f"{token}.names"
        try:
            manifest.write_text("\n".join(p.name for p, _ in self.jobs), encoding="utf-8")
            for (final, _), old in zip(self.jobs, olds):
                if final.exists():
                    os.replace(final, old)
                    moved.append((old, final))
            for temp, (final, _) in zip(temps, self.jobs):
                os.replace(temp, final)
                placed.append(final)
        except OSError as exc:
            _remove(placed)
            for old, final in moved:
                with contextlib.suppress(OSError):
                    os.replace(old, final)
            _remove([*temps, manifest])
            failed = next((p for p, _ in self.jobs if p not in placed), self.jobs[0][0])
            raise AtomicWriteError(
                f"无法写入“{failed.name}”：{describe(exc)}。这一组文件（{names}）都没有更新，原有的文件保持不变、"
                "仍然相互对应；请关闭正在打开它们的程序后重新导出。"
            ) from None
        _remove([old for old, _ in moved])
        _remove([manifest])
        return [p for p, _ in self.jobs]


@contextlib.contextmanager
def private_tempdir(path: Path) -> Iterator[Path]:
    """tempfile's folder (where openpyxl's write-only sheets go) set to `path` while the writes run."""
    path.mkdir()
    with _TEMPDIR_LOCK:
        previous = tempfile.tempdir
        tempfile.tempdir = str(path)
        try:
            yield path
        finally:
            tempfile.tempdir = previous
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int, path: Path) -> bool:
    """Whether the export that named `path` may still be running (then its files are left alone)."""
    if pid == os.getpid():
        return True
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > MAX_AGE:  # no export or merge runs a day: a reused pid, a stale copy
            return False
    if os.name == "nt":  # no cheap probe without extra modules: an export is over within the hour
        with contextlib.suppress(OSError):
            return time.time() - path.stat().st_mtime < 3600
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep(folder: Path) -> None:
    """Remove what a killed export left in `folder`; an old file whose replacement never arrived is put back."""
    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith(PREFIX)]
    except OSError:
        return
    for p in sorted(leftovers, key=lambda q: not q.name.endswith(".names")):
        try:
            pid = int(p.name[len(PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if not p.exists() or _alive(pid, p):
            continue
        with contextlib.suppress(OSError):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            elif p.name.endswith(".names"):
                _finish(folder, p.name.removesuffix(".names"), p.read_text(encoding="utf-8").splitlines())
                p.unlink()
            elif p.suffix in (".tmp", ".old"):
                p.unlink()


def _finish(folder: Path, token: str, names: list[str]) -> None:
    """Settle a set killed while its files were renamed: complete (no temp left) → drop the old files; otherwise put
    every old file back and remove the new ones that arrived without their partners."""
    if any(Path(n).name != n for n in names):
        return
    temps = [folder / f"{token}-{i}.tmp" for i in range(len(names))]
    if not any(t.exists() for t in temps):
        return  # every new file is in place; the .old files are removed by the caller's sweep
    for i, name in enumerate(names):
        old, final = folder / f"{token}-{i}.old", folder / name
        if old.exists():
            os.replace(old, final)
        elif not temps[i].exists() and final.exists():
            final.unlink()  # new, placed before the kill, and there was no old file: its partner never came


def release(exc: BaseException) -> None:
    """Free the half-built workbook now, quietly: openpyxl's write-only sheet generators write once more when they
    are closed, and on a full or read-only disk that fails again as "Exception ignored in …" on stderr."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        seen: set[int] = set()
        link: BaseException | None = exc
        while link is not None and id(link) not in seen:
            seen.add(id(link))
            traceback.clear_frames(link.__traceback__)
            link = link.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _remove(paths: list[Path]) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()
