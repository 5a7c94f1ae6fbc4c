"""Rolling backups (count, pruning, before migration) and recovery from the newest backup."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path

import pytest

from govcat_desktop import settings
from govcat_desktop.services import recovery
from govcat_desktop.services.dump import dump_json
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage import backup as backup_mod
from tests import factories


def _project(tmp_path: Path, name: str = "民政局目录.govcat") -> Path:
    return factories.write_project(tmp_path / name, factories.valid_project())


def _age(paths: list[Path]) -> None:
    """Give backups distinct, increasing mtimes (they are sorted by mtime)."""
    base = time.time() - 1000
    for i, p in enumerate(paths):
        os.utime(p, ns=(int((base + i) * 1e9), int((base + i) * 1e9)))


def test_each_open_for_editing_makes_one_backup(tmp_path: Path) -> None:
    path = _project(tmp_path)
    assert recovery.backups(path) == []  # creating a project takes no backup
    for _ in range(3):
        ProjectFile.open(path).close()
        _age(recovery.backups(path))
    assert len(recovery.backups(path)) == 3
    ProjectFile.open(path, readonly=True).close()
    assert len(recovery.backups(path)) == 3  # read-only opens take none


def test_backups_are_pruned_to_backup_keep(tmp_path: Path) -> None:
    settings.update(backup_keep=3)
    path = _project(tmp_path)
    made = []
    for _ in range(6):
        with ProjectFile.open(path) as store:
            made.append(store.backup_path)
        _age([p for p in made if p.exists()])
    kept = recovery.backups(path)
    assert len(kept) == 3
    assert kept == list(reversed(made[-3:]))  # the newest three, newest first


def test_backup_keep_default_is_ten(tmp_path: Path) -> None:
    path = _project(tmp_path)
    for _ in range(12):
        ProjectFile.open(path).close()
        _age(recovery.backups(path))
    assert len(recovery.backups(path)) == 10


def test_backup_holds_the_project_as_it_was_opened(tmp_path: Path) -> None:
    path = _project(tmp_path)
    before = dump_json(factories.valid_project())
    session = Session.open(path)
    try:
        session.store.delete_matter(session.project.matters[0].id)
    finally:
        session.close()
    copy = recovery.newest_backup(path)
    assert copy is not None
    with ProjectFile.open(copy, readonly=True) as store:
        assert dump_json(store.load()) == before


def test_backup_before_migration_with_fake_newer_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a schema v2: opening a v1 file backs it up as -v1 first, then migrates."""
    from govcat_desktop.storage import project_file, schema

    def to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE added_in_v2 (x TEXT)")

    path = _project(tmp_path)
    old = schema.SCHEMA_VERSION  # the fake step goes on top of the real latest version
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, to_v2])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", old + 1)
    monkeypatch.setattr(project_file, "SCHEMA_VERSION", old + 1)
    ProjectFile.open(path).close()
    backups = recovery.backups(path)
    assert len(backups) == 1 and backups[0].name.endswith(f"-v{old}.govcat")
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'added_in_v2'").fetchone()[0] == 0
    conn.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old + 1
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'added_in_v2'").fetchone()[0] == 1
    conn.close()


def test_no_backup_of_a_project_never_opened(tmp_path: Path) -> None:
    assert recovery.newest_backup(tmp_path / "没有这个.govcat") is None


def test_newest_backup_skips_damaged_copies(tmp_path: Path) -> None:
    path = _project(tmp_path)
    for _ in range(2):
        ProjectFile.open(path).close()
        _age(recovery.backups(path))
    older, newest = recovery.backups(path)[1], recovery.backups(path)[0]
    newest.write_bytes(b"\0" * 4096)  # the newest copy is damaged
    assert recovery.newest_backup(path) == older


