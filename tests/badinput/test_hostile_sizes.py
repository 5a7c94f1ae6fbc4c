"""Sizes far past any real unit (issue #12): refused at the door, fast, with the limit named; nothing stored."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govcat_desktop.domain import limits
from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.storage import ProjectFile
from tests import factories as f
from tests.badinput.conftest import file_dump

ROOT = Path(__file__).resolve().parents[2]
LINUX = sys.platform.startswith("linux")
CAP = 1536 * 1024**2  # address space of a child under test: 1.5 GB

CAPPED_CLI = r'''
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
from govcat_desktop.cli import main
sys.exit(main(sys.argv[2:]))
'''


def _capped(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", CAPPED_CLI, str(CAP), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=300)


def _bureau(folder: Path) -> Path:
    path = folder / "大数据局.govcat"
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(path, info).close()
    return path


def _unit(folder: Path, name: str, sql: str) -> Path:
    path = f.write_project(folder / name, f.valid_project())
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(sql)
    finally:
        conn.close()
    return path


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is a Linux cap")
def test_a_unit_with_more_items_than_any_city_is_refused_before_loading(tmp_path: Path) -> None:
    n = limits.MAX_ITEMS + 1
    unit = _unit(tmp_path, "巨型单位.govcat",
                 "INSERT INTO item (entry_id, pos, name, data_type, length, note) "
                 f"WITH RECURSIVE r(k) AS (SELECT 1000 UNION ALL SELECT k + 1 FROM r WHERE k < {n + 999}) "
                 "SELECT (SELECT min(id) FROM entry), k, '信息项' || k, 'C', '20', '' FROM r")
    bureau = _bureau(tmp_path)
    before = file_dump(bureau)
    t0 = time.perf_counter()
    proc = _capped("merge", str(bureau), str(unit))
    assert time.perf_counter() - t0 < 30
    assert proc.returncode == 1, proc.stdout + proc.stderr  # left aside with its reason (README)
    assert (f"跳过  {unit}：“巨型单位.govcat”中有 {n + f.valid_project().item_count()} 条信息项，超过每个单位 600000 条的上限"
            "（大型部门实际约 60000 条）") in proc.stdout
    assert file_dump(bureau) == before


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is a Linux cap")
def test_a_40_mb_summary_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    unit = _unit(tmp_path, "超长摘要.govcat", "UPDATE entry SET summary = printf('%.*c', 40000000, '长')")
    other = f.valid_project()
    other.info.org_name = "阳泉市教育局"
    good = f.write_project(tmp_path / "正常单位.govcat", other)
    bureau = _bureau(tmp_path)
    proc = _capped("merge", str(bureau), str(unit), str(good))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "“超长摘要.govcat”中有单个字段超过 4 MB" in proc.stdout or "超过 4 MB（每项上限 32767 字）" in proc.stdout
    assert "已汇总：阳泉市教育局" in proc.stderr


def test_a_199_mb_csv_dry_run_is_refused_at_once(tmp_path: Path) -> None:
    unit = f.write_project(tmp_path / "本单位.govcat", f.valid_project())
    csv = tmp_path / "事项清单.csv"
    with csv.open("wb") as fh:
        fh.write("事项名称,事项编码\r\n".encode())
        fh.truncate(199 * 1024 * 1024)  # sparse: as big as the clerk's file, written in no time
    t0 = time.perf_counter()
    proc = _capped("import", str(unit), str(csv), "--kind", "matters", "--dry-run")
    assert time.perf_counter() - t0 < 15
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        "错误：文件“事项清单.csv”有 199 MB，超过 CSV 文件 50 MB 的上限（一个大型部门的全部目录约 20 MB），不予读取。项目未作任何修改。"
    )


def test_more_matters_than_a_unit_can_have_are_refused_on_import(tmp_path: Path) -> None:
    unit = f.write_project(tmp_path / "本单位.govcat", f.valid_project())
    before = file_dump(unit)
    csv = tmp_path / "全省事项.csv"
    n = limits.MAX_MATTERS + 1
    csv.write_text("事项名称,事项编码,实施主体\r\n" + "".join(f"事项{k},11140300MB{k:08d},阳泉市民政局\r\n" for k in range(n)),
                   encoding="utf-8")
    proc = _capped("import", str(unit), str(csv), "--kind", "matters", "--dry-run")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"“全省事项.csv”中有 {n} 条服务事项，超过每个单位 10000 条的上限" in proc.stderr
    assert file_dump(unit) == before


def test_a_field_longer_than_an_excel_cell_is_refused_naming_record_and_field(tmp_path: Path) -> None:
    unit = f.write_project(tmp_path / "本单位.govcat", f.valid_project())
    csv = tmp_path / "事项.csv"
    csv.write_text("事项名称,事项编码\r\n正常事项,11140300MB00000001\r\n" + "长" * 40_000 + ",11140300MB00000002\r\n",
                   encoding="utf-8")
    proc = _capped("import", str(unit), str(csv), "--kind", "matters", "--dry-run")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "“事项.csv”中服务事项第 2 条的“name”长 40000 个字，超过每项 32767 字的上限" in proc.stderr


def test_limits_are_ten_times_spec_scale() -> None:
    assert (limits.MAX_MATTERS, limits.MAX_ENTRIES, limits.MAX_ITEMS) == (10_000, 30_000, 600_000)


def test_merge_in_process_refuses_too_many_entries(tmp_path: Path) -> None:
    n = limits.MAX_ENTRIES + 1
    unit = _unit(tmp_path, "目录过多.govcat",
                 "INSERT INTO entry (matter_id, pos, name) "
                 f"WITH RECURSIVE r(k) AS (SELECT 1000 UNION ALL SELECT k + 1 FROM r WHERE k < {n + 999}) "
                 "SELECT (SELECT min(id) FROM matter), k, '目录' || k FROM r")
    store = ProjectFile.open(_bureau(tmp_path))
    try:
        outcome = merge(store, [unit])
    finally:
        store.close()
    assert not outcome.taken and "条数据资源目录，超过每个单位 30000 条的上限" in outcome.skipped[0][1]
    shutil.rmtree(tmp_path, ignore_errors=True)
