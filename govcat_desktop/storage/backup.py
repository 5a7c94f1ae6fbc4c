"""Rolling backup copies of project files in the per-user data folder."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import time
from pathlib import Path

from govcat_desktop import settings
from govcat_desktop.domain.filenames import fit_name
from govcat_desktop.paths import backups_dir
from govcat_desktop.storage.errors import ProjectFileError, describe_os_error


# Backup names are shortened (with a short hash) so that folder + name stay within SQLite's 512-byte path limit and
# every component within 255 bytes, whatever the project's file name (80 CJK characters are 240 bytes).
FOLDER_BYTES = 150
NAME_BYTES = 200


def backup_folder_for(path: Path) -> Path:
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    return backups_dir() / fit_name(path.stem, f"-{digest}", FOLDER_BYTES)


def copy_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of an open database, written to a temp file and renamed into place."""
    tmp = target.with_name(fit_name(target.name, ".part-journal").removesuffix("-journal"))  # its journal fits too
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as dest:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        tmp.replace(target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ProjectFileError(f"无法写入“{target}”：{describe_os_error(exc)}。", detail=str(exc)) from exc
    return target


def keep_before_recovery(path: Path) -> Path | None:
    """Copy a file and its hot journal into the backup folder before SQLite rolls the journal back (never blocks)."""
    folder = backup_folder_for(path)
    tail = f"-{time.strftime('%Y%m%d-%H%M%S')}-恢复前.govcat-journal"
    target = folder / fit_name(path.stem, tail, NAME_BYTES).removesuffix("-journal")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        shutil.copyfile(path.with_name(path.name + "-journal"), target.with_name(target.name + "-journal"))
    except OSError:
        return None
    return target


def make_backup(path: Path, conn: sqlite3.Connection, note: str = "") -> Path | None:
    """Copy the project into its backup folder and prune old copies; never blocks opening."""
    folder = backup_folder_for(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    suffix = f"-{note}" if note else ""
    target = folder / fit_name(path.stem, f"-{stamp}{suffix}.govcat-journal", NAME_BYTES).removesuffix("-journal")
    n = 1
    while target.exists():
        n += 1
        tail = f"-{stamp}-{n}{suffix}.govcat-journal"
        target = folder / fit_name(path.stem, tail, NAME_BYTES).removesuffix("-journal")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copy_to(conn, target)
    except (OSError, ProjectFileError):
        return None
    prune(folder, int(settings.get("backup_keep") or 10))
    return target


def prune(folder: Path, keep: int) -> None:
    copies = sorted(folder.glob("*.govcat"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in copies[max(keep, 1):]:
        for part in (old, old.with_name(old.name + "-journal")):
            with contextlib.suppress(OSError):
                part.unlink()


def backups_of(path: Path) -> list[Path]:
    """Backups of `path`, newest first."""
    folder = backup_folder_for(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.govcat"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
