"""Schema v8 → v9 → v10: a submission gains its print's page count (v9, issue 19); entries gain their identity and
change reason, the project its versions table (v10, issue 22); a v8 file opens with every entry as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.version_store import VersionStore

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v8.govcat"


def test_a_v8_file_gets_the_columns_and_keeps_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "民政局.govcat"
    shutil.copyfile(FIXTURE, path)
    with ProjectFile.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 10
        assert "print_pages" in {r[1] for r in store.conn.execute("PRAGMA table_info(submission)")}
        entries = [e for m in store.load().matters for e in m.entries]
        assert [e.name for e in entries] == ["结婚证", "婚姻登记档案"]
        assert all(e.uid == "" and e.change_reason == "" for e in entries)
        assert VersionStore(store).counter() == 0 and VersionStore(store).base() is None
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(unit_entry)")}
        assert {"uid", "change_mark", "base", "diff"} <= columns
