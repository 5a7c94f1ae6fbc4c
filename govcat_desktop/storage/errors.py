"""Errors of the project file, each with a Chinese message a clerk can act on."""

from __future__ import annotations

import sqlite3

# Known environment errors of reading a file from outside (qutebrowser's KnownError): a damaged or unreadable
# file, not a bug. Callers outside storage name them through this tuple, never sqlite3 itself.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, sqlite3.Error, UnicodeError)


class ProjectFileError(Exception):
    """A project file cannot be opened, created or written; str() is the Chinese message."""

    def __init__(self, message: str, *, detail: str = "", code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.code = code

    def __str__(self) -> str:
        return self.message


def describe_os_error(exc: BaseException) -> str:
    """A short Chinese reason for an OS or SQLite failure."""
    text = str(exc).lower()
    errno = getattr(exc, "errno", None)
    if errno == 28 or "disk is full" in text or "database or disk is full" in text or "no space" in text:
        return "磁盘空间已满"
    if errno in (13, 1) or "readonly" in text or "read-only" in text or "permission denied" in text:
        return "没有写入权限（文件或文件夹只读）"
    if errno == 2 or "no such file" in text:
        return "文件不存在"
    if "locked" in text or "busy" in text:
        return "文件正被其他程序使用"
    if "unable to open" in text:
        return "无法打开文件（文件夹不存在或不可写）"
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return "文件已损坏或不是项目文件"
    return "读写文件时出错"


def write_failed(exc: BaseException) -> ProjectFileError:
    """The error of a write that did not happen (code "write"): nothing was written, the saved file is intact."""
    return ProjectFileError(
        f"保存失败：{describe_os_error(exc)}。本次修改没有写入，之前保存的内容完好。", detail=str(exc), code="write"
    )