def test_recover_when_project_cannot_be_opened(tmp_path: Path) -> None:
    """The scenario of the app: the project is broken, its newest backup opens as a new copy."""
    path = _project(tmp_path)
    ProjectFile.open(path).close()
    expected = dump_json(factories.valid_project())
    path.write_bytes(b"garbage" * 1000)  # the project no longer opens
    with pytest.raises(ProjectFileError):
        ProjectFile.open(path)
    found = recovery.newest_backup(path)
    assert found is not None
    backup_bytes = found.read_bytes()
    copy = recovery.open_backup_as_copy(found, original=path)
    assert copy.parent == path.parent
    assert re.fullmatch(r"民政局目录-恢复-\d{8}-\d{6}\.govcat", copy.name)
    assert path.read_bytes() == b"garbage" * 1000  # the broken original is left for the clerk
    assert found.read_bytes() == backup_bytes  # the backup is untouched
    session = Session.open(copy)
    try:
        assert dump_json(session.project) == expected
    finally:
        session.close()


def test_copy_goes_to_user_data_folder_without_original(tmp_path: Path) -> None:
    path = _project(tmp_path)
    ProjectFile.open(path).close()
    copy = recovery.open_backup_as_copy(recovery.newest_backup(path))
    assert copy.parent == Path(os.environ["GOVCAT_DATA_DIR"]) / "恢复的项目"
    assert copy.name.startswith("民政局目录-恢复-")


def test_copy_goes_to_user_data_folder_when_original_folder_is_readonly(tmp_path: Path) -> None:
    from tests.fault import fs

    with fs.tmpfs(tmp_path / "光盘", size="4m") as mounted:
        if mounted is not None:  # root: a read-only mount (folder permissions do not stop root)
            path = _project(mounted)
            ProjectFile.open(path).close()
            if not fs.remount_readonly(mounted):
                pytest.skip("cannot remount read-only")
            copy = recovery.open_backup_as_copy(recovery.newest_backup(path), original=path)
        elif os.name == "posix" and os.geteuid() != 0:
            folder = tmp_path / "只读"
            folder.mkdir()
            path = _project(folder)
            ProjectFile.open(path).close()
            folder.chmod(0o555)
            try:
                copy = recovery.open_backup_as_copy(recovery.newest_backup(path), original=path)
            finally:
                folder.chmod(0o755)
        else:
            pytest.skip("neither a read-only mount nor folder permissions are available")
    assert copy.parent == Path(os.environ["GOVCAT_DATA_DIR"]) / "恢复的项目"
    assert copy.is_file()


def test_copies_never_overwrite(tmp_path: Path) -> None:
    path = _project(tmp_path)
    ProjectFile.open(path).close()
    found = recovery.newest_backup(path)
    copies = [recovery.open_backup_as_copy(found, tmp_path) for _ in range(3)]
    assert len(set(copies)) == 3
    assert all(c.is_file() for c in copies)


def test_target_dir_is_used(tmp_path: Path) -> None:
    path = _project(tmp_path)
    ProjectFile.open(path).close()
    out = tmp_path / "out"
    out.mkdir()
    copy = recovery.open_backup_as_copy(recovery.newest_backup(path), out)
    assert copy.parent == out


def test_damaged_or_missing_backup_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="不存在"):
        recovery.open_backup_as_copy(tmp_path / "nope.govcat")
    bad = tmp_path / "bad.govcat"
    bad.write_bytes(b"SQLite format 3\0" + b"\xff" * 100)
    with pytest.raises(ProjectFileError, match="已损坏"):
        recovery.open_backup_as_copy(bad)
    with pytest.raises(ProjectFileError, match="文件夹"):
        path = _project(tmp_path)
        ProjectFile.open(path).close()
        recovery.open_backup_as_copy(recovery.newest_backup(path), tmp_path / "no-such-dir")


def test_backup_folder_is_per_project(tmp_path: Path) -> None:
    a = _project(tmp_path, "a.govcat")
    (tmp_path / "x").mkdir()
    b = _project(tmp_path / "x", "a.govcat")  # same name, other folder
    ProjectFile.open(a).close()
    assert len(recovery.backups(a)) == 1
    assert recovery.backups(b) == []
    assert backup_mod.backup_folder_for(a) != backup_mod.backup_folder_for(b)
