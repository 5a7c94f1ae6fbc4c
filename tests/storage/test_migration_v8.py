"""Schema → v8 (issue 23): matters gain their 承办科室 (empty), and the package tables exist, empty; a v7 file opens
with every matter and entry as it was."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v7.govcat"


def test_a_v7_file_gets_assignees_and_package_tables(tmp_path: Path) -> None:
    path = tmp_path / "民政局.govcat"
    shutil.copyfile(FIXTURE, path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    conn.close()
    with ProjectFile.open(path) as store:
        assert SCHEMA_VERSION >= 8
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        project = store.load()
        assert [m.code for m in project.matters] == ["11140300MB0001", "11140300MB0002"]
        assert [e.name for m in project.matters for e in m.entries] == ["结婚证", "婚姻登记档案"]
        assert all(m.assignee == "" for m in project.matters)
        assert store.conn.execute("SELECT count(*) FROM package").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM package_base").fetchone()[0] == 0
        matter = project.matters[1]
        matter.assignee = "婚姻登记科"
        store.update_matter(matter)
    with ProjectFile.open(path, readonly=True) as store:
        assert [m.assignee for m in store.load().matters] == ["", "婚姻登记科"]
