"""Type and shape of every value of a project file, checked in SQL on load (one scan per table)."""

from __future__ import annotations

import sqlite3

from govcat_desktop.storage import untrusted


def _bad_sql(column: str, shape: str, limits: bool) -> str:
    if shape == "int":
        return f"typeof({column}) != 'integer'"
    text = f"typeof({column}) != 'text'"
    if limits:
        text += f" OR length({column}) > {untrusted.MAX_FIELD_CHARS}"
    if shape == "text":
        return text
    return (f"{text} OR NOT json_valid({column}) OR json_type({column}) != 'array'"
            + (f" OR json_array_length({column}) > {untrusted.MAX_LIST_ITEMS}" if limits else "")
            + f" OR EXISTS (SELECT 1 FROM json_each({column}) WHERE type != 'text'"
            + (f" OR length(value) > {untrusted.MAX_FIELD_CHARS})" if limits else ")"))


def check_values(conn: sqlite3.Connection, shapes: dict[str, dict[str, str]], *, limits: bool = True) -> str:
    """'' when every value has the type and shape we write; else a Chinese description of the first bad one.

    One scan per table in SQLite (fast at city scale); Python only looks at the bad row to name it.
    """
    limit = untrusted.MAX_FIELD_CHARS * 4 + 1000  # the singleton's JSON holds a whole form

    def bad_sql(table: str, column: str, shape: str) -> str:
        if table == "singleton" and column == "data":
            return "typeof(data) != 'text'" + (f" OR length(data) > {limit}" if limits else "")
        return _bad_sql(column, shape, limits)

    for table, columns in shapes.items():
        key = "kind" if table == "singleton" else ("entry_id, pos" if table == "item" else "id, pos")
        # One scan of the table for all its columns; only a table with a bad value is looked at column by column.
        where_any = " OR ".join(f"({bad_sql(table, c, shape)})" for c, shape in columns.items())
        try:
            if conn.execute(f"SELECT 1 FROM {table} WHERE {where_any} LIMIT 1").fetchone() is None:
                continue
        except sqlite3.DataError:  # a value past SQLITE_LIMIT_LENGTH: the column by column queries name it
            pass
        for column, shape in columns.items():
            where = bad_sql(table, column, shape)
            try:
                row = conn.execute(f"SELECT {key}, {column} FROM {table} WHERE {where} LIMIT 1").fetchone()
            except sqlite3.DataError:  # a value past SQLITE_LIMIT_LENGTH: SQLite refuses to load it
                return _too_big(conn, table, key, column)
            if row is None:
                continue
            *keys, value = row
            record = _record_label(conn, table, keys)
            try:
                if shape == "int":
                    untrusted.number(table, record, column, value)
                elif shape == "list":
                    untrusted.text_list(table, record, column, value)
                elif table == "singleton" and column == "data":
                    if isinstance(value, str):
                        return f"项目信息（表 singleton）“{keys[0]}”记录长 {len(value)} 个字，超过上限"
                    untrusted.text(table, record, column, value)
                else:
                    untrusted.text(table, record, column, value)
            except untrusted.BadValue as exc:
                return str(exc)
            return f"{untrusted.TABLE_LABEL[table]}（表 {table}）{record}的“{column}”不符合格式"
    return ""


def _too_big(conn: sqlite3.Connection, table: str, key: str, column: str) -> str:
    """Name the record whose `column` SQLite refused to load (error path only: one small query per record)."""
    keys: list = []
    for found in conn.execute(f"SELECT {key} FROM {table}").fetchall():
        try:
            conn.execute(f"SELECT length({column}) FROM {table} WHERE ({key}) IS ({', '.join('?' * len(found))})",
                         found).fetchone()
        except sqlite3.DataError:
            keys = list(found)
            break
    record = _record_label(conn, table, keys) if keys else "某条记录"
    return (f"{untrusted.TABLE_LABEL[table]}（表 {table}）{record}的“{column}”超过 "
            f"{untrusted.MAX_VALUE_BYTES // 1024 // 1024} MB（每项上限 {untrusted.MAX_FIELD_CHARS} 字）")


def _record_label(conn: sqlite3.Connection, table: str, keys: list) -> str:
    """A record as a clerk can find it: its position and name where they can be read."""
    if table == "singleton":
        return f"“{keys[0]}”记录"
    if table == "item":
        entry = conn.execute("SELECT name FROM entry WHERE id = ?", (keys[0],)).fetchone()
        name = entry[0] if entry and isinstance(entry[0], str) else ""
        pos = keys[1] + 1 if isinstance(keys[1], int) else keys[1]
        owner = f"目录“{name[:40]}”" if name else f"目录（id {keys[0]}）"
        return f"{owner}的第 {pos} 个信息项"
    name_col = {"matter": "name", "entry": "name", "demand": "data_name", "review": "data_name"}[table]
    row = conn.execute(f"SELECT {name_col} FROM {table} WHERE id IS ?", (keys[0],)).fetchone()
    name = row[0] if row and isinstance(row[0], str) else ""
    where = f"第 {keys[1] + 1} 条" if isinstance(keys[1], int) else f"id 为 {keys[0]} 的"
    return f"{where}记录“{name[:40]}”" if name else f"{where}记录"
