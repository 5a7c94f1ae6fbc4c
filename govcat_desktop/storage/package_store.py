"""Work packages in a project file (schema v8): the package rows, each package's base, and cutting a package file.

A coordinator's file holds one row per package it cut (side "sent"); a package file holds exactly one, its own
(side "self"). Both keep the package's base: the matters and entries as they were when it was cut or last merged,
keyed by the package's record id, with the id of the same record in that file (local_id). A package is a file
from outside: every value read here is checked for type and size before it is used (storage.untrusted).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain import limits
from govcat_desktop.domain.models import Contacts, Matter, Mechanism, ProjectInfo
from govcat_desktop.storage import untrusted
from govcat_desktop.storage.errors import ProjectFileError, describe_os_error
from govcat_desktop.storage.project_file import ProjectFile

SENT, SELF = "sent", "self"
_COLUMNS = ("id", "side", "assignee", "org_code", "org_name", "created_at", "merged_at", "matters")
_ID_CHARS = 64


@dataclass
class Package:
    """One work package: who it is for, whose unit it belongs to, and the matters (by id) it holds."""

    id: str
    side: str
    assignee: str
    org_code: str
    org_name: str
    created_at: str = ""
    merged_at: str = ""
    matters: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class BaseRow:
    """A record of a package's base: kind "matter" or "entry", its id in the package, its id here, its data."""

    kind: str
    record_id: int
    local_id: int
    data: str


def _bad(where: str) -> untrusted.BadValue:
    return untrusted.BadValue(f"工作包信息（{where}）不符合格式")


def _package(row: tuple) -> Package:
    values = dict(zip(_COLUMNS, row))
    for key in _COLUMNS:
        if not isinstance(values[key], str) or len(values[key]) > limits.MAX_FIELD_CHARS:
            raise _bad(key)
    if not values["id"] or len(values["id"]) > _ID_CHARS or values["side"] not in (SENT, SELF):
        raise _bad("id")
    try:
        matters = json.loads(values["matters"])
    except ValueError:
        raise _bad("matters") from None
    if (not isinstance(matters, list) or len(matters) > limits.MAX_MATTERS
            or not all(type(m) is int for m in matters)):
        raise _bad("matters")
    values["matters"] = matters
    return Package(**values)


def _read(store: ProjectFile, what: str, params: tuple = ()) -> list:
    try:
        return store.conn.execute(what, params).fetchall()
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"无法读取“{store.path.name}”中的工作包信息：{describe_os_error(exc)}。",
                               detail=str(exc), code="corrupt") from exc


def packages(store: ProjectFile, side: str | None = None) -> list[Package]:
    """The package rows of a file (checked: a bad one raises ProjectFileError, code "corrupt")."""
    if _read(store, "SELECT count(*) FROM package")[0][0] > limits.MAX_MATTERS:
        raise _corrupt(store, "工作包记录过多")
    try:
        rows = _read(store, f"SELECT {', '.join(_COLUMNS)} FROM package ORDER BY created_at, id")
        found = [_package(r) for r in rows]
    except untrusted.BadValue as exc:
        raise _corrupt(store, str(exc)) from None
    return [p for p in found if side is None or p.side == side]


def own_package(store: ProjectFile) -> Package | None:
    """The package this file is (None: a normal project). A file claiming to be two packages is refused."""
    selves = packages(store, SELF)
    if len(selves) > 1:
        raise _corrupt(store, "文件自称是多个工作包")
    return selves[0] if selves else None


def base(store: ProjectFile, package_id: str) -> list[BaseRow]:
    """A package's base rows, checked for type and size (at most a department's records)."""
    n = _read(store, "SELECT count(*) FROM package_base")[0][0]
    if n > limits.MAX_MATTERS + limits.MAX_ENTRIES:
        raise _corrupt(store, f"工作包的基准有 {n} 条记录，超过上限")
    rows = _read(store, "SELECT kind, record_id, local_id, data FROM package_base WHERE package_id = ? "
                        "ORDER BY kind, record_id", (package_id,))
    out = []
    for kind, record_id, local_id, data in rows:
        if (kind not in ("matter", "entry") or type(record_id) is not int or type(local_id) is not int
                or not isinstance(data, str) or len(data) > untrusted.MAX_VALUE_BYTES):
            raise _corrupt(store, "工作包的基准记录不符合格式")
        out.append(BaseRow(kind, record_id, local_id, data))
    return out


def _corrupt(store: ProjectFile, reason: str) -> ProjectFileError:
    return ProjectFileError(f"“{store.path.name}”中的工作包信息已损坏或不符合格式（{reason}），"
                            "未读取；文件未做任何改动。",
                            detail=reason, code="corrupt")


# ----- writing (inside the caller's command, or while cutting a package) ------------------------------------------
def put_package(store: ProjectFile, package: Package) -> None:
    values = [getattr(package, c) for c in _COLUMNS]
    values[-1] = json.dumps(package.matters)
    marks = ", ".join("?" * len(_COLUMNS))
    with store.transaction():
        store.conn.execute(f"INSERT OR REPLACE INTO package ({', '.join(_COLUMNS)}) VALUES ({marks})", values)


def put_base(store: ProjectFile, package_id: str, rows: Iterable[BaseRow]) -> None:
    """Replace a package's whole base with `rows`."""
    with store.transaction():
        store.conn.execute("DELETE FROM package_base WHERE package_id = ?", (package_id,))
        store.conn.executemany(
            "INSERT INTO package_base (package_id, kind, record_id, local_id, data) VALUES (?, ?, ?, ?, ?)",
            [(package_id, r.kind, r.record_id, r.local_id, r.data) for r in rows])


def cut(path: str | os.PathLike[str], info: ProjectInfo, contacts: Contacts, mechanism: Mechanism,
        matters: list[Matter], package: Package, rows: list[BaseRow]) -> Path:
    """Write a new package file at `path`: the unit's forms, `matters` with their ids kept, its row and base.

    Refuses an existing file; a failure leaves nothing behind."""
    store = ProjectFile.create(path, info)
    target = store.path
    try:
        with store.transaction():
            store.save_contacts(contacts)
            store.save_mechanism(mechanism)
            for matter in matters:
                store.insert_matter(matter)
            put_package(store, package)
            put_base(store, package.id, rows)
    except BaseException:
        store.close()
        for p in (target, target.with_name(target.name + "-journal")):
            if p.exists():
                p.unlink()
        raise
    store.close()
    return target
