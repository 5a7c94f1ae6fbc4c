"""Schema v10 → v11 (issue 22, part two): a 注销 entry's bureau note and the last registration remembered; a v10 file
opens with its entries and versions as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.version_store import VersionStore

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v10.govcat"


def test_a_v10_file_gets_the_registration_tables_and_keeps_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "民政局.govcat"
    shutil.copyfile(FIXTURE, path)
    with ProjectFile.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 11
        assert "bureau_note" in {r[1] for r in store.conn.execute("PRAGMA table_info(unit_withdrawn)")}
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"registration", "registered_entry"} <= tables
        assert [e.name for m in store.load().matters for e in m.entries] == ["结婚证", "婚姻登记档案"]
        assert VersionStore(store).counter() == 0


def test_the_fixture_is_a_v10_file() -> None:
    import sqlite3

    conn = sqlite3.connect(FIXTURE)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 10
    finally:
        conn.close()
