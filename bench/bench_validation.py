"""Whole-project and single-entry validation at department scale, against a bare sqlite3 read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.generate import write_department
from bench.harness import Result, best_of


def run(workdir: Path) -> list[Result]:
    from govcat_desktop.services.session import Session

    path = write_department(workdir / "dept-validation.govcat")
    session = Session.open(path, readonly=True)
    try:

        def bare_read() -> None:
            conn = sqlite3.connect(path)
            conn.execute("SELECT * FROM item").fetchall()
            conn.execute("SELECT * FROM entry").fetchall()
            conn.close()

        baseline = best_of(bare_read)
        whole = best_of(session.findings)
        matter, entry = next(iter(session.entries.values()))
        per_entry = best_of(lambda: [session.validator.check_entry(entry, matter) for _ in range(100)]) / 100
    finally:
        session.close()
    return [
        Result("whole-project validation (3,000 entries / 60,000 items)", whole, "sqlite3 SELECT of entries+items",
               baseline, note="goal: well under 1 s absolute"),
        Result("one entry validation (keystroke)", per_entry, "sqlite3 SELECT of entries+items", baseline,
               note="goal: ≤ 5 ms absolute"),
    ]
