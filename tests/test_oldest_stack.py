"""The oldest supported stack is declared once (pyproject [tool.govcat.oldest-stack]) and held to: the running stack
is not older, the 信创 build's lock pins PySide6 at exactly that floor, and the dependency range starts there."""

from __future__ import annotations

import re
import sqlite3
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OLDEST = PYPROJECT["tool"]["govcat"]["oldest-stack"]


def _v(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


def test_running_stack_is_not_older_than_the_floor() -> None:
    assert _v(sqlite3.sqlite_version) >= _v(OLDEST["sqlite"])
    assert _v(metadata.version("PySide6-Essentials")) >= _v(OLDEST["pyside6"])


def test_dependency_range_starts_at_the_floor() -> None:
    pyside = next(d for d in PYPROJECT["project"]["dependencies"] if d.startswith("PySide6-Essentials"))
    low = re.search(r">=([\d.]+)", pyside).group(1)
    assert _v(low) == _v(OLDEST["pyside6"])[: len(_v(low))], (pyside, OLDEST)


def test_xinchuang_lock_pins_pyside6_at_the_floor() -> None:
    lock = (ROOT / "packaging" / "xinchuang" / "lock.txt").read_text(encoding="utf-8")
    pinned = re.search(r"^PySide6[-_]Essentials==([\d.]+) ", lock, re.M | re.I).group(1)
    assert pinned == OLDEST["pyside6"]
