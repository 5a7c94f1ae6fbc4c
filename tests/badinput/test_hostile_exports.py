"""Exports as an atomic set (issue #12): a failure or a kill never leaves a 盖章版 beside another export's 可编辑版."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.exchange import editable
from govcat_desktop.services import atomic, transfer
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import TransferError, export_task
from tests import factories as f
from tests.fault import fs

ROOT = Path(__file__).resolve().parents[2]


def _big_project():
    project = f.valid_project()
    items = [InfoItem(name=f"信息项{i}", data_type="C", length="50", note="说明" * 20) for i in range(60)]
    for m in range(40):
        project.matters.append(f.matter(code=f"M{m}", entries=[f.entry(f"目录{m}-{k}", items=items) for k in range(5)]))
    return project


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def exported(tmp_path: Path):
    session = Session.open(f.write_project(tmp_path / "p.govcat", f.valid_project()))
    out = tmp_path / "out"
    export_task(session, "catalog", out)
    session.project.matters[0].entries[0].summary = "改过之后的摘要"  # the next export differs from the first
    yield session, out, _snapshot(out)
    session.close()


def test_editable_copy_fails_old_pair_stays_whole(exported, monkeypatch: pytest.MonkeyPatch) -> None:
    session, out, before = exported

    def locked(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(editable, "write_editable", locked)  # export_task imports the writers when it runs
    with pytest.raises(TransferError) as caught:
        export_task(session, "catalog", out)
    assert "没有写入任何新文件，文件夹中原有的文件保持不变" in str(caught.value)
    assert "Permission denied" not in str(caught.value)
    assert _snapshot(out) == before  # the old 盖章版 and 可编辑版, byte for byte, and nothing else


def test_rename_fails_half_way_old_pair_is_put_back(exported, monkeypatch: pytest.MonkeyPatch) -> None:
    session, out, before = exported
    real = os.replace
    placed = []

    def flaky(src, dst):
        if str(src).endswith(".tmp"):
            placed.append(dst)
            if len(placed) == 2:  # the second file of the pair is locked by Excel
                raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    with pytest.raises(TransferError) as caught:
        export_task(session, "catalog", out)
    assert "这一组文件" in str(caught.value) and "原有的文件保持不变、仍然相互对应" in str(caught.value)
    assert _snapshot(out) == before


def test_a_third_file_joins_the_set(tmp_path: Path) -> None:
    files = atomic.AtomicSet(tmp_path)
    files.add(tmp_path / "a.xlsx", lambda p: p.write_bytes(b"a"))
    files.add(tmp_path / "b.xlsx", lambda p: p.write_bytes(b"b"))
    files.add(tmp_path / "c.pdf", lambda p: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(atomic.AtomicWriteError, match="磁盘空间已满。没有写入任何新文件"):
        files.commit()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path: Path):
    with fs.tmpfs(tmp_path / "u盘", size="300k") as mounted:
        if mounted is None:
            pytest.skip("cannot mount a tmpfs here (needs root); the simulated ENOSPC tests cover the logic")
        yield mounted


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(env or os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "govcat_desktop.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=300)


def test_full_and_read_only_disk_say_so_in_chinese_without_traceback(tiny_disk: Path, tmp_path: Path) -> None:
    project = f.write_project(tmp_path / "big.govcat", _big_project())
    proc = _cli("export", str(project), "--out", str(tiny_disk), "--task", "catalog")
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("：磁盘空间已满。没有写入任何新文件，文件夹中原有的文件保持不变。"), proc.stderr
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr and "No space" not in proc.stderr
    assert list(tiny_disk.iterdir()) == []
    assert fs.remount_readonly(tiny_disk)
    proc = _cli("export", str(project), "--out", str(tiny_disk), "--task", "catalog")
    assert proc.returncode == 2
    assert "文件夹所在的磁盘是只读的（如写保护的 U 盘或光盘）。没有写入任何新文件" in proc.stderr, proc.stderr
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_export_leaves_no_temp_files_after_the_next_export(tmp_path: Path) -> None:
    project = f.write_project(tmp_path / "big.govcat", _big_project())
    out = tmp_path / "out"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    assert _cli("export", str(project), "--out", str(out), "--task", "catalog", env=env).returncode == 0
    before = _snapshot(out)
    killed_mid_write = False
    for delay in (0.9, 1.2, 1.5, 2.0):
        child = subprocess.Popen([sys.executable, "-m", "govcat_desktop.cli", "export", str(project), "--out", str(out),
                                  "--task", "catalog"], cwd=ROOT, env=dict(env, PYTHONPATH=str(ROOT)),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        leftovers = [p for p in [*out.iterdir(), *scratch.iterdir()] if p.name.startswith(".govcat-")]
        finals = {k: v for k, v in _snapshot(out).items() if not k.startswith(".govcat-")}
        assert finals.keys() == before.keys()  # the pair: the old one or a complete new one, never one of each
        if leftovers:
            killed_mid_write = True
            break
    assert killed_mid_write, "the export finished before every kill; make the project bigger"
    assert _cli("export", str(project), "--out", str(out), "--task", "catalog", env=env).returncode == 0
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert list(scratch.iterdir()) == []  # no openpyxl.* sheet files and no private folders left


def test_report_on_a_full_disk_leaves_nothing_new(tiny_disk: Path, tmp_path: Path) -> None:
    """The report's files are one set: `govcat report` used to fail half-way and leave 2 of 8 files."""
    from govcat_desktop.domain.models import ProjectInfo
    from govcat_desktop.services.bureau.intake import merge
    from govcat_desktop.storage import ProjectFile

    bureau = tmp_path / "大数据局.govcat"
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(bureau, info).close()
    unit = f.write_project(tmp_path / "unit.govcat", _big_project())
    with ProjectFile.open(bureau) as store:
        assert merge(store, [unit]).taken
    old = tiny_disk / "阳泉市政务数据资源目录编制工作督办表.xlsx"
    old.write_bytes(b"the previous board")
    proc = _cli("report", str(bureau), "--out", str(tiny_disk))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("错误：无法生成报表：磁盘空间已满。没有写入任何新文件"), proc.stderr
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(tiny_disk.iterdir()) == [old] and old.read_bytes() == b"the previous board"
    proc = _cli("report", str(bureau), "--out", str(tmp_path / "report"))
    assert proc.returncode == 0, proc.stderr
    listed = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(listed) >= 8 and sorted(p.name for p in (tmp_path / "report").iterdir()) == sorted(
        Path(line).name for line in listed)
