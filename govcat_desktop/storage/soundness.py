"""Whole-file checks and copies of project files that are only read (backups): opened with mode=ro."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from govcat_desktop.storage import backup as _backup
from govcat_desktop.storage.errors import ProjectFileError, describe_os_error
from govcat_desktop.storage.project_file import APPLICATION_ID


def is_whole_project(path: Path) -> bool:
    """True when `path` is a whole govcat project file (ours, and passes quick_check)."""
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=1.0)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return False
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except (sqlite3.Error, OSError, ValueError):  # known environment errors: the answer is "not sound"
        return False


def copy_project(source: Path, target: Path) -> None:
    """Copy a project file read-only into `target` (a new file); a read failure is a ProjectFileError."""
    uri = f"{Path(source).resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=1.0)) as conn:
            _backup.copy_to(conn, target)
    except sqlite3.Error as exc:
        raise ProjectFileError(
            f"无法读取备份文件“{Path(source).name}”：{describe_os_error(exc)}。", detail=str(exc), code="unreadable"
        ) from exc
