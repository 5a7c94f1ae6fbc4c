"""Schema → v7: the entries (and the bureau's copies of them) gain the column of fields declared in forms/ only;
an older file opens with every entry as it was and nothing in that column."""

from __future__ import annotations

import shutil
from pathlib import Path

from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v1.govcat"


def test_an_old_file_gets_the_column_and_keeps_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "住建局.govcat"
    shutil.copyfile(FIXTURE, path)
    with ProjectFile.open(path) as store:
        assert SCHEMA_VERSION >= 7
        for table in ("entry", "unit_entry"):
            columns = {r[1]: r[4] for r in store.conn.execute(f"PRAGMA table_info({table})")}
            assert columns["extra"] == "'[]'"
        entries = [e for m in store.load().matters for e in m.entries]
        assert entries and all(e.extra == {} for e in entries)
        entries[0].extra = {"data_owner": "数据科", "b": "2"}
        store.update_entry(entries[0], items=False)
        assert store.conn.execute("SELECT extra FROM entry WHERE id = ?", (entries[0].id,)).fetchone()[0] == \
            '["b", "2", "data_owner", "数据科"]'
    with ProjectFile.open(path, readonly=True) as store:
        assert store.load().matters[0].entries[0].extra == {"b": "2", "data_owner": "数据科"}
