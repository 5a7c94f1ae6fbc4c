"""Open, create and write a .govcat project file (SQLite, rollback journal, synchronous=FULL)."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from govcat_desktop.domain import limits
from govcat_desktop.domain.models import (
    CatalogEntry,
    Contacts,
    Demand,
    InfoItem,
    Matter,
    Mechanism,
    Project,
    ProjectInfo,
    Review,
)
from govcat_desktop.storage import backup, untrusted
from govcat_desktop.storage.errors import ProjectFileError, describe_os_error, write_failed
from govcat_desktop.storage import declared
from govcat_desktop.storage.appending import ITEM_INSERT, append_matters, row_id
from govcat_desktop.storage.loading import FLAGS as _FLAGS, load_project
from govcat_desktop.storage.lock import WriteLock
from govcat_desktop.storage.schema import SCHEMA_VERSION, migrate
from govcat_desktop.storage.values import check_values

APPLICATION_ID = 0x47434154  # "GCAT"
SUFFIX = ".govcat"

# Table → (model, columns that hold JSON lists). Columns are the model's fields minus id/children.
_TABLES: dict[str, tuple[type[BaseModel], frozenset[str]]] = {
    "matter": (Matter, frozenset()),
    "entry": (CatalogEntry, frozenset({"share_methods"})),
    "demand": (Demand, frozenset({"items", "usage", "share_method"})),
    "review": (Review, frozenset({"items", "provide_items", "withheld_items"})),
}
_SKIP = frozenset({"id", "entries", "items_list"})
_ITEM_COLUMNS = ("name", "data_type", "length", "note")


def _columns(table: str) -> tuple[str, ...]:
    model, _ = _TABLES[table]
    skip = _SKIP | ({"items"} if table == "entry" else set())
    return tuple(k for k in model.model_fields if k not in skip)


_COLS = {t: _columns(t) for t in _TABLES}


class ProjectFile:
    """One open project file. Every write method is one transaction unless inside `transaction()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: WriteLock | None, readonly: bool) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock
        self.readonly = readonly
        self._depth = 0
        self.backup_path: Path | None = None
        self._budget: untrusted.Budget | None = None
        self._limits = False  # per-field size limits on load (files from outside)

    # ----- opening ----------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], info: ProjectInfo) -> ProjectFile:
        """Create a new project; refuses an existing file. Nothing is left behind on failure."""
        path = Path(path)
        if path.exists():
            raise ProjectFileError(f"文件“{path}”已存在，不能覆盖。请换一个文件名。", code="exists")
        if not path.parent.is_dir():
            raise ProjectFileError(f"文件夹“{path.parent}”不存在。", code="nofolder")
        lock = WriteLock(path)
        lock.acquire()
        try:
            conn = _connect(path, create=True)
        except (sqlite3.Error, OSError) as exc:
            lock.release()
            _remove_quietly(path)
            raise ProjectFileError(f"无法创建项目文件“{path}”：{describe_os_error(exc)}。", detail=str(exc)) from exc
        project = cls(path, conn, lock, readonly=False)
        try:
            with project.transaction():
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                migrate(conn, 0)
                project._put_singleton("info", info)
                project._put_singleton("contacts", Contacts())
                project._put_singleton("mechanism", Mechanism())
        except BaseException:
            project.close()
            _remove_quietly(path)
            raise
        return project

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False, make_backup: bool = True,
             untrusted_source: bool | None = None) -> ProjectFile:
        """Open an existing project. Refuses (and changes nothing) what is not ours or too new.

        Every open checks the schema is exactly ours. A file only read (or `untrusted_source`, e.g. a unit's file
        upgraded in a temporary copy) also gets a time budget and the size limits of storage.untrusted.
        """
        if untrusted_source is None:
            untrusted_source = readonly
        path = Path(path)
        if not path.exists():
            raise ProjectFileError(f"文件“{path}”不存在。", code="missing")
        if path.is_dir():
            raise ProjectFileError(f"“{path}”是文件夹，不是项目文件。", code="notproject")
        lock = None
        budget = None
        immutable = False
        if not readonly:
            lock = WriteLock(path)
            crashed = lock.stale()  # a govcat that had this file open for editing died (its lock file is left)
            lock.acquire()
            state, journal = untrusted.journal_state(path)
            if state == "hot":  # SQLite rolls it back now: only a journal of this file, both kept as they were first
                if not (crashed and untrusted.journal_is_own(path, journal, APPLICATION_ID)):
                    lock.release()
                    raise untrusted.refuse_foreign_journal(path, journal)
                backup.keep_before_recovery(path)
        else:
            # A read never writes: SQLite would roll a hot journal back into the file (even one that belongs to
            # another database); that is left to the owner opening the file for editing.
            # A journal whose header is not a journal's would only be deleted: the file reads the same ignoring it.
            state, journal = untrusted.journal_state(path)
            if state == "hot":
                raise untrusted.refuse_hot_journal(path, journal)
            immutable = state == "garbage"
            wal, wal_file, pending = untrusted.wal_state(path)
            if pending:
                raise untrusted.refuse_wal(path, wal_file)
            immutable = immutable or wal  # a WAL-mode file read as it is: no -shm written beside it
        if untrusted_source:
            budget = untrusted.Budget()
        try:
            conn = _connect(path, create=False, readonly=readonly or not os.access(path, os.W_OK), budget=budget,
                            immutable=readonly and immutable)
            try:
                version = _check_ours(path, conn)
                untrusted.check_schema(path, conn, version)
            except BaseException:
                conn.close()
                raise
        except ProjectFileError:
            if lock:
                lock.release()
            raise
        except sqlite3.DatabaseError as exc:
            if lock:
                lock.release()
            if budget is not None:
                budget.raise_for(path, exc)
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise ProjectFileError(
                    f"“{path.name}”不是 govcat 项目文件，或文件已损坏，未做任何改动。",
                    detail=str(exc), code="notproject",
                ) from exc
            raise ProjectFileError(
                f"无法打开“{path.name}”：{describe_os_error(exc)}。", detail=str(exc), code="unreadable"
            ) from exc
        except (sqlite3.Error, OSError) as exc:
            if lock:
                lock.release()
            raise ProjectFileError(
                f"无法打开“{path.name}”：{describe_os_error(exc)}。", detail=str(exc), code="unreadable"
            ) from exc
        project = cls(path, conn, lock, readonly=readonly)
        project._budget = budget
        project._limits = untrusted_source
        try:
            if version < SCHEMA_VERSION:
                if readonly:
                    raise ProjectFileError(
                        f"“{path.name}”是旧版本的项目文件，需要以编辑方式打开一次以升级。", code="needs-upgrade"
                    )
                if make_backup:
                    project.backup_path = backup.make_backup(path, conn, note=f"v{version}")
                try:
                    with project.transaction():
                        migrate(conn, version)
                except ProjectFileError as exc:
                    if exc.code != "write" or "full" in exc.detail.lower():
                        raise
                    raise ProjectFileError(
                        f"“{path.name}”无法升级到当前版本（文件内容与其版本号不符，可能已损坏），未做任何改动。可以从自动备份恢复。",
                        detail=exc.detail,
                        code="corrupt",
                    ) from exc
            elif make_backup and not readonly:
                too_many = project._too_many()  # refused before a copy of it is written to the backups
                if too_many:
                    raise ProjectFileError(f"{too_many}；文件未做任何改动。", code="toolarge")
                project.backup_path = backup.make_backup(path, conn)
            if not readonly:
                from govcat_desktop.formspec import default_forms

                migrations = default_forms().migrations  # fields forms/ declares, each added by its migration
                if migrations:
                    with project.transaction():
                        declared.apply(conn, migrations)
        except BaseException:
            project.close()
            raise
        if budget is not None:
            budget.disarm()  # load() and counts() arm it again for their own reading
        return project

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> ProjectFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- transactions -----------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside are one transaction: committed together or not at all (yields nothing: callers
        outside storage never hold the connection)."""
        if self.readonly:
            raise ProjectFileError("项目以只读方式打开，不能修改。", code="readonly")
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise ProjectFileError(f"无法写入项目文件：{describe_os_error(exc)}。", detail=str(exc)) from exc
        self._depth = 1
        try:
            yield
        except BaseException as exc:
            self._depth = 0
            if self.conn.in_transaction:  # SQLite itself rolls back on SQLITE_FULL / IOERR
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise write_failed(exc) from exc
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise write_failed(exc) from exc

    def _write(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        try:
            with self.transaction():
                return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise write_failed(exc) from exc

    # ----- loading ----------------------------------------------------------
    def load(self) -> Project:
        """The whole project, in file order; damaged contents raise ProjectFileError (code "corrupt")."""
        try:
            with self._reading():
                too_many = self._too_many()  # counted in SQL before anything is loaded, on every open
                if too_many:
                    raise ProjectFileError(f"{too_many}；文件未做任何改动。", code="toolarge")
                bad = check_values(self.conn, _SHAPES, limits=self._limits)
                if bad:
                    raise untrusted.BadValue(bad)
                return self._load()
        except untrusted.BadValue as exc:
            raise ProjectFileError(
                f"“{self.path.name}”中的数据不符合项目文件的格式：{exc}。可能被其他程序改动过，无法读取；文件未做任何改动。",
                detail=str(exc),
                code="corrupt",
            ) from None
        except sqlite3.DatabaseError as exc:
            if self._budget is not None:
                self._budget.raise_for(self.path, exc)
            if "too big" in str(exc):
                raise ProjectFileError(
                    f"“{self.path.name}”中有单个字段超过 {untrusted.MAX_VALUE_BYTES // 1024 // 1024} MB，"
                    "远超正常填报内容，可能是恶意构造的文件，未读取；文件未做任何改动。",
                    detail=str(exc),
                    code="toobig",
                ) from exc
            raise self._damaged(f"{type(exc).__name__}: {exc}") from exc
        except (ValueError, TypeError, KeyError, RecursionError) as exc:  # ValueError: bad JSON, pydantic
            raise self._damaged(f"{type(exc).__name__}: {exc}") from exc

    def _too_many(self) -> str:
        """'' or the merge's own sentence for records past domain.limits (3 million items: refused in milliseconds)."""
        n = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("matter", "entry", "item", "demand", "review")}
        return limits.over_limit(self.path.name, {"matters": n["matter"], "entries": n["entry"], "items": n["item"],
                                                  "demands": n["demand"], "reviews": n["review"]})

    def _damaged(self, detail: str) -> ProjectFileError:
        return ProjectFileError(
            f"“{self.path.name}”中的数据已损坏或不完整（可能被其他程序改动过），无法读取。文件未做任何改动，可以从自动备份恢复。",
            detail=detail,
            code="corrupt",
        )

    def _load(self) -> Project:
        return load_project(self, _COLS, _TABLES)

    def counts(self) -> dict[str, int]:
        try:
            with self._reading():
                return {
                    table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("matter", "entry", "item", "demand", "review")
                }
        except sqlite3.DatabaseError as exc:
            if self._budget is not None:
                self._budget.raise_for(self.path, exc)
            raise

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """The time budget of a file from outside, armed for one reading (no-op for the owner's own file)."""
        if self._budget is None:
            yield
            return
        self._budget.arm()
        try:
            yield
        finally:
            self._budget.disarm()

    # ----- singletons ---------------------------------------------------------
    def _get_singleton(self, kind: str, model: type[BaseModel]):
        row = self.conn.execute("SELECT data FROM singleton WHERE kind = ?", (kind,)).fetchone()
        if not row:
            return model()
        try:
            return model.model_validate_json(untrusted.text("singleton", f"“{kind}”", "data", row[0]))
        except ValueError as exc:  # pydantic's ValidationError is a ValueError; its text is English
            if isinstance(exc, untrusted.BadValue):
                raise
            raise untrusted.BadValue(f"项目信息（表 singleton）“{kind}”记录的数据形状不对") from None

    def _put_singleton(self, kind: str, record) -> None:
        self._write(
            "INSERT INTO singleton(kind, data) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET data = excluded.data",
            (kind, record.model_dump_json()),
        )

    def get_info(self) -> ProjectInfo:
        return self._get_singleton("info", ProjectInfo)

    def save_info(self, info: ProjectInfo) -> None:
        self._put_singleton("info", info)

    def save_contacts(self, contacts: Contacts) -> None:
        self._put_singleton("contacts", contacts)

    def save_mechanism(self, mechanism: Mechanism) -> None:
        self._put_singleton("mechanism", mechanism)

    # ----- rows ---------------------------------------------------------------
    def _row_values(self, table: str, record) -> list:
        _, lists = _TABLES[table]
        return [
            json.dumps(getattr(record, c), ensure_ascii=False) if c in lists
            else declared.encode(record.extra) if c == "extra" else getattr(record, c)
            for c in _COLS[table]
        ]

    def _next_pos(self, table: str, where: str = "", params: tuple = ()) -> int:
        row = self.conn.execute(f"SELECT coalesce(max(pos), -1) + 1 FROM {table} {where}", params).fetchone()
        return row[0]

    def _insert(self, table: str, record, extra: dict, pos: int | None) -> int:
        cols = list(_COLS[table]) + list(extra)
        values = self._row_values(table, record) + list(extra.values())
        conn = self.conn
        with self.transaction():
            if pos is None:
                where, params = ("WHERE matter_id = ?", (extra["matter_id"],)) if "matter_id" in extra else ("", ())
                pos = self._next_pos(table, where, params)
            else:
                scope, params = ("AND matter_id = ?", (extra["matter_id"],)) if "matter_id" in extra else ("", ())
                conn.execute(f"UPDATE {table} SET pos = pos + 1 WHERE pos >= ? {scope}", (pos, *params))
            if record.id is not None:
                cols.insert(0, "id")
                values.insert(0, record.id)
            cols.append("pos")
            values.append(pos)
            marks = ", ".join("?" * len(cols))
            return row_id(conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", values))

    def _update(self, table: str, record) -> int:
        if record.id is None:
            raise ValueError("record has no id")
        sets = ", ".join(f"{c} = ?" for c in _COLS[table])
        self._write(f"UPDATE {table} SET {sets} WHERE id = ?", [*self._row_values(table, record), record.id])
        return record.id

    # matters
    def insert_matter(self, matter: Matter, pos: int | None = None) -> int:
        """Insert a matter (and its entries, if any); keeps matter.id when it is set."""
        with self.transaction():
            matter_id = self._insert("matter", matter, {}, pos)
            for entry in matter.entries:
                self.insert_entry(matter_id, entry)
        return matter_id

    def append_matters(self, matters: list[Matter]) -> None:
        """Append matters with their entries and info items after the last matter (an import), setting the ids of
        the matters and entries given (ids already set are kept, so a redo restores the same records)."""
        with self.transaction():
            append_matters(self.conn, matters, _COLS, self._row_values, self._next_pos("matter"))

    def update_matter(self, matter: Matter) -> None:
        self._update("matter", matter)

    def _delete(self, table: str, record_id: int) -> None:
        """Delete a row and close the gap, so positions stay 0..n-1 (position == list index)."""
        scope = "matter_id" if table == "entry" else None
        conn = self.conn
        with self.transaction():
            row = conn.execute(
                f"SELECT pos{', ' + scope if scope else ''} FROM {table} WHERE id = ?", (record_id,)
            ).fetchone()
            if row is None:
                return
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
            if scope:
                conn.execute(f"UPDATE {table} SET pos = pos - 1 WHERE pos > ? AND {scope} = ?", (row[0], row[1]))
            else:
                conn.execute(f"UPDATE {table} SET pos = pos - 1 WHERE pos > ?", (row[0],))

    def delete_matter(self, matter_id: int) -> None:
        self._delete("matter", matter_id)

    def get_matter(self, matter_id: int) -> Matter | None:
        for m in self.load_matters(f"WHERE id = {int(matter_id)}"):
            return m
        return None

    def load_matters(self, where: str = "") -> list[Matter]:
        cols = _COLS["matter"]
        out = []
        for row in self.conn.execute(f"SELECT id, {', '.join(cols)} FROM matter {where} ORDER BY pos, id").fetchall():
            m = Matter.model_construct(id=row[0], entries=[], **dict(zip(cols, row[1:])))
            m.entries = self.load_entries(row[0])
            out.append(m)
        return out

    # entries
    def insert_entry(self, matter_id: int, entry: CatalogEntry, pos: int | None = None) -> int:
        with self.transaction():
            entry_id = self._insert("entry", entry, {"matter_id": matter_id}, pos)
            self._write_items(entry_id, entry.items)
        return entry_id

    def update_entry(self, entry: CatalogEntry, items: bool = True) -> None:
        """Write an entry's own fields, and its info items unless `items` is False (they did not change)."""
        with self.transaction():
            entry_id = self._update("entry", entry)
            if items:
                self._write_items(entry_id, entry.items)

    def delete_entry(self, entry_id: int) -> None:
        self._delete("entry", entry_id)

    def load_entries(self, matter_id: int) -> list[CatalogEntry]:
        cols = _COLS["entry"]
        out = []
        for row in self.conn.execute(
            f"SELECT id, {', '.join(cols)} FROM entry WHERE matter_id = ? ORDER BY pos", (matter_id,)
        ).fetchall():
            values = dict(zip(cols, row[1:]))
            values["share_methods"] = json.loads(values["share_methods"])
            values.update({c: bool(values[c]) for c in _FLAGS})
            values["extra"] = declared.decode(values["extra"])
            items = [
                InfoItem.model_construct(**dict(zip(_ITEM_COLUMNS, r)))
                for r in self.conn.execute(
                    "SELECT name, data_type, length, note FROM item WHERE entry_id = ? ORDER BY pos", (row[0],)
                )
            ]
            out.append(CatalogEntry.model_construct(id=row[0], items=items, **values))
        return out

    def _write_items(self, entry_id: int, items: list[InfoItem]) -> None:
        conn = self.conn
        conn.execute("DELETE FROM item WHERE entry_id = ?", (entry_id,))
        conn.executemany(ITEM_INSERT, [(entry_id, i, it.name, it.data_type, it.length, it.note)
                                       for i, it in enumerate(items)])

    # demands and reviews
    def insert_demand(self, demand: Demand, pos: int | None = None) -> int:
        return self._insert("demand", demand, {}, pos)

    def update_demand(self, demand: Demand) -> None:
        self._update("demand", demand)

    def delete_demand(self, demand_id: int) -> None:
        self._delete("demand", demand_id)

    def insert_review(self, review: Review, pos: int | None = None) -> int:
        return self._insert("review", review, {}, pos)

    def update_review(self, review: Review) -> None:
        self._update("review", review)

    def delete_review(self, review_id: int) -> None:
        self._delete("review", review_id)

    # ----- copies -------------------------------------------------------------
    def save_copy(self, target: str | os.PathLike[str]) -> Path:
        """Write a consistent copy of the project to `target` (Save As)."""
        return backup.copy_to(self.conn, Path(target))


def _connect(path: Path, *, create: bool, readonly: bool = False,
             budget: untrusted.Budget | None = None, immutable: bool = False) -> sqlite3.Connection:
    mode = "rwc" if create else ("ro" if readonly else "rw")
    uri = f"{path.resolve().as_uri()}?mode={mode}{'&immutable=1' if immutable else ''}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=False)
    try:
        untrusted.harden(conn, budget=budget)
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _check_ours(path: Path, conn: sqlite3.Connection) -> int:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(
            f"“{path.name}”不是 govcat 项目文件（无法识别的文件格式），未做任何改动。",
            detail=str(exc), code="notproject",
        ) from exc
    if app_id != APPLICATION_ID:
        raise ProjectFileError(
            f"“{path.name}”不是 govcat 项目文件（可能是其他程序的数据库），未做任何改动。", code="notproject"
        )
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"“{path.name}”由更新版本的 govcat 创建（文件版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
            "请升级 govcat 后再打开。文件未做任何改动。",
            code="newer",
        )
    return version


def _remove_quietly(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            p.unlink()


# Column → how its values must look: "int", "text" or "list" (a JSON list of texts).
_SHAPES: dict[str, dict[str, str]] = {
    "matter": {"id": "int", "pos": "int", **{c: "text" for c in _COLS["matter"]}},
    "entry": {"id": "int", "matter_id": "int", "pos": "int",
              **{c: "list" if c in ("share_methods", "extra") else "int" if c in _FLAGS else "text"
                 for c in _COLS["entry"]}},
    "item": {"entry_id": "int", "pos": "int", **{c: "text" for c in _ITEM_COLUMNS}},
    **{t: {"id": "int", "pos": "int", **{c: "list" if c in _TABLES[t][1] else "text" for c in _COLS[t]}}
       for t in ("demand", "review")},
    "singleton": {"kind": "text", "data": "text"},
}
