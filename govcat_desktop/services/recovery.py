"""Recovery from an unopenable project: find its newest sound backup and open that as a new copy."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from govcat_desktop.paths import user_data_dir
from govcat_desktop.storage import ProjectFileError
from govcat_desktop.storage import backup as _backup
from govcat_desktop.storage.errors import describe_os_error
from govcat_desktop.storage.soundness import copy_project, is_whole_project

SUFFIX = ".govcat"


def backup_is_sound(path: Path) -> bool:
    """True when `path` is a whole govcat project file (ours, and passes integrity_check)."""
    return is_whole_project(path)


def backups(path: str | os.PathLike[str]) -> list[Path]:
    """Every backup of the project at `path`, newest first (sound or not)."""
    return _backup.backups_of(Path(path))


def newest_backup(path: str | os.PathLike[str]) -> Path | None:
    """The newest backup of the project at `path` that opens as a whole project, or None."""
    for candidate in backups(path):
        if backup_is_sound(candidate):
            return candidate
    return None


def _original_stem(backup: Path, original: Path | None) -> str:
    if original is not None:
        return Path(original).stem
    folder = backup.parent.name  # "<stem>-<8 hex digits>" (storage.backup.backup_folder_for)
    stem, sep, digest = folder.rpartition("-")
    if sep and len(digest) == 8 and all(c in "0123456789abcdef" for c in digest):
        return stem
    return backup.stem


def _writable_dir(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _free_name(folder: Path, stem: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stem}-恢复-{stamp}{SUFFIX}"
    n = 1
    while target.exists() or target.with_name(target.name + ".part").exists():
        n += 1
        target = folder / f"{stem}-恢复-{stamp}-{n}{SUFFIX}"
    return target


def open_backup_as_copy(
    backup: str | os.PathLike[str],
    target_dir: str | os.PathLike[str] | None = None,
    *,
    original: str | os.PathLike[str] | None = None,
) -> Path:
    """Copy `backup` to a new file `原名-恢复-YYYYmmdd-HHMMSS.govcat`; never overwrites anything.

    The copy goes to `target_dir` when given, else next to `original` when that folder is writable,
    else to the per-user data folder (`恢复的项目/`). The backup itself is left untouched.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise ProjectFileError(f"备份文件“{backup}”不存在。", code="missing")
    if not backup_is_sound(backup):
        raise ProjectFileError(f"备份文件“{backup.name}”已损坏或不是项目文件，不能用于恢复。", code="notproject")
    if target_dir is not None:
        folder = Path(target_dir)
        if not folder.is_dir():
            raise ProjectFileError(f"文件夹“{folder}”不存在。", code="nofolder")
    elif original is not None and _writable_dir(Path(original).resolve().parent):
        folder = Path(original).resolve().parent
    else:
        folder = user_data_dir() / "恢复的项目"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectFileError(
                f"无法创建文件夹“{folder}”：{describe_os_error(exc)}。", detail=str(exc), code="nofolder"
            ) from exc
    target = _free_name(folder, _original_stem(backup, Path(original) if original else None))
    copy_project(backup, target)
    if not backup_is_sound(target):  # pragma: no cover - a copy of a sound file is sound unless the disk fails
        with contextlib.suppress(OSError):
            target.unlink()
        raise ProjectFileError(f"恢复的副本“{target}”写入不完整，请检查磁盘后重试。", code="write")
    return target
