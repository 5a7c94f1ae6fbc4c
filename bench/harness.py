"""Shared benchmark plumbing: every figure is a ratio to a bare-library baseline run in the same process."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    """One benchmark figure. ratio = seconds / baseline_seconds; goal is the ratio to stay under."""

    name: str
    seconds: float
    baseline_name: str
    baseline_seconds: float
    goal: float | None = None
    note: str = ""
    unit: str = "s"  # "s": seconds, shown in ms; anything else (e.g. "MB") is shown as is

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds > 0 else float("inf")

    @property
    def ok(self) -> bool | None:
        return None if self.goal is None else self.ratio <= self.goal

    def row(self) -> str:
        goal = f"≤ {self.goal:g}×" if self.goal is not None else "—"
        verdict = {True: "ok", False: "MISSED", None: ""}[self.ok]
        return (
            f"| {self.name} | {self._show(self.seconds)} | {self.baseline_name} | "
            f"{self._show(self.baseline_seconds)} | {self.ratio:.2f}× | {goal} {verdict} | {self.note} |"
        )

    def _show(self, value: float) -> str:
        return f"{value * 1000:.1f} ms" if self.unit == "s" else f"{value:.0f} {self.unit}"


HEADER = "| measure | govcat | baseline | baseline time | ratio | goal | note |\n|---|---|---|---|---|---|---|"


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of `repeat` runs of fn (seconds)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def gui_department(workdir: Path, name: str):
    """(QApplication, project path) for a GUI benchmark: offscreen Qt with the CJK font, the app's data and config
    folders inside `workdir`, and a fresh department project (bench.generate) named `name`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bench.generate import write_department
    from govcat_desktop.ui.fonts import apply_cjk_font

    app = QApplication.instance() or QApplication([])
    apply_cjk_font(app)
    os.environ.setdefault("GOVCAT_DATA_DIR", str(workdir / "data"))
    os.environ.setdefault("GOVCAT_CONFIG_DIR", str(workdir / "config"))
    return app, write_department(workdir / name)


def read_tables(path: Path) -> None:
    """The bare-library baseline of the GUI benchmarks: sqlite3 SELECT * of matters, entries and items."""
    conn = sqlite3.connect(path)
    conn.execute("SELECT * FROM matter").fetchall()
    conn.execute("SELECT * FROM entry").fetchall()
    conn.execute("SELECT * FROM item").fetchall()
    conn.close()
