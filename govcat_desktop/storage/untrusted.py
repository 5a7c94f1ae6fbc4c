"""A project file from outside opened as sqlite.org/security.html advises: exact schema, limits, a time budget."""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from pathlib import Path

from govcat_desktop.domain import limits
from govcat_desktop.storage.errors import ProjectFileError

# Bounds for a file we did not write ourselves (a unit's file at the bureau, a file from an e-mail):
# a text field holds at most what one Excel cell can (32,767 characters, the exchange's own limit), so one SQL value
# of 4 MB covers any JSON record of real fields several times over; our statements are all under 4 KB.
MAX_VALUE_BYTES = 4 * 1024 * 1024
MAX_SQL_BYTES = 100_000
MAX_FIELD_CHARS = limits.MAX_FIELD_CHARS
MAX_LIST_ITEMS = 5_000  # entries of a JSON list (a demand's info items, a review's provided items)
# Reading a whole department-size file (SPEC §7: 3,000 entries, 60,000 items) takes under a second; a file that
# keeps SQLite busy for a minute is refused (a recursive view, a query built to loop).
READ_SECONDS = 60.0
PROGRESS_STEPS = 10_000  # VM instructions between two looks at the clock (well under a millisecond)
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")

TABLE_LABEL = {"matter": "服务事项", "entry": "数据资源目录", "item": "信息项", "demand": "共享数据需求",
               "review": "需求审核确认", "singleton": "项目信息", "comment": "审核意见"}


@functools.lru_cache(maxsize=None)
def expected_schema(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """sqlite_master of a file at `version`, built by running our own migrations on an in-memory database."""
    from govcat_desktop.storage.schema import MIGRATIONS

    conn = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:version]:
            step(conn)
        return frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


