"""`govcat export` and `govcat import` run as a user would: paths printed, preview, exit codes, nothing lost."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.cli.test_project_cmds import govcat, new_args
from tests.exchange.conftest import DATA


def test_export_then_import_gives_identical_dump(project_path, tmp_path):
    out = tmp_path / "out"
    proc = govcat("export", str(project_path), "--out", str(out), "--task", "all")
    assert proc.returncode == 0, proc.stderr
    written = [Path(line) for line in proc.stdout.splitlines()]
    assert len(written) == 12 and all(p.exists() for p in written)  # county: T2, T3, T4 (demand + review), 3 each (盖章版 + its PDF + 可编辑版)
    contacts = govcat("export", str(project_path), "--out", str(out), "--task", "contacts")
    written += [Path(line) for line in contacts.stdout.splitlines()]
    target = tmp_path / "target.govcat"
    assert govcat(*new_args(target, **{"--role": "县（区）主管机构", "--region": "城区", "--year": "2026"})).returncode == 0
    # the new project must carry the same unit info for the dumps to match
    src = sqlite3.connect(project_path).execute("SELECT data FROM singleton WHERE kind='info'").fetchone()[0]
    conn = sqlite3.connect(target)
    conn.execute("UPDATE singleton SET data=? WHERE kind='info'", (src,))
    conn.commit()
    conn.close()
    copies = [str(p) for p in written if "可编辑版" in p.name]
    proc = govcat("import", str(target), *copies)
    assert proc.returncode == 0, proc.stderr
    assert "已导入" in proc.stdout
    assert govcat("dump", str(target), "--json").stdout == govcat("dump", str(project_path), "--json").stdout


def test_dry_run_changes_nothing_and_lists_notes(tmp_path):
    target = tmp_path / "t.govcat"
    assert govcat(*new_args(target)).returncode == 0
    before = govcat("dump", str(target), "--json").stdout
    proc = govcat("import", str(target), str(DATA / "matters_malformed.csv"), "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "新增 7 条" in proc.stdout and "预览" in proc.stdout
    assert "需要注意" in proc.stderr and "第8行" in proc.stderr
    assert govcat("dump", str(target), "--json").stdout == before


def test_refused_import_exits_2_and_changes_nothing(tmp_path):
    target = tmp_path / "t.govcat"
    assert govcat(*new_args(target)).returncode == 0
    before = govcat("dump", str(target), "--json").stdout
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    proc = govcat("import", str(target), str(DATA / "zwfw_guangan_matters.csv"), str(bad))
    assert proc.returncode == 2
    assert "bad.xlsx" in proc.stderr and "Traceback" not in proc.stderr
    assert govcat("dump", str(target), "--json").stdout == before


def test_import_with_mapping_option(tmp_path):
    target = tmp_path / "t.govcat"
    assert govcat(*new_args(target)).returncode == 0
    proc = govcat("import", str(target), str(DATA / "matters_sample.xlsx"), "--kind", "matters", "--map", "实施部门=主项")
    assert proc.returncode == 0, proc.stderr
    assert '"dept": "未分类"' in govcat("dump", str(target), "--json").stdout
    bad = govcat("import", str(target), str(DATA / "matters_sample.xlsx"), "--map", "部门")
    assert bad.returncode == 2 and "--map" in bad.stderr


def test_blank_templates(project_path, tmp_path):
    proc = govcat("export", str(project_path), "--out", str(tmp_path), "--task", "demand", "--blank")
    assert proc.returncode == 0, proc.stderr
    written = Path(proc.stdout.strip())
    assert re.fullmatch(r"阳泉市民政局_共享数据需求_空白模板_\d{8}\.xlsx", written.name)
    assert written.exists()
