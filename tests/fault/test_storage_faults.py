"""Stale journals, a full disk, a read-only folder and two instances on one file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from govcat_desktop.services.rules import Refused
from govcat_desktop.domain.models import Demand, InfoItem
from govcat_desktop.services import commands as c
from govcat_desktop.services.dump import dump_json
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.lock import lock_path_for
from tests import factories
from tests.fault import fs

ROOT = Path(__file__).resolve().parents[2]


def _project(folder: Path, name: str = "项目.govcat") -> Path:
    return factories.write_project(folder / name, factories.valid_project())


def _dump(path: Path) -> str:
    with ProjectFile.open(path, readonly=True) as store:
        return dump_json(store.load())


def _big_entry(n: int = 400):
    return factories.entry("大目录", items=[InfoItem(name=f"信息项{k}", data_type="C", length="50", note="说明" * 50) for k in range(n)])


# ----- stale journal ----------------------------------------------------------------------
def _copy_mid_transaction(src: Path, dest_dir: Path) -> Path:
    """Copy a project, its -journal and its lock file while a big transaction has spilled pages into the file."""
    store = ProjectFile.open(src)
    try:
        store.conn.execute("PRAGMA cache_size = 1")  # force dirty pages out to the file before COMMIT
        store.conn.execute("BEGIN IMMEDIATE")
        for k in range(1500):
            store.conn.execute(
                "INSERT INTO demand (pos, catalog_name, reject_reason) VALUES (?, ?, ?)", (k + 10, f"半截{k}", "x" * 400)
            )
        store.conn.execute("UPDATE matter SET name = '改到一半'")
        journal = src.with_name(src.name + "-journal")
        assert journal.exists() and journal.stat().st_size > 0
        dest = dest_dir / src.name
        shutil.copyfile(src, dest)
        shutil.copyfile(journal, dest.with_name(dest.name + "-journal"))
        # ... and the lock file a govcat that dies mid-write leaves (what tells an edit-open the journal is its own)
        shutil.copyfile(lock_path_for(src), lock_path_for(dest))
        store.conn.execute("ROLLBACK")
    finally:
        store.close()
    return dest


def test_stale_journal_is_rolled_back_when_opened_for_editing(tmp_path: Path) -> None:
    src = _project(tmp_path)
    expected = dump_json(factories.valid_project())
    (tmp_path / "copy").mkdir()
    dest = _copy_mid_transaction(src, tmp_path / "copy")
    with sqlite3.connect(f"{dest.as_uri()}?mode=ro", uri=True) as raw:  # without rollback the file is half-written
        with pytest.raises(sqlite3.OperationalError):
            raw.execute("SELECT count(*) FROM demand").fetchone()
    raw.close()
    with ProjectFile.open(dest) as store:
        assert dump_json(store.load()) == expected
        assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert not dest.with_name(dest.name + "-journal").exists()


@pytest.mark.parametrize("how", ["readonly", "cli"])
def test_stale_journal_is_left_alone_by_a_read(tmp_path: Path, how: str) -> None:
    """A read never writes: the journal is reported in Chinese, file and journal stay byte for byte."""
    src = _project(tmp_path)
    (tmp_path / "copy").mkdir()
    dest = _copy_mid_transaction(src, tmp_path / "copy")
    journal = dest.with_name(dest.name + "-journal")
    before = (dest.read_bytes(), journal.read_bytes())
    if how == "cli":
        out = subprocess.run(
            [sys.executable, "-m", "govcat_desktop.cli", "dump", str(dest), "--json"],
            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60,
        )
        assert out.returncode == 2, out.stderr
        message = out.stderr
        assert "Traceback" not in message
    else:
        with pytest.raises(ProjectFileError) as caught:
            ProjectFile.open(dest, readonly=True)
        assert caught.value.code == "hot-journal"
        message = str(caught.value)
    assert f"“{dest.name}”旁边有未完成写入的日志文件“{journal.name}”" in message
    assert "以编辑方式打开" in message
    assert (dest.read_bytes(), journal.read_bytes()) == before


# ----- full disk --------------------------------------------------------------------------
@pytest.fixture
def tiny_disk(tmp_path: Path):
    with fs.tmpfs(tmp_path / "u盘", size="400k") as mounted:
        if mounted is None:
            pytest.skip("cannot mount a tmpfs here; the simulated SQLITE_FULL test covers this")
        yield mounted


def test_full_disk_edit_gives_chinese_message_and_loses_nothing(tiny_disk: Path) -> None:
    path = _project(tiny_disk)
    session = Session.open(path)
    try:
        stack = c.UndoStack(session)
        stack.push(c.AddRecord("demand", factories.demand(catalog_name="满盘之前保存的")))
        before_file, before_memory = _dump(path), dump_json(session.project)
        fs.fill(tiny_disk)
        matter_id = session.project.matters[0].id
        with pytest.raises(ProjectFileError) as err:
            stack.push(c.AddEntry(matter_id, _big_entry()))
        assert "磁盘空间已满" in err.value.message and "之前保存的内容完好" in err.value.message
        with pytest.raises(ProjectFileError, match="磁盘空间已满"):
            stack.push(c.Composite([c.AddMatter(factories.matter(code=f"M{k}", entries=[_big_entry()])) for k in range(3)]))
        assert dump_json(session.project) == before_memory  # the window shows what the file holds
    finally:
        session.close()
    assert _dump(path) == before_file
    assert "满盘之前保存的" in before_file
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_full_disk_new_project_and_save_copy(tiny_disk: Path, tmp_path: Path) -> None:
    path = _project(tmp_path)
    fs.fill(tiny_disk)
    new = tiny_disk / "新项目.govcat"
    with pytest.raises(ProjectFileError) as err:
        factories.write_project(new, factories.valid_project())
    assert "磁盘空间已满" in err.value.message or "无法创建" in err.value.message
    assert not new.exists()
    with ProjectFile.open(path) as store:
        with pytest.raises(ProjectFileError, match="磁盘空间已满"):
            store.save_copy(tiny_disk / "另存.govcat")
    assert not (tiny_disk / "另存.govcat").exists() and not (tiny_disk / "另存.govcat.part").exists()



def test_full_disk_simulated_sqlite_full(tmp_path: Path) -> None:
    """Portable variant (no mount): SQLite reports SQLITE_FULL on every write."""
    path = _project(tmp_path)
    before = _dump(path)
    session = Session.open(path)
    real = session.store.conn
    try:
        session.store.conn = fs.FullDisk(real)
        stack = c.UndoStack(session)
        for command in (
            c.AddRecord("demand", Demand(catalog_name="写不进去")),
            c.AddEntry(session.project.matters[0].id, _big_entry(5)),
            c.DeleteMatter(session.project.matters[0].id),
            c.Composite([c.AddMatter(factories.matter(code="M9"))]),
        ):
            with pytest.raises(ProjectFileError) as err:
                stack.push(command)
            assert "磁盘空间已满" in err.value.message
        assert dump_json(session.project) == before
    finally:
        session.store.conn = real
        session.close()
    assert _dump(path) == before


# ----- read-only folder ---------------------------------------------------------------------
@pytest.fixture
def readonly_folder(tmp_path: Path):
    """A folder holding a project that cannot be written (read-only mount as root, chmod otherwise)."""
    with fs.tmpfs(tmp_path / "光盘", size="4m") as mounted:
        if mounted is not None:
            path = _project(mounted)
            if not fs.remount_readonly(mounted):
                pytest.skip("cannot remount read-only")
            yield path
            return
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root without mount: folder permissions do not apply")
    folder = tmp_path / "只读"
    folder.mkdir()
    path = _project(folder)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield path
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_readonly_folder_offers_readonly_and_changes_nothing(readonly_folder: Path) -> None:
    path = readonly_folder
    before = path.read_bytes()
    with pytest.raises(ProjectFileError) as err:
        Session.open(path)
    assert err.value.code == "readonly"
    assert "只读" in err.value.message and "另存" in err.value.message
    session = Session.open(path, readonly=True)
    try:
        assert session.project.matters[0].name == "内地居民结婚登记"
        with pytest.raises(Refused, match="只读"):  # the rule every write passes, before the file is touched
            c.UndoStack(session).push(c.AddRecord("demand", Demand(catalog_name="不能写")))
        assert len(session.project.demands) == 1
        with pytest.raises(ProjectFileError, match="只读"):  # and the file itself takes no write either
            c.AddRecord("demand", Demand(catalog_name="不能写")).do(session)
        assert len(session.project.demands) == 1
        copy = session.store.save_copy(Path(os.environ["GOVCAT_DATA_DIR"]).parent / "另存.govcat")
    finally:
        session.close()
    assert path.read_bytes() == before
    assert _dump(copy) == dump_json(factories.valid_project())  # Save As elsewhere keeps everything


def test_readonly_folder_cli_reads_and_explains(readonly_folder: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "govcat_desktop.cli", "info", str(readonly_folder)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "阳泉市民政局" in out.stdout


# ----- two instances --------------------------------------------------------------------------
HOLD = """
import sys, time
from govcat_desktop.services.session import Session
s = Session.open(sys.argv[1])
print("OPEN", flush=True)
time.sleep(120)
"""


def test_second_instance_is_refused_and_offered_readonly(tmp_path: Path) -> None:
    path = _project(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, cwd=ROOT, env=env)
    try:
        assert holder.stdout.readline().strip() == b"OPEN"
        with pytest.raises(ProjectFileError) as err:
            Session.open(path)
        assert err.value.code == "locked"
        assert "正被另一个程序打开编辑" in err.value.message and "只读" in err.value.message
        viewer = Session.open(path, readonly=True)  # what the app offers instead
        try:
            assert viewer.readonly and viewer.project.matters[0].name == "内地居民结婚登记"
        finally:
            viewer.close()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # the killed holder's lock died with it: the file opens for editing again
    Session.open(path).close()


def test_second_instance_in_same_process_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path)
    first = Session.open(path)
    try:
        with pytest.raises(ProjectFileError, match="正被另一个程序打开编辑"):
            Session.open(path)
    finally:
        first.close()
    Session.open(path).close()