def check_schema(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """Refuse a file whose tables, columns and indexes are not exactly ours, or that holds views or triggers."""
    try:
        actual = frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(
            f"“{path.name}”不是 govcat 项目文件，或文件已损坏，未做任何改动。", detail=str(exc), code="notproject"
        ) from exc
    expected = expected_schema(version)
    if actual == expected:
        return
    extra = sorted(actual - expected, key=lambda r: (r[0], r[1]))
    missing = sorted(expected - actual, key=lambda r: (r[0], r[1]))
    kinds = {"view": "视图", "trigger": "触发器", "table": "表", "index": "索引"}
    if extra:
        alien = [r for r in extra if (r[0], r[1]) not in {(m[0], m[1]) for m in missing}]
        shown = (alien or extra)[:3]
        what = "、".join(f"{kinds.get(t, t)}“{n}”" for t, n, _, _ in shown)
        more = f"等 {len(alien or extra)} 处" if len(alien or extra) > 3 else ""
        reason = f"含有本程序不会创建的{what}{more}" if alien else f"{what}{more}的定义与本程序的不同"
    else:
        what = "、".join(f"{kinds.get(t, t)}“{n}”" for t, n, _, _ in missing[:3])
        reason = f"缺少{what}"
    raise ProjectFileError(
        f"“{path.name}”的数据库结构与 govcat 项目文件不符（{reason}），可能被其他程序改动过或是恶意构造的文件，"
        "为安全起见未读取，文件未做任何改动。",
        detail=f"extra={extra!r} missing={missing!r}",
        code="schema",
    )


class Budget:
    """A progress handler that interrupts a statement past the deadline or on Ctrl+C (remembered, re-raised later)."""

    def __init__(self, seconds: float = READ_SECONDS) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.cancelled = False
        self.expired = False

    def arm(self) -> None:
        """A fresh time limit for the reading about to start (opening and checking, a load)."""
        self.deadline = time.monotonic() + self.seconds
        self.expired = False

    def disarm(self) -> None:
        """No time limit once a file has passed its checks and been read: our own queries over data within the size
        limits are bounded, and a report at city scale may rightly take longer. Ctrl+C still stops a statement."""
        self.deadline = float("inf")

    def __call__(self) -> int:
        try:
            if time.monotonic() > self.deadline:
                self.expired = True
                return 1
        except KeyboardInterrupt:  # delivered while SQLite calls back into Python; sqlite3 would swallow it
            self.cancelled = True
            return 1
        return 0

    def raise_for(self, path: Path, exc: BaseException) -> None:
        """After an interrupted statement: KeyboardInterrupt for Ctrl+C, a Chinese error for the time limit."""
        if self.cancelled or (not self.expired and "interrupted" in str(exc)):
            # Ctrl+C while SQLite ran: the KeyboardInterrupt raised inside the handler stopped the statement, and
            # sqlite3 turned it into "interrupted"; it is raised again here so the command stops as asked.
            raise KeyboardInterrupt from exc
        if self.expired:
            raise ProjectFileError(
                f"读取“{path.name}”超过 {self.seconds:.0f} 秒仍未完成，"
                "文件可能是恶意构造的（例如无限循环的查询），已停止读取。"
                "文件未做任何改动。",
                detail=str(exc),
                code="timeout",
            ) from exc


def harden(conn: sqlite3.Connection, *, budget: Budget | None) -> list[str]:
    """Settings for every connection (trusted_schema off, cell size checks) and, with a budget (a file from outside),
    length and SQL limits, no ATTACH and the progress handler. Returns what this sqlite3 module could not set."""
    missing: list[str] = []
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    if budget is None:
        return missing
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    else:
        missing.append("setlimit")
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if defensive is not None and hasattr(conn, "setconfig"):  # Python 3.12+
        conn.setconfig(defensive, True)
    else:
        missing.append("SQLITE_DBCONFIG_DEFENSIVE")
    conn.set_progress_handler(budget, PROGRESS_STEPS)
    return missing


def journal_state(path: Path) -> tuple[str, Path]:
    """("hot", journal) when SQLite would roll the journal beside `path` back into it; ("garbage", journal) when it
    would only delete it (its header is not a journal's, so nothing of it would be played back); ("", journal)
    when there is none, or it is empty or zeroed (not hot)."""
    journal = path.with_name(path.name + "-journal")
    try:
        with journal.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return "", journal
    if not head or head[0] == 0:
        return "", journal
    return ("hot" if head == JOURNAL_MAGIC else "garbage"), journal


def _page_one(journal: Path, page_size: int) -> bytes | None:
    """The original page 1 kept in a rollback journal (None when the journal holds no page 1, or is not one)."""
    import struct

    try:
        with journal.open("rb") as fh:
            head = fh.read(28)
            if len(head) < 28 or head[:8] != JOURNAL_MAGIC:
                return None
            records, _nonce, _pages, sector, jpage = struct.unpack(">IIIII", head[8:28])
            if jpage != page_size or not 512 <= sector <= 65536:
                return None
            size = journal.stat().st_size
            if records in (0, 0xFFFFFFFF):  # not synced yet: as many records as the file holds
                records = (size - sector) // (page_size + 8)
            offset = sector
            for _ in range(min(records, 1_000_000)):
                fh.seek(offset)
                number = fh.read(4)
                if len(number) < 4:
                    return None
                if struct.unpack(">I", number)[0] == 1:
                    page = fh.read(page_size)
                    return page if len(page) == page_size else None
                offset += page_size + 8
    except OSError:
        return None
    return None


def journal_is_own(path: Path, journal: Path, application_id: int) -> bool:
    """Whether a hot journal can be one of an interrupted transaction on THIS file (the caller also requires the lock
    file a govcat that died while editing leaves behind).

    SQLite journals page 1 in every write transaction. Its copy in the journal must be a page 1 of ours (same page
    size, our application_id) and of this very file: either the file's page 1 was not overwritten yet (the header is
    byte for byte the same), or it was written by that one transaction (the file's change counter is one more).
    A journal of another program's database fails these; one of another govcat file may pass them (the schema is
    the same), which is why the stale lock is required as well.
    """
    import struct

    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    original = _page_one(journal, page_size)
    if original is None or struct.unpack(">I", original[68:72])[0] != application_id:
        return False
    if original[:100] == header:
        return True
    counter, file_counter = struct.unpack(">I", original[24:28])[0], struct.unpack(">I", header[24:28])[0]
    return file_counter == (counter + 1) & 0xFFFFFFFF and original[16:24] == header[16:24]


def wal_state(path: Path) -> tuple[bool, Path, bool]:
    """(the file is in WAL mode, its -wal file, that -wal file holds changes). govcat never writes WAL; a file in that
    mode was changed by another program. Opening it read-only the usual way would write a -shm file beside it."""
    wal = path.with_name(path.name + "-wal")
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False, wal, False
    if len(header) < 20 or not header.startswith(b"SQLite format 3\x00") or header[18:20] != b"\x02\x02":
        return False, wal, False
    try:
        return True, wal, wal.stat().st_size > 0
    except OSError:
        return True, wal, False


def refuse_wal(path: Path, wal: Path) -> ProjectFileError:
    return ProjectFileError(
        f"“{path.name}”旁边有其他程序留下的未合并修改（“{wal.name}”，govcat 不会写这种日志）。只读查看不会改动文件，"
        "因此未读取；请由该单位用 govcat 以编辑方式打开一次（会把修改合并进文件），或确认其无用后将其删除再试。",
        code="wal",
    )


def refuse_foreign_journal(path: Path, journal: Path) -> ProjectFileError:
    return ProjectFileError(
        f"“{path.name}”旁边有未完成写入的日志文件“{journal.name}”，但它不是这个项目文件自己的日志（可能来自别的文件），"
        "按它恢复会改坏文件，因此未打开，文件和日志都未做任何改动。请确认日志无用后将其移走或删除再打开。",
        code="foreign-journal",
    )


def refuse_hot_journal(path: Path, journal: Path) -> ProjectFileError:
    return ProjectFileError(
        f"“{path.name}”旁边有未完成写入的日志文件“{journal.name}”（上次保存被中断，或日志来自别的文件）。"
        "只读查看不会改动文件，因此未读取。请由该单位用 govcat 以编辑方式打开一次（会按日志恢复文件），"
        "或确认日志无用后将其删除再试。",
        code="hot-journal",
    )


class BadValue(ValueError):
    """A value of the wrong type or shape in a record; str() names table, record and field in Chinese."""


def _where(table: str, record: object, column: str) -> str:
    return f"{TABLE_LABEL.get(table, table)}（表 {table}）{record}的“{column}”"


def text(table: str, record: object, column: str, value: object) -> str:
    """A text column's value, checked: text within MAX_FIELD_CHARS."""
    if type(value) is not str:
        kinds = {bytes: "二进制数据", int: "整数", float: "小数", type(None): "空值"}
        kind = kinds.get(type(value), type(value).__name__)
        raise BadValue(f"{_where(table, record, column)}应为文字，文件中却是{kind}")
    if len(value) > MAX_FIELD_CHARS:
        raise BadValue(f"{_where(table, record, column)}长 {len(value)} 个字，超过每项 {MAX_FIELD_CHARS} 字的上限")
    return value


def number(table: str, record: object, column: str, value: object) -> int:
    if type(value) is not int:
        raise BadValue(f"{_where(table, record, column)}应为整数，文件中却是“{str(value)[:20]}”")
    return value


def text_list(table: str, record: object, column: str, value: object) -> list[str]:
    """A JSON list of texts, checked for shape before anything uses it (no RecursionError, no AttributeError)."""
    raw = text(table, record, column, value)
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadValue(f"{_where(table, record, column)}不是有效的列表数据") from None
    if type(parsed) is not list or any(type(v) is not str for v in parsed):
        raise BadValue(f"{_where(table, record, column)}应为文字列表，文件中的数据形状不对")
    if len(parsed) > MAX_LIST_ITEMS:
        raise BadValue(f"{_where(table, record, column)}有 {len(parsed)} 项，超过 {MAX_LIST_ITEMS} 项的上限")
    for v in parsed:
        if len(v) > MAX_FIELD_CHARS:
            raise BadValue(f"{_where(table, record, column)}中有一项超过 {MAX_FIELD_CHARS} 字的上限")
    return parsed
