"""The city report at city scale: `govcat report` over 100 merged units (bench_merge's units: 30,000 entries /
600,000 items, a third of the catalogs accepted) as a fresh process — wall time and peak memory — against a bare
baseline in the same run: a process that reads the same entries and items with sqlite3 and writes them, one text
line per info item, deflated with zipfile, once for each full list the report streams (catalog, 可提供, 注册表)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_merge import ENTRIES_PER_UNIT, ITEMS_PER_UNIT, MATTERS_PER_UNIT, UNITS  # noqa: E402
from bench.harness import Result  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIME_GOAL_S = 30.0
MEMORY_GOAL_MB = 400.0


def city(workdir: Path) -> Path:
    """A 市大数据局 project with the 100 units merged from their .govcat files (generated once, kept in workdir)."""
    import sqlite3

    from bench.generate import write_unit
    from govcat_desktop.domain.models import ProjectInfo
    from govcat_desktop.services.bureau.intake import merge
    from govcat_desktop.storage import ProjectFile

    src = workdir / "report-units-own-codes"  # units of one shared code (before the intake's identity check) are stale
    src.mkdir(parents=True, exist_ok=True)
    units = []
    for n in range(UNITS):
        path = src / f"unit{n:03d}.govcat"
        made = write_unit(path, n, MATTERS_PER_UNIT, ENTRIES_PER_UNIT, ITEMS_PER_UNIT)
        if made is not None:
            made.close()
        units.append(path)
    target = workdir / "city-report.govcat"
    if not target.exists():
        store = ProjectFile.create(target, ProjectInfo(role="市大数据局", org_name="阳泉市大数据局",
                                                       org_code="11511301008778183N", region="阳泉市"))
        try:
            outcome = merge(store, units)
            assert not outcome.skipped, outcome.skipped[:3]
        finally:
            store.close()
        conn = sqlite3.connect(target)  # the bureau accepted a third of the catalogs (the 注册表 lists those)
        with conn:
            conn.execute("UPDATE submission SET review_status = '已审核' WHERE kind = 'catalog' AND unit_id % 3 = 0")
        conn.close()
    return target


def _child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, peak MB, CPU seconds) of one fresh process, from wait4's rusage (this child only)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stdout:
        proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[3:5]} exit {proc.returncode}: {err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime  # ru_maxrss: KiB on Linux


def run(workdir: Path) -> list[Result]:
    workdir.mkdir(parents=True, exist_ok=True)
    target = city(workdir)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    py = sys.executable
    out = workdir / "report-out"
    bare = textwrap.dedent(f"""
        import sqlite3, zipfile
        conn = sqlite3.connect({str(target)!r})
        where = {{"catalog": "", "offer": " AND e.share_type IN ('无条件共享', '有条件共享')",
                 "registration": " AND s.review_status = '已审核'"}}
        with zipfile.ZipFile({str(workdir / "bare.zip")!r}, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, extra in where.items():
                with z.open(name + ".txt", "w", force_zip64=True) as f:
                    for row in conn.execute(
                            "SELECT e.*, i.* FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
                            " LEFT JOIN unit_item i ON i.entry_id = e.id WHERE s.superseded = 0" + extra):
                        f.write(("\\t".join(map(str, row)) + "\\n").encode())
        """)
    report_s, report_mb, report_cpu = _child([py, "-m", "govcat_desktop.cli", "report", str(target), "--out", str(out)],
                                             env)
    base_s, base_mb, base_cpu = _child([py, "-c", bare], env)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    size = f"{UNITS} units, {UNITS * ENTRIES_PER_UNIT:,} entries / {UNITS * ITEMS_PER_UNIT:,} items"
    return [
        Result("govcat report, city (whole process)", report_s, "python -c: sqlite3 read + zipfile write of the "
               "same rows, once per full list", base_s, note=f"{size}; load average {load}"),
        Result("govcat report, city (whole process)", report_s, "goal 30 s", TIME_GOAL_S, goal=1.0,
               note="督办表 + 各单位汇总表 printed; lists, 注册表 and report electronic"),
        Result("govcat report, city: CPU time (user + system)", report_cpu, "the bare baseline's CPU time", base_cpu,
               note="what the machine's load does not inflate"),
        Result("govcat report, city: peak memory (MB)", report_mb, "goal 400 MB", MEMORY_GOAL_MB, goal=1.0,
               note=f"ru_maxrss of the process: {report_mb:.0f} MB (the bare baseline: {base_mb:.0f} MB)", unit="MB"),
    ]


if __name__ == "__main__":
    from bench.harness import HEADER

    target_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/govcat-report-bench")
    print(HEADER)
    for r in run(target_dir):
        print(r.row())
