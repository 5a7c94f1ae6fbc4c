"""Whole CLI commands as a user runs them, process start included, against a bare python-calamine read.

`govcat import` of a department's editable catalog copy (3,000 entries / 60,000 items) into a new project,
and `govcat validate` of that department, each timed as one process from interpreter start to exit; the
baseline is a process that only imports python-calamine and reads every sheet of the same workbook.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from bench.generate import write_department
from bench.harness import Result

ROOT = Path(__file__).resolve().parent.parent


def _timed(cmd: list[str], env: dict[str, str], before=None, repeat: int = 3) -> float:
    """Median wall time of `cmd` as a fresh process; `before` runs (untimed) ahead of each run."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{cmd[3:5]} exit {proc.returncode}: {proc.stderr[-2000:]}")
    times.sort()
    return times[len(times) // 2]


SHAPES = (("", {}), ("distinct items", {"distinct": True}))  # the bench department; every info item its own


def run(workdir: Path) -> list[Result]:
    import compileall

    # govcat's modules compiled first, as an installed copy has them (pip compiles a wheel's modules, the bundle ships
    # them compiled) and as the baseline's python-calamine is: with PYTHONDONTWRITEBYTECODE=1 (set on this machine)
    # an editable checkout would otherwise recompile every changed module in every timed process.
    compileall.compile_dir(str(ROOT / "govcat_desktop"), quiet=1)
    results: list[Result] = []
    for shape, kwargs in SHAPES:
        results += _run_shape(workdir / (shape.replace(" ", "-") or "shared"), shape, kwargs)
    return results


def _run_shape(workdir: Path, shape: str, kwargs: dict) -> list[Result]:
    from govcat_desktop.services.session import Session
    from govcat_desktop.services.transfer import export_task

    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    py = sys.executable
    dept = write_department(workdir / "dept-commands.govcat", **kwargs)
    source = Session.open(dept, readonly=True)
    try:
        info = source.project.info
        distinct = len({i.name for m in source.project.matters for e in m.entries for i in e.items})
        paths = export_task(source, "catalog", workdir / "commands-out", today=dt.date(2026, 9, 20), pdf=False)
    finally:
        source.close()
    copy = next(p for p in paths if "可编辑版" in p.name)
    target = workdir / "commands-target.govcat"

    def fresh_target() -> None:
        if target.exists():
            target.unlink()
        subprocess.run([py, "-m", "govcat_desktop.cli", "new", str(target), "--role", info.role, "--org-name",
                        info.org_name, "--org-code", info.org_code, "--region", info.region],
                       env=env, check=True, capture_output=True, timeout=300)

    bare = textwrap.dedent(f"""
        from python_calamine import CalamineWorkbook
        wb = CalamineWorkbook.from_path({str(copy)!r})
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        """)
    baseline = _timed([py, "-c", bare], env)
    imported = _timed([py, "-m", "govcat_desktop.cli", "import", str(target), str(copy)], env, before=fresh_target)
    validated = _timed([py, "-m", "govcat_desktop.cli", "validate", str(dept)], env)
    label = f", {shape}" if shape else ""
    note = f"{distinct:,} distinct info items in 60,000"
    return [
        Result(f"govcat import (3,000 entries / 60,000 items{label}, whole process)", imported,
               "python -c: python-calamine read of every sheet (whole process)", baseline, goal=1.5,
               note=f"preview + commit into a new project; {note}"),
        Result(f"govcat validate (department{label}, whole process)", validated,
               "python -c: python-calamine read of every sheet (whole process)", baseline, goal=0.4, note=note),
    ]


if __name__ == "__main__":
    import tempfile

    from bench.harness import HEADER

    with tempfile.TemporaryDirectory() as tmp:
        print(HEADER)
        for r in run(Path(tmp)):
            print(r.row())
