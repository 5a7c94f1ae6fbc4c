"""Schema v4 → v5 on a committed v4 file: the draft flag added (0 for every entry), records kept, backup made."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from govcat_desktop.services.session import Session
from govcat_desktop.storage.backup import backups_of

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v4.govcat"


def test_fixture_is_version_4():
    conn = sqlite3.connect(FIXTURE)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
        assert "unconfirmed" not in {r[1] for r in conn.execute("PRAGMA table_info(entry)")}
    finally:
        conn.close()


def test_open_migrates_to_v5(tmp_path: Path):
    path = tmp_path / "民政局.govcat"
    shutil.copyfile(FIXTURE, path)
    conn = sqlite3.connect(FIXTURE)
    try:
        before = [r[0] for r in conn.execute("SELECT name FROM item ORDER BY entry_id, pos")]
    finally:
        conn.close()
    session = Session.open(path)
    try:
        assert session.store.conn.execute("PRAGMA user_version").fetchone()[0] >= 5
        entries = [e for m in session.project.matters for e in m.entries]
        assert [e.name for e in entries] == ["结婚证"] and [i.name for i in entries[0].items] == before
        assert entries[0].unconfirmed is False
    finally:
        session.close()
    assert any(p.name.endswith("-v4.govcat") for p in backups_of(path))
