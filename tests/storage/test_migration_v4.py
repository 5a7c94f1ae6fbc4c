"""Schema v3 → v4: a matter may be marked as producing no data, with its reason; older files open unchanged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from govcat_desktop.services.commands import UpdateMatter
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).parent / "fixtures" / "unit_v1.govcat"


def test_an_old_file_gets_the_column_and_keeps_its_matters(tmp_path: Path) -> None:
    path = tmp_path / "住建局.govcat"
    shutil.copyfile(FIXTURE, path)
    store = ProjectFile.open(path)
    try:
        assert SCHEMA_VERSION >= 4
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(matter)")}
        assert "no_data_reason" in columns
        [matter] = store.load().matters
        assert matter.code == "11140300ZJ0001" and matter.no_data_reason == "" and not matter.no_data
    finally:
        store.close()


def test_no_data_reason_is_stored_silences_the_reminder_and_undoes(tmp_path: Path) -> None:
    path = tmp_path / "住建局.govcat"
    shutil.copyfile(FIXTURE, path)
    session = Session.open(path)
    try:
        [matter] = session.project.matters
        bare = matter.model_copy(update={"entries": []}, deep=True)
        old = session.matters[matter.id]
        from govcat_desktop.services.commands import AddMatter, UndoStack

        stack = UndoStack(session)
        add = AddMatter(bare.model_copy(update={"id": None, "code": "11140300ZJ0099", "name": "政策咨询"}))
        stack.push(add)
        rules = [f.rule for f in session.findings() if f.ref == ("matter", add.matter_id)]
        assert "matter-no-entry" in rules
        current = session.matters[add.matter_id]
        marked = current.model_copy(update={"no_data_reason": "仅提供咨询，不形成办件数据"})
        stack.push(UpdateMatter(current, marked))
        assert not [f for f in session.findings() if f.ref == ("matter", add.matter_id) and f.rule == "matter-no-entry"]
        assert old.no_data_reason == ""
    finally:
        session.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT no_data_reason FROM matter WHERE code = '11140300ZJ0099'").fetchone()[0] == "仅提供咨询，不形成办件数据"
    conn.close()
