"""The unit's numbered catalog versions (v8 catalog_version, issue 22) and its 注销 list (singleton "withdrawn")."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from govcat_desktop.domain.models import Withdrawal, Withdrawals
from govcat_desktop.storage.project_file import ProjectFile

KEEP = 3  # exported versions kept besides the accepted one (a feedback names the version the bureau holds)


@dataclass(frozen=True)
class Version:
    version: int
    exported_at: str
    fingerprint: str
    accepted: bool
    data: str  # domain.revisions.dumps of its entries


class VersionStore:
    """Reads and writes of one open project's versions; every write is one transaction."""

    def __init__(self, store: ProjectFile) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn

    def _rows(self, where: str = "", params: tuple = ()) -> list[Version]:
        return [Version(r[0], r[1], r[2], bool(r[3]), r[4]) for r in self.conn.execute(
            f"SELECT version, exported_at, fingerprint, accepted, data FROM catalog_version {where} ORDER BY version",
            params)]

    def counter(self) -> int:
        """The number of the last version exported (0: none yet)."""
        return self.conn.execute("SELECT coalesce(max(version), 0) FROM catalog_version").fetchone()[0]

    def latest(self) -> Version | None:
        rows = self._rows("WHERE version = (SELECT max(version) FROM catalog_version)")
        return rows[0] if rows else None

    def get(self, version: int) -> Version | None:
        rows = self._rows("WHERE version = ?", (version,))
        return rows[0] if rows else None

    def accepted(self) -> Version | None:
        """The version the bureau's feedback accepted (the base), if any."""
        rows = self._rows("WHERE accepted = 1")
        return rows[-1] if rows else None

    def base(self) -> Version | None:
        """What changes are counted against: the accepted version, else the last one exported."""
        return self.accepted() or self.latest()

    def versions(self) -> list[Version]:
        return self._rows()

    def add(self, version: int, exported_at: str, fingerprint: str, data: str) -> None:
        """Record an exported version (a re-export of the same version replaces its time), keeping the accepted one
        and the last KEEP others."""
        with self.store.transaction():
            self.conn.execute(
                "INSERT INTO catalog_version (version, exported_at, fingerprint, data) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(version) DO UPDATE SET exported_at = excluded.exported_at",
                (version, exported_at, fingerprint, data))
            self.conn.execute(
                "DELETE FROM catalog_version WHERE accepted = 0 AND version NOT IN"
                " (SELECT version FROM catalog_version ORDER BY version DESC LIMIT ?)", (KEEP,))

    def accept(self, version: int, data: str) -> None:
        """Make `version` (with the bureau's states in `data`) the base; an older accepted one is dropped."""
        with self.store.transaction():
            self.conn.execute("DELETE FROM catalog_version WHERE accepted = 1 AND version != ?", (version,))
            self.conn.execute(
                "INSERT INTO catalog_version (version, accepted, data) VALUES (?, 1, ?)"
                " ON CONFLICT(version) DO UPDATE SET accepted = 1, data = excluded.data", (version, data))

    def unaccept(self, version: int) -> None:
        """Take back an accept() of a version the unit had exported (its own snapshot stays)."""
        with self.store.transaction():
            self.conn.execute("UPDATE catalog_version SET accepted = 0 WHERE version = ?", (version,))

    def raw(self) -> list[tuple]:
        """Every version row as stored (an undoable step keeps them to put them back)."""
        return self.conn.execute(
            "SELECT version, exported_at, fingerprint, accepted, data FROM catalog_version ORDER BY version").fetchall()

    def restore_raw(self, rows: list[tuple]) -> None:
        """Put back the version rows raw() returned, replacing what is there now (undo)."""
        with self.store.transaction():
            self.conn.execute("DELETE FROM catalog_version")
            self.conn.executemany(
                "INSERT INTO catalog_version (version, exported_at, fingerprint, accepted, data)"
                " VALUES (?, ?, ?, ?, ?)",
                rows)

    # ----- 注销 list ---------------------------------------------------------------
    def withdrawn(self) -> list[Withdrawal]:
        return self.store._get_singleton("withdrawn", Withdrawals).entries

    def save_withdrawn(self, entries: list[Withdrawal]) -> None:
        self.store._put_singleton("withdrawn", Withdrawals(entries=entries))
