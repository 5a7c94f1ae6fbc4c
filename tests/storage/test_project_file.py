"""The project file: drafts stored as typed, versioning, refusal of foreign files, locking, backups."""

from __future__ import annotations

import sqlite3

import pytest

from govcat_desktop.domain.models import CatalogEntry, InfoItem, Matter, Project
from govcat_desktop.storage import APPLICATION_ID, SCHEMA_VERSION, ProjectFile, ProjectFileError
from govcat_desktop.storage.backup import backups_of
from govcat_desktop.storage.lock import lock_path_for
from tests import factories as f


def test_draft_with_wrong_values_is_stored_exactly_as_typed(tmp_path):
    path = tmp_path / "draft.govcat"
    draft = Project(info=f.info())
    draft.info.org_code = "not a code "
    draft.matters.append(
        Matter(
            code=" 00123 ",
            name="",
            entries=[
                CatalogEntry(
                    name="＝SUM(A1)",
                    security_level="五级",
                    share_type="看情况",
                    share_methods=["电话", ""],
                    items=[InfoItem(name="日期", data_type="字符串", length="-3", note="\t多行\n说明")],
                )
            ],
        )
    )
    f.write_project(path, draft)
    with ProjectFile.open(path, readonly=True) as store:
        loaded = store.load()
    assert loaded.info.org_code == "not a code "
    entry = loaded.matters[0].entries[0]
    assert loaded.matters[0].code == " 00123 "
    assert (entry.name, entry.security_level, entry.share_type, entry.share_methods) == ("＝SUM(A1)", "五级", "看情况", ["电话", ""])
    assert entry.items[0].model_dump() == {"name": "日期", "data_type": "字符串", "length": "-3", "note": "\t多行\n说明"}


def test_file_is_marked_and_versioned(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_create_refuses_existing_file(tmp_path):
    path = tmp_path / "a.govcat"
    path.write_bytes(b"keep me")
    with pytest.raises(ProjectFileError, match="已存在"):
        ProjectFile.create(path, f.info())
    assert path.read_bytes() == b"keep me"


@pytest.mark.parametrize("content", [b"", b"hello world, not sqlite", b"PK\x03\x04" + b"\x00" * 100])
def test_not_a_project_is_refused_and_unchanged(tmp_path, content):
    path = tmp_path / "x.govcat"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match="不是 govcat 项目文件|无法打开") as info:
        ProjectFile.open(path)
    assert "x.govcat" in str(info.value)
    assert path.read_bytes() == content
    assert not lock_path_for(path).exists()


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="其他程序的数据库"):
        ProjectFile.open(path)
    assert path.read_bytes() == before


def test_newer_version_is_refused_and_unchanged(tmp_path):
    path = f.write_project(tmp_path / "new.govcat", f.valid_project())
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="更新版本"):
        ProjectFile.open(path)
    assert path.read_bytes() == before


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ProjectFileError, match="不存在"):
        ProjectFile.open(tmp_path / "nope.govcat")
    with pytest.raises(ProjectFileError, match="文件夹"):
        ProjectFile.open(tmp_path)


