"""Schema versions and ordered migrations; each version's DDL is history and never edited."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_V1 = """
CREATE TABLE singleton (
    kind TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE matter (
    id INTEGER PRIMARY KEY,
    pos INTEGER NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    dept TEXT NOT NULL DEFAULT ''
);
CREATE INDEX matter_pos ON matter(pos);
CREATE INDEX matter_code ON matter(code);
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    matter_id INTEGER NOT NULL REFERENCES matter(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    domain TEXT NOT NULL DEFAULT '',
    domain_other TEXT NOT NULL DEFAULT '',
    security_level TEXT NOT NULL DEFAULT '',
    share_type TEXT NOT NULL DEFAULT '',
    share_condition TEXT NOT NULL DEFAULT '',
    no_share_basis TEXT NOT NULL DEFAULT '',
    share_methods TEXT NOT NULL DEFAULT '[]',
    network TEXT NOT NULL DEFAULT '',
    update_cycle TEXT NOT NULL DEFAULT '',
    update_cycle_other TEXT NOT NULL DEFAULT '',
    review_status TEXT NOT NULL DEFAULT '草稿',
    review_note TEXT NOT NULL DEFAULT '',
    resource_code TEXT NOT NULL DEFAULT '',
    resource_format TEXT NOT NULL DEFAULT '',
    resource_subformat TEXT NOT NULL DEFAULT '',
    open_to_public TEXT NOT NULL DEFAULT '',
    open_condition TEXT NOT NULL DEFAULT '',
    publish_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entry_matter ON entry(matter_id, pos);
CREATE TABLE item (
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    data_type TEXT NOT NULL DEFAULT '',
    length TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entry_id, pos)
) WITHOUT ROWID;
CREATE TABLE demand (
    id INTEGER PRIMARY KEY,
    pos INTEGER NOT NULL,
    provider_level TEXT NOT NULL DEFAULT '',
    provider TEXT NOT NULL DEFAULT '',
    has_provider_catalog TEXT NOT NULL DEFAULT '',
    catalog_name TEXT NOT NULL DEFAULT '',
    data_name TEXT NOT NULL DEFAULT '',
    source_basis TEXT NOT NULL DEFAULT '',
    items TEXT NOT NULL DEFAULT '[]',
    matter_code TEXT NOT NULL DEFAULT '',
    matter_name TEXT NOT NULL DEFAULT '',
    usage TEXT NOT NULL DEFAULT '[]',
    usage_detail TEXT NOT NULL DEFAULT '',
    in_state_lists TEXT NOT NULL DEFAULT '',
    share_method TEXT NOT NULL DEFAULT '[]',
    update_cycle TEXT NOT NULL DEFAULT '',
    update_cycle_other TEXT NOT NULL DEFAULT '',
    applied TEXT NOT NULL DEFAULT '',
    reject_reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    pos INTEGER NOT NULL,
    requester TEXT NOT NULL DEFAULT '',
    data_name TEXT NOT NULL DEFAULT '',
    items TEXT NOT NULL DEFAULT '[]',
    usage TEXT NOT NULL DEFAULT '',
    share_method TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    matched_entry TEXT NOT NULL DEFAULT '',
    provide_items TEXT NOT NULL DEFAULT '[]',
    reason TEXT NOT NULL DEFAULT ''
);
"""


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Execute the `;`-separated statements of a migration inside the caller's transaction (executescript would
    commit it)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _to_v1(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V1)


# MIGRATIONS[n] upgrades a version-n file to version n + 1 (0 = an empty new file).
# A later schema appends a function here and a committed fixture of the old version under
# tests/storage/fixtures/ so the migration is tested.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_to_v1]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Run migrations from `from_version` up, inside the caller's transaction."""
    for step in MIGRATIONS[from_version:]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# Version 2: the bureau's intake of units' submissions, and review comments (both sides).
SCHEMA_V2 = """
CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    org_code TEXT NOT NULL DEFAULT '',
    org_name TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    UNIQUE (org_code, org_name)
);
CREATE TABLE submission (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL DEFAULT '',
    superseded INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    records INTEGER NOT NULL DEFAULT 0,
    items INTEGER NOT NULL DEFAULT 0,
    review_status TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submission_unit ON submission(unit_id, kind, superseded);
CREATE TABLE unit_singleton (
    submission_id INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (submission_id, kind)
) WITHOUT ROWID;
CREATE TABLE unit_matter (
    submission_id INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    dept TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (submission_id, pos)
) WITHOUT ROWID;
CREATE TABLE unit_entry (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    matter_code TEXT NOT NULL DEFAULT '',
    matter_name TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    domain TEXT NOT NULL DEFAULT '',
    domain_other TEXT NOT NULL DEFAULT '',
    security_level TEXT NOT NULL DEFAULT '',
    share_type TEXT NOT NULL DEFAULT '',
    share_condition TEXT NOT NULL DEFAULT '',
    no_share_basis TEXT NOT NULL DEFAULT '',
    share_methods TEXT NOT NULL DEFAULT '[]',
    network TEXT NOT NULL DEFAULT '',
    update_cycle TEXT NOT NULL DEFAULT '',
    update_cycle_other TEXT NOT NULL DEFAULT '',
    review_status TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT '',
    bureau_status TEXT NOT NULL DEFAULT '',
    bureau_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unit_entry_submission ON unit_entry(submission_id, pos);
CREATE TABLE unit_item (
    entry_id INTEGER NOT NULL REFERENCES unit_entry(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    data_type TEXT NOT NULL DEFAULT '',
    length TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entry_id, pos)
) WITHOUT ROWID;
CREATE TABLE unit_record (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX unit_record_submission ON unit_record(submission_id, pos);
CREATE TABLE comment (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL,
    origin TEXT NOT NULL,
    unit_id INTEGER REFERENCES unit(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    matter_code TEXT NOT NULL DEFAULT '',
    record_name TEXT NOT NULL DEFAULT '',
    item_name TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    resolution TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    resolved_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comment_token ON comment(token);
CREATE INDEX comment_unit ON comment(unit_id);
"""


def _to_v2(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V2)


MIGRATIONS.append(_to_v2)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 3: the national core metadata (classification, related codes, the exported mark of the code),
# the bureau's copies of every national field, and the review's received date and withheld items.
_V3_ENTRY = ("res_class", "res_item", "res_target", "res_detail", "related_codes", "code_exported")
_V3_UNIT_ENTRY = (
    "resource_code", "resource_format", "resource_subformat", "open_to_public", "open_condition", "publish_date",
    "res_class", "res_item", "res_target", "res_detail", "related_codes",
)


def _to_v3(conn: sqlite3.Connection) -> None:
    for column in _V3_ENTRY:
        conn.execute(f"ALTER TABLE entry ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    for column in _V3_UNIT_ENTRY:
        conn.execute(f"ALTER TABLE unit_entry ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE review ADD COLUMN withheld_items TEXT NOT NULL DEFAULT '[]'")
    conn.execute("ALTER TABLE review ADD COLUMN received_date TEXT NOT NULL DEFAULT ''")


MIGRATIONS.append(_to_v3)
SCHEMA_VERSION = len(MIGRATIONS)


def _to_v4(conn: sqlite3.Connection) -> None:
    """A matter may be marked as producing no data, with the reason (issue 15)."""
    conn.execute("ALTER TABLE matter ADD COLUMN no_data_reason TEXT NOT NULL DEFAULT ''")


MIGRATIONS.append(_to_v4)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 5: entries proposed by 为未编目的事项生成草稿 carry a flag until a person edits or confirms them.
SCHEMA_V5 = """
ALTER TABLE entry ADD COLUMN unconfirmed INTEGER NOT NULL DEFAULT 0
"""


def _to_v5(conn: sqlite3.Connection) -> None:
    conn.execute(SCHEMA_V5)


MIGRATIONS.append(_to_v5)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 6: scanned paper copies (one row per scanned page) and the export time of each electronic copy.
SCHEMA_V6 = """
CREATE TABLE paper_page (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    received_at TEXT NOT NULL DEFAULT '',
    org_code TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    page INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0,
    export_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX paper_page_unit ON paper_page(org_code, kind);
ALTER TABLE submission ADD COLUMN exported_at TEXT NOT NULL DEFAULT ''
"""


def _to_v6(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V6)


MIGRATIONS.append(_to_v6)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 7: fields declared in forms/ only (forms/catalog.toml `extra = true`, each with a declared migration in
# forms/migrations.toml) ride in one column of text pairs — key, value, key, value … — on the unit's entries and on
# the bureau's copies of them, so that adding such a field needs no further schema version.
SCHEMA_V7 = """
ALTER TABLE entry ADD COLUMN extra TEXT NOT NULL DEFAULT '[]';
ALTER TABLE unit_entry ADD COLUMN extra TEXT NOT NULL DEFAULT '[]'
"""


def _to_v7(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V7)


MIGRATIONS.append(_to_v7)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 8 (issue 23, work packages per 科室): a matter's 承办科室 (assignee); the packages a coordinator cut from
# this project, or — in a package file — the one package it is (side 'self'); and each package's base: the matters
# and entries as they were when the package was cut or last merged, by the package's own record id, with the id of
# the same record in this file (local_id). All of it in this one function, so that it can be renumbered at a merge.
SCHEMA_V8 = """
ALTER TABLE matter ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
CREATE TABLE package (
    id TEXT PRIMARY KEY,
    side TEXT NOT NULL,
    assignee TEXT NOT NULL DEFAULT '',
    org_code TEXT NOT NULL DEFAULT '',
    org_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    merged_at TEXT NOT NULL DEFAULT '',
    matters TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE package_base (
    package_id TEXT NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    local_id INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (package_id, kind, record_id)
) WITHOUT ROWID
"""


def _to_v8(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V8)


MIGRATIONS.append(_to_v8)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 9: the page count of the print PDF exported with each electronic copy (the editable copy's `print_pages`,
# 0 = unknown: an older copy, or an export without its PDF), so that a scan's codes are checked against it.
def _to_v9(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE submission ADD COLUMN print_pages INTEGER NOT NULL DEFAULT 0")


MIGRATIONS.append(_to_v9)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 10 (issue 22, the catalog's life after the first submission) — one self-contained step, so that it can be
# renumbered at a merge. The unit's side: each entry's stable identity (uid, given when it first leaves the project)
# and its change reason; the numbered versions it exported (catalog_version: a snapshot of the entries of each, the one
# the bureau's feedback accepted flagged `accepted`). The bureau's side: the same three fields on its copies, the mark
# of each entry against the version it accepted (change_mark, its accepted content `base`, the field-by-field `diff`),
# the unit's version number of each submission, and the entries a resubmission withdrew (注销), for confirmation.
SCHEMA_V10 = """
ALTER TABLE entry ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE entry ADD COLUMN change_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE entry ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
CREATE TABLE catalog_version (
    version INTEGER PRIMARY KEY,
    exported_at TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    accepted INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL DEFAULT '{}'
);
ALTER TABLE unit_entry ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE unit_entry ADD COLUMN change_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE unit_entry ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
ALTER TABLE unit_entry ADD COLUMN change_mark TEXT NOT NULL DEFAULT '';
ALTER TABLE unit_entry ADD COLUMN base TEXT NOT NULL DEFAULT '';
ALTER TABLE unit_entry ADD COLUMN diff TEXT NOT NULL DEFAULT '';
ALTER TABLE submission ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE unit_withdrawn (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
    uid TEXT NOT NULL DEFAULT '',
    matter_code TEXT NOT NULL DEFAULT '',
    matter_name TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    base TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unit_withdrawn_submission ON unit_withdrawn(submission_id)
"""


def _to_v10(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V10)


MIGRATIONS.append(_to_v10)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 11 (issue 22, part two) — one self-contained step, renumbered at a merge if need be. The bureau's decision on
# a 注销 entry carries its note (a refusal says why); the last registration the bureau exported is remembered entry by
# entry (registered_entry: the key of the entry — unit code and 目录标识, else 事项编码/目录名称 —, a digest of its
# registered rows and the rows themselves, so that the next sheet can list what is 新增 / 变更 / 注销 since), with the
# time and kind of that export (registration).
SCHEMA_V11 = """
ALTER TABLE unit_withdrawn ADD COLUMN bureau_note TEXT NOT NULL DEFAULT '';
CREATE TABLE registration (
    id INTEGER PRIMARY KEY,
    registered_at TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT '',
    entries INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE registered_entry (
    key TEXT PRIMARY KEY,
    digest TEXT NOT NULL DEFAULT '',
    rows TEXT NOT NULL DEFAULT '[]'
)
"""


def _to_v11(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V11)


MIGRATIONS.append(_to_v11)
SCHEMA_VERSION = len(MIGRATIONS)


# Version 12 (issue 25 item 4): a draft confirmed together with others in one 确认草稿 keeps a reminder until a person
# opens or edits it.
SCHEMA_V12 = """
ALTER TABLE entry ADD COLUMN bulk_confirmed INTEGER NOT NULL DEFAULT 0
"""


def _to_v12(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA_V12)


MIGRATIONS.append(_to_v12)
SCHEMA_VERSION = len(MIGRATIONS)
