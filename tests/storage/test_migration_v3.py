"""Schema v2 → v3 on a committed v2 file: national columns added (entry, unit_entry, review), records kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from govcat_desktop.storage import SCHEMA_VERSION, ProjectFile

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v2.govcat"


def test_fixture_is_version_2() -> None:
    conn = sqlite3.connect(FIXTURE)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        cols = {r[1] for r in conn.execute("PRAGMA table_info(entry)")}
    finally:
        conn.close()
    assert "res_class" not in cols


def test_open_migrates_to_v3_and_keeps_records(tmp_path: Path) -> None:
    path = tmp_path / "民政局.govcat"
    shutil.copyfile(FIXTURE, path)
    store = ProjectFile.open(path)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
        unit_cols = {r[1] for r in store.conn.execute("PRAGMA table_info(unit_entry)")}
        assert {"resource_code", "res_class", "related_codes"} <= unit_cols
        project = store.load()
        [entry] = project.matters[0].entries
        assert (entry.name, entry.resource_code, entry.resource_format) == ("结婚证", "307001001/000001", "数据库")
        assert entry.res_class == "" and entry.code_exported == ""
        [review] = project.reviews
        assert review.decision == "同意" and review.received_date == "" and review.withheld_items == []
        # the new fields are stored and read back
        entry.res_class, entry.related_codes, entry.code_exported = "3", "307001001/000002", "2026-09-20"
        store.update_entry(entry)
        review.withheld_items, review.received_date = ["身份证号"], "2026-09-21"
        store.update_review(review)
        again = store.load()
        assert again.matters[0].entries[0].code_exported == "2026-09-20"
        assert again.reviews[0].withheld_items == ["身份证号"]
    finally:
        store.close()