def test_second_writer_is_refused_reader_allowed(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    first = ProjectFile.open(path)
    try:
        with pytest.raises(ProjectFileError, match="另一个程序") as info:
            ProjectFile.open(path)
        assert info.value.code == "locked"
        with ProjectFile.open(path, readonly=True) as reader:
            assert reader.counts()["matter"] == 1
    finally:
        first.close()
    ProjectFile.open(path).close()  # released after close


def test_second_writer_in_another_process_is_refused(tmp_path):
    import subprocess
    import sys

    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    first = ProjectFile.open(path)
    try:
        code = (
            "import sys\nfrom govcat_desktop.storage import ProjectFile, ProjectFileError\n"
            f"try:\n    ProjectFile.open({str(path)!r})\nexcept ProjectFileError as e:\n    print(e.code); sys.exit(3)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 3 and proc.stdout.strip() == "locked"
    finally:
        first.close()


def test_readonly_store_refuses_writes(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    with ProjectFile.open(path, readonly=True) as store:
        with pytest.raises(ProjectFileError, match="只读"):
            store.save_info(f.info(name="改名"))
    with ProjectFile.open(path, readonly=True) as store:
        assert store.get_info().org_name == "阳泉市民政局"


def test_failed_transaction_leaves_file_as_it_was(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    with ProjectFile.open(path) as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.insert_matter(f.matter(code="X1", name="新事项"))
                raise RuntimeError("boom")
        assert store.counts()["matter"] == 1
        assert [m.code for m in store.load().matters] == ["11140300MB0001"]


def test_delete_keeps_positions_dense_and_undo_restores_place(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", Project(info=f.info()))
    with ProjectFile.open(path) as store:
        ids = [store.insert_matter(f.matter(code=f"C{i}", name=f"事项{i}", entries=[])) for i in range(4)]
        store.delete_matter(ids[1])
        positions = [r[0] for r in store.conn.execute("SELECT pos FROM matter ORDER BY pos")]
        assert positions == [0, 1, 2]
        saved = f.matter(code="C1", name="事项1", entries=[])
        saved.id = ids[1]
        store.insert_matter(saved, 1)
        assert [m.code for m in store.load().matters] == ["C0", "C1", "C2", "C3"]
        assert [m.id for m in store.load().matters] == ids


def test_append_matters_after_the_last_matter_with_ids_set_and_kept(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    with ProjectFile.open(path) as store:
        one = InfoItem(name="姓名", data_type="字符型C", length="50", note="")
        two = InfoItem(name="证号", data_type="字符型C", length="18", note="身份证")
        new = [
            Matter(code="N1", name="新事项一", entries=[
                CatalogEntry(name="甲信息", share_methods=["接口共享"], items=[one, two]),
                CatalogEntry(name="乙信息", items=[two]),
            ]),
            Matter(code="N2", name="新事项二"),
        ]
        store.append_matters(new)
        loaded = store.load().matters
        assert [m.code for m in loaded] == ["11140300MB0001", "N1", "N2"]
        assert [m.id for m in loaded[1:]] == [m.id for m in new] and None not in [m.id for m in new]
        assert [(e.id, e.name, e.share_methods) for e in loaded[1].entries] == [
            (new[0].entries[0].id, "甲信息", ["接口共享"]), (new[0].entries[1].id, "乙信息", [])]
        assert [i.name for i in loaded[1].entries[0].items] == ["姓名", "证号"]
        assert loaded[1].entries[0].items[1].note == "身份证"
        positions = [r[0] for r in store.conn.execute("SELECT pos FROM matter ORDER BY pos")]
        assert positions == [0, 1, 2]
        ids = [m.id for m in new], [e.id for e in new[0].entries]
        for m in new:  # undone, then redone: the same ids come back
            store.delete_matter(m.id)
        store.append_matters(new)
        again = store.load().matters
        assert ([m.id for m in again[1:]], [e.id for e in again[1].entries]) == ids


def test_deleting_a_matter_deletes_its_entries_and_items(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    with ProjectFile.open(path) as store:
        store.delete_matter(store.load().matters[0].id)
        assert store.counts() == {"matter": 0, "entry": 0, "item": 0, "demand": 1, "review": 1}


def test_backup_on_open_and_pruning(tmp_path, monkeypatch):
    from govcat_desktop import settings

    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    settings.update(backup_keep=3)
    made = []
    for _ in range(5):
        store = ProjectFile.open(path)
        made.append(store.backup_path)
        store.close()
    kept = backups_of(path)
    assert len(kept) == 3
    assert all(p is not None for p in made)
    with ProjectFile.open(kept[0], readonly=True) as copy:
        assert copy.load().matters[0].entries[0].name == "结婚证"
    import os

    assert str(kept[0]).startswith(os.environ["GOVCAT_DATA_DIR"])


def test_readonly_open_makes_no_backup(tmp_path):
    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    ProjectFile.open(path, readonly=True).close()
    assert backups_of(path) == []


def test_save_copy(tmp_path):
    from govcat_desktop.services.dump import dump_json

    path = f.write_project(tmp_path / "a.govcat", f.valid_project())
    with ProjectFile.open(path) as store:
        original = dump_json(store.load())
        copy = store.save_copy(tmp_path / "b.govcat")
    with ProjectFile.open(copy) as other:
        assert dump_json(other.load()) == original
        assert other.counts() == {"matter": 1, "entry": 1, "item": 4, "demand": 1, "review": 1}
