"""Schema v1 → v2 on a committed v1 file: bureau tables added, every record kept, a -v1 backup made first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.backup import backups_of

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v1.govcat"
V2_TABLES = {"unit", "submission", "unit_singleton", "unit_matter", "unit_entry", "unit_item", "unit_record", "comment"}


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "住建局.govcat"
    shutil.copyfile(FIXTURE, target)
    return target


def test_fixture_is_version_1() -> None:
    with sqlite3.connect(FIXTURE) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert not names & V2_TABLES


def test_open_migrates_to_v2_and_keeps_records(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    store = ProjectFile.open(path)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 2  # v1 → v2 → … (later steps run too)
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert V2_TABLES <= names
        project = store.load()
    finally:
        store.close()
    assert project.info.org_name == "阳泉市住房和城乡建设局"
    assert project.contacts.leader.name == "周明"
    [matter] = project.matters
    assert matter.code == "11140300ZJ0001"
    [entry] = matter.entries
    assert entry.name == "商品房预售许可证"
    assert [i.name for i in entry.items] == ["许可证编号", "开发企业名称", "项目名称", "发证日期"]
    assert entry.share_methods == ["信息查询接口"]
    backups = backups_of(path)
    assert backups and backups[0].name.endswith("-v1.govcat")


def test_migrated_file_takes_bureau_comments(tmp_path: Path) -> None:
    from govcat_desktop.storage.bureau_store import BureauStore

    path = _copy(tmp_path)
    session = Session.open(path)
    try:
        BureauStore(session.store).add_comment(origin="received", unit_id=None, kind="catalog",
                                               matter_code="11140300ZJ0001", record_name="商品房预售许可证",
                                               field="share_type", message="请核实共享类型")
        rules = [f.rule for f in session.findings()]
    finally:
        session.close()
    assert "bureau-comment" in rules


def test_readonly_open_of_v1_is_refused_but_bureau_intake_reads_it(tmp_path: Path) -> None:
    from govcat_desktop.services.bureau.intake import read_govcat

    path = _copy(tmp_path)
    before = path.read_bytes()
    received = read_govcat(path)
    assert received.info.org_name == "阳泉市住房和城乡建设局"
    assert received.kinds == ["contacts", "catalog"]
    assert path.read_bytes() == before  # the unit's file is not upgraded in place
