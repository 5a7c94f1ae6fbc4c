"""Hostile .govcat files (issue #12): foreign journals, views, triggers, wrong types and shapes, oversized values."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.storage import ProjectFile

LOOP = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"

# kind → SQL run on a copy of the good file (every one must be refused by every reader, in Chinese, in seconds)
SQL_KINDS: dict[str, list[str]] = {
    "recursive_view": [
        "DROP TABLE item",
        "CREATE VIEW item(entry_id, pos, name, data_type, length, note) AS WITH RECURSIVE r(n) AS "
        "(SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT 1, n, 'x', 'x', 'x', 'x' FROM r",
    ],
    "trigger_deletes_on_insert": ["CREATE TRIGGER wipe AFTER INSERT ON matter BEGIN DELETE FROM matter; END"],
    "trigger_keeps_one": [
        "CREATE TRIGGER keep_one AFTER INSERT ON matter BEGIN DELETE FROM matter WHERE id != new.id; END"
    ],
    "trigger_cte_loop": [f"CREATE TRIGGER spin BEFORE INSERT ON matter BEGIN SELECT ({LOOP}); END"],
    "trigger_raise": ["CREATE TRIGGER nope BEFORE INSERT ON matter BEGIN SELECT RAISE(ABORT, 'locked'); END"],
    "trigger_on_read_table": ["CREATE TRIGGER t2 AFTER UPDATE ON singleton BEGIN DELETE FROM entry; END"],
    "extra_index": ["CREATE INDEX sneaky ON entry(summary)"],
    "extra_table": ["CREATE TABLE notes (x TEXT)"],
    "added_column": ["ALTER TABLE entry ADD COLUMN evil TEXT DEFAULT 'x'"],
    "json_list_of_numbers": ["UPDATE entry SET share_methods = '[1, 2, 3]'"],
    "json_object_not_list": ["UPDATE demand SET items = '{\"a\": 1}'"],
    "json_deep_nesting": [f"UPDATE entry SET share_methods = '{'[' * 100_000}{']' * 100_000}'"],
    "json_number_not_list": ["UPDATE review SET provide_items = '5'"],
    "pos_not_a_number": ["UPDATE matter SET pos = 'abc'"],
    "blob_singleton": ["UPDATE singleton SET data = x'00ff00' WHERE kind = 'contacts'"],
    "singleton_field_wrong_type": ["UPDATE singleton SET data = '{\"org_name\": [1, 2]}' WHERE kind = 'info'"],
    "field_past_limit": ["UPDATE entry SET summary = (SELECT group_concat('长', '') FROM "
                         "(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 40000) "
                         "SELECT n FROM r))"],
}
KINDS = (*SQL_KINDS, "foreign_hot_journal")


def _variant(folder: Path, good: Path, kind: str, sql: list[str]) -> Path:
    path = folder / f"{kind}.govcat"
    shutil.copyfile(good, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if not conn.execute("SELECT count(*) FROM review").fetchone()[0]:
            conn.execute("INSERT INTO review (pos, requester, data_name) VALUES (0, '某局', '某数据')")
        for statement in sql:
            conn.execute(statement)
    finally:
        conn.close()
    return path


INTERRUPTED = """
import os, sys
from govcat_desktop.storage import ProjectFile
store = ProjectFile.open(sys.argv[1], make_backup=False)
store.conn.execute("PRAGMA cache_size = 1")  # dirty pages spill into the file: the journal is synced, hot
store.conn.execute("BEGIN IMMEDIATE")
for n in range(1500):
    store.conn.execute("INSERT INTO matter (pos, code, name) VALUES (?, ?, ?)", (n + 10, f"C{n}", "事项" * 100))
os._exit(9)  # killed mid-write: the file, its hot journal and the lock file stay as a power cut leaves them
"""


def interrupted_write(path: Path) -> Path:
    """`path` as govcat leaves it when killed in the middle of a write: a hot journal of its own beside it."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", INTERRUPTED, str(path)], check=False, timeout=120)
    journal = path.with_name(path.name + "-journal")
    assert journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")
    return path


def foreign_hot_journal(folder: Path, good: Path) -> Path:
    """A unit's file with the hot journal of ANOTHER (empty) project beside it: rolling it back empties the file."""
    other = folder / "别的项目.govcat"
    ProjectFile.create(other, ProjectInfo(org_name="别的单位")).close()
    target = folder / "foreign_hot_journal.govcat"
    shutil.copyfile(good, target)
    conn = sqlite3.connect(other, isolation_level=None)
    try:
        conn.execute("PRAGMA cache_size = 1")  # dirty pages spill into the file: the journal is synced, hot
        conn.execute("BEGIN IMMEDIATE")
        for n in range(1500):
            conn.execute("INSERT INTO matter (pos, code, name) VALUES (?, ?, ?)", (n, f"C{n}", "事项" * 100))
        conn.execute("UPDATE singleton SET data = data")
        journal = other.with_name(other.name + "-journal")
        assert journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")
        shutil.copyfile(journal, target.with_name(target.name + "-journal"))
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    other.unlink()
    return target


def hostile_govcat_corpus(folder: Path, good: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {kind: _variant(folder, good, kind, sql) for kind, sql in SQL_KINDS.items()}
    out["foreign_hot_journal"] = foreign_hot_journal(folder, good)
    return out
