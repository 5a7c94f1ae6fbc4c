"""The one place where text typed by people (unit, city, matter names) becomes a file name."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

MAX_NAME_BYTES = 255  # ext4, XFS, btrfs: bytes of UTF-8; NTFS allows 255 UTF-16 units (never fewer than this)
MAX_WINDOWS_PATH = 259  # MAX_PATH is 260 including the terminating NUL
_RESERVED_CHARS = re.compile(r'[\\/:*?"<>|]')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                    *(f"{d}{n}" for d in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³"))}
FALLBACK = "未命名"


class FileNameError(ValueError):
    """No safe file name fits (the folder's path alone is too long); str() is the Chinese message."""


def _clean(text: str) -> str:
    """Separators, reserved characters and control or format characters (incl. bidi overrides) → '_'."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        if _RESERVED_CHARS.match(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append("_")
        elif ch.isspace() and ch != " ":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _fit(text: str, max_bytes: int) -> str:
    """`text` cut at a character boundary to at most `max_bytes` of UTF-8 and 1 UTF-16 unit per byte."""
    size = 0
    for i, ch in enumerate(text):
        size += max(len(ch.encode("utf-8")), len(ch.encode("utf-16-le")) // 2)
        if size > max_bytes:
            return text[:i]
    return text


def safe_filename(user: str, rest: str = "", suffix: str = "", *, folder: str | os.PathLike[str] | None = None,
                  windows: bool | None = None) -> str:
    """A file name made of `user` text, a fixed `rest` and `suffix`, safe on Linux, macOS and Windows.

    Path separators, `..`, reserved characters, control characters, leading dots (hidden files), a leading `-` (an
    option to a command line) and `~$` (Office's lock files),
    trailing dots and spaces, Windows device names (CON, NUL, COM1, LPT1 … also with an extension) are
    neutralised; the name stays within 255 bytes and, on Windows (or `windows=True`), the whole path within 259
    characters. Only the `user` part is shortened (with a short hash, so two long names stay apart); `rest` and
    `suffix` (e.g. "_数据资源目录_盖章版_20260920", ".xlsx") always survive.
    """
    windows = os.name == "nt" if windows is None else windows
    tail = _clean(rest) + _clean(suffix)
    head = _clean(user).strip(" ")
    head = head.lstrip(".") if head.strip(".") else head.replace(".", "_")
    if head.startswith("~$"):
        head = "~_" + head[2:]
    if head.startswith("-"):  # read as an option by a later `govcat merge CITY *` (or any command line)
        head = "_" + head[1:]
    head = head.rstrip(" .") if not tail else head
    head = head or FALLBACK
    if head.split(".")[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
        head = "_" + head
    budget = MAX_NAME_BYTES - len(tail.encode("utf-8"))
    if windows and folder is not None:
        budget = min(budget, MAX_WINDOWS_PATH - len(str(Path(folder).resolve())) - 1 - len(tail))
    if budget < 8:
        raise FileNameError(f"文件夹“{folder}”的路径太长，放不下文件“{head}{tail}”，请选择路径较短的文件夹。")
    fitted = _fit(head, budget)
    if fitted != head:
        mark = "~" + hashlib.sha1(head.encode("utf-8")).hexdigest()[:6]
        fitted = _fit(head, budget - len(mark)).rstrip(" .") + mark
    name = (fitted + tail).rstrip(" .") if not suffix else fitted + tail
    return name


def fit_name(stem: str, tail: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`stem` + `tail` within `max_bytes` (one component: 255), `stem` shortened (with a short hash) when needed —
    for the temporary, backup and recovery names derived from a file name that is already valid
    (“.<name>.partial.pdf”, “<name>-<时间>.govcat”)."""
    budget = max_bytes - len(tail.encode("utf-8"))
    if len(stem.encode("utf-8")) <= budget and _fit(stem, budget) == stem:
        return stem + tail
    mark = "~" + hashlib.sha1(stem.encode("utf-8")).hexdigest()[:6]
    return _fit(stem, max(budget - len(mark), 1)) + mark + tail
