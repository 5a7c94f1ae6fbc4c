"""Start-up: app to first rendered window, CLI, project open at department scale, and the bundle if built."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench.generate import write_department
from bench.harness import Result, best_of

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_CANDIDATES = (ROOT / "dist" / "govcat", ROOT / "build" / "ci-dist" / "govcat")


def _runner(args: list[str], env: dict[str, str]):
    def go() -> None:
        res = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, timeout=300)
        if res.returncode != 0:
            raise RuntimeError(f"{args[:3]} exit {res.returncode}: {res.stderr.decode(errors='replace')[-500:]}")

    return go


def run(workdir: Path) -> list[Result]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    py = sys.executable
    dept = write_department(workdir / "dept-start.govcat")
    shot = str(workdir / "start.png")

    bare_qt = best_of(_runner([py, "-c", "import PySide6.QtWidgets"], env), 5)
    bare_py = best_of(_runner([py, "-c", "pass"], env), 5)
    app_start = best_of(_runner([py, "-m", "govcat_desktop.app", "--screenshot", shot], env), 5)
    app_dept = best_of(_runner([py, "-m", "govcat_desktop.app", "--screenshot", shot, str(dept)], env), 3)
    cli_help = best_of(_runner([py, "-m", "govcat_desktop.cli", "--help"], env), 5)
    results = [
        Result("app start → start page rendered and exit (govcat-desktop --screenshot)", app_start,
               "python -c 'import PySide6.QtWidgets'", bare_qt, note="whole process: interpreter, Qt, window, PNG"),
        Result("app start with a department project (1,000 matters / 60,000 items) open", app_dept,
               "python -c 'import PySide6.QtWidgets'", bare_qt),
        Result("govcat --help (CLI start)", cli_help, "python -c pass", bare_py, note="goal: < 0.3 s absolute"),
    ]

    from govcat_desktop.services.session import Session

    def bare_read() -> None:
        conn = sqlite3.connect(dept)
        for table in ("singleton", "matter", "entry", "item", "demand", "review"):
            conn.execute(f"SELECT * FROM {table}").fetchall()
        conn.close()

    def open_for_editing() -> None:
        Session.open(dept).close()  # includes the automatic backup copy

    def open_readonly() -> None:
        Session.open(dept, readonly=True).close()

    baseline = best_of(bare_read, 5)
    results += [
        Result("project open for editing at department scale (load + backup copy)", best_of(open_for_editing, 3),
               "sqlite3 SELECT * of every table", baseline),
        Result("project open read-only at department scale (load)", best_of(open_readonly, 3),
               "sqlite3 SELECT * of every table", baseline),
    ]

    bundle = next((b for b in BUNDLE_CANDIDATES
                   if (b / "govcat-desktop").exists() or (b / "govcat-desktop.exe").exists()), None)
    if bundle is not None:
        suffix = ".exe" if sys.platform == "win32" else ""
        clean = {k: v for k, v in env.items() if not k.startswith("PYTHON")}
        results.append(
            Result(f"bundled govcat-desktop --screenshot ({bundle.relative_to(ROOT)})",
                   best_of(_runner([str(bundle / f"govcat-desktop{suffix}"), "--screenshot", shot], clean), 5),
                   "python -c 'import PySide6.QtWidgets'", bare_qt)
        )
        results.append(
            Result("bundled govcat --version",
                   best_of(_runner([str(bundle / f"govcat{suffix}"), "--version"], clean), 5),
                   "python -c pass", bare_py)
        )
    return results
