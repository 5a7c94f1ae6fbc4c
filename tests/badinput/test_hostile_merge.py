"""Merges that can be interrupted (issue #12): workers die with the parent, a re-run is not a second submission."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem, ProjectInfo
from govcat_desktop.services.bureau.board import board
from govcat_desktop.storage import ProjectFile
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                                reason="reads /proc; worker processes need two cores")
UNITS = 16  # ≥ PARALLEL_FROM: the merge reads them in worker processes


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid` (from /proc; zombies count as gone)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    out, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - out
        out |= frontier
    return out


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    items = [InfoItem(name=f"信息项{i}", data_type="C", length="50", note="说明" * 10) for i in range(40)]
    for n in range(UNITS):
        project = f.valid_project()
        project.info.org_name = f"阳泉市第{n + 1}局"
        for m in range(30):
            project.matters.append(f.matter(code=f"M{n}-{m}", entries=[f.entry(f"目录{m}-{k}", items=items)
                                                                       for k in range(4)]))
        f.write_project(folder / f"unit{n:02d}.govcat", project)
    return folder


def _bureau(folder: Path) -> Path:
    path = folder / "大数据局.govcat"
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(path, info).close()
    return path


def _start(bureau: Path, inbox: Path, tmp_path: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    return subprocess.Popen([sys.executable, "-m", "govcat_desktop.cli", "merge", str(bureau), str(inbox)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _wait_for_first_unit(proc: subprocess.Popen, err: list[str]) -> tuple[set[int], threading.Thread]:
    """Read stderr on a thread (a full pipe would stall the merge); return the workers once a unit is stored."""
    def read() -> None:
        for line in proc.stderr:
            err.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline:
        workers |= _children(proc.pid)
        if any(line.startswith("已汇总：") for line in err):
            return workers | _children(proc.pid), reader
        time.sleep(0.02)
    raise AssertionError("no unit was stored")


def _consistent(bureau: Path) -> dict[str, int]:
    ProjectFile.open(bureau, make_backup=False).close()  # as the owner would: a journal left by a kill is rolled back
    conn = sqlite3.connect(f"{bureau.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = dict(conn.execute(
            "SELECT u.org_name, count(*) FROM submission s JOIN unit u ON u.id = s.unit_id WHERE s.kind = 'catalog'"
            " GROUP BY u.org_name"
        ).fetchall())
        for sid, records, items in conn.execute("SELECT id, records, items FROM submission WHERE kind = 'catalog'"
                                                " AND superseded = 0"):  # each stored unit is whole
            assert conn.execute("SELECT count(*) FROM unit_entry WHERE submission_id = ?", (sid,)).fetchone()[0] == records
    finally:
        conn.close()
    return counts


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_interrupted_merge_stops_its_workers_and_a_rerun_is_one_submission(how: str, inbox: Path,
                                                                            tmp_path: Path) -> None:
    bureau = _bureau(tmp_path)
    proc = _start(bureau, inbox, tmp_path)
    lines: list[str] = []
    workers, reader = _wait_for_first_unit(proc, lines)
    assert len(workers) >= 2, workers  # the merge reads in worker processes
    t0 = time.monotonic()
    proc.send_signal(getattr(signal, how))
    proc.wait(timeout=30)
    out = proc.stdout.read()
    reader.join(10)
    proc.stdout.close()
    proc.stderr.close()
    err = "".join(lines)
    while _alive(workers) and time.monotonic() - t0 < 10:
        time.sleep(0.1)
    assert not _alive(workers), f"workers left running after {how}: {_alive(workers)}"
    assert "共汇总" not in out, "the merge finished before the signal"
    if how != "SIGKILL":
        assert proc.returncode == 2 and err.strip().splitlines()[-1] == "已取消。", err
        assert "Traceback" not in err
    before = _consistent(bureau)
    assert all(n == 1 for n in before.values()), before
    proc = _start(bureau, inbox, tmp_path)  # the re-run takes in all files; those already in are not counted again
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, out + err
    after = _consistent(bureau)
    assert after == {f"阳泉市第{n + 1}局": 1 for n in range(UNITS)}
    for name in before:
        assert f"未变化：{name} " in err, err
    with ProjectFile.open(bureau, readonly=True) as store:
        assert all(row.cells["T3"].history == 0 for row in board(store))  # nobody shows 第2次报送
