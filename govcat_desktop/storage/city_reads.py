"""The city report's reads of the bureau's tables: every current entry streamed with its items, counts per unit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


# The bureau's copy of an entry: unit_entry's columns besides its ids and places (entry_values gives them).
ENTRY_COLUMNS = (
    "name", "summary", "domain", "domain_other", "security_level", "share_type", "share_condition",
    "no_share_basis", "share_methods", "network", "update_cycle", "update_cycle_other", "review_status", "review_note",
    # v3: the optional national core metadata, kept for the registration sheet
    "resource_code", "resource_format", "resource_subformat", "open_to_public", "open_condition", "publish_date",
    "res_class", "res_item", "res_target", "res_detail", "related_codes",
    "extra",  # v7: fields declared in forms/ only (storage.declared)
    "uid", "change_reason", "change_note",  # v8: the entry's identity across versions, why it changed (issue 22)
)


class CityReads:
    """Mixed into BureauStore (its `conn`): the reads that stream a city's 600,000 items."""

    conn: sqlite3.Connection

    _ONLY = {
        "": "",
        "shareable": " AND e.share_type IN ('无条件共享', '有条件共享')",
        "accepted": " AND (e.bureau_status = '已审核' OR (s.review_status = '已审核' AND e.bureau_status != '退回'))",
    }

    def stream_entries(self, only: str = "", *, with_items: bool = True
                       ) -> Iterator[tuple[int, int, str, str, tuple, list[tuple[str, str, str, str]]]]:
        """(unit_id, entry id, matter_code, matter_name, ENTRY_COLUMNS values as stored, item rows) of the current
        entries in unit order (`only`: "shareable" or "accepted" ones), read through two cursors side by side so
        that a city's 600,000 items are never in memory at once."""
        where = (" FROM unit_entry e JOIN submission s ON s.id = e.submission_id WHERE s.superseded = 0"
                 + self._ONLY[only])
        order = " ORDER BY s.unit_id, e.submission_id, e.pos"
        items = iter(self.conn.execute(
            "SELECT i.entry_id, i.name, i.data_type, i.length, i.note FROM unit_item i JOIN unit_entry e ON e.id = "
            f"i.entry_id JOIN submission s ON s.id = e.submission_id WHERE s.superseded = 0{self._ONLY[only]}"
            f"{order}, i.pos") if with_items else ())
        pending = next(items, None)
        columns = ", ".join("e." + c for c in ENTRY_COLUMNS)
        for row in self.conn.execute(f"SELECT s.unit_id, e.id, e.matter_code, e.matter_name, {columns}{where}{order}"):
            eid = row[1]
            own: list[tuple[str, str, str, str]] = []
            while pending is not None and pending[0] == eid:
                own.append(pending[1:])
                pending = next(items, None)
            yield row[0], eid, row[2], row[3], row[4:], own

    def unit_entry_counts(self) -> dict[int, tuple[int, int, int, int, int, str]]:
        """unit_id → (entries, 无条件共享, 有条件共享, 不予共享, accepted entries, catalog fingerprint) of the
        current catalog submission (SQL aggregates: the report's summary per unit)."""
        accepted = self._ONLY["accepted"].removeprefix(" AND ")
        return {r[0]: tuple(r[1:]) for r in self.conn.execute(
            "SELECT s.unit_id, count(e.id), coalesce(sum(e.share_type = '无条件共享'), 0),"
            " coalesce(sum(e.share_type = '有条件共享'), 0), coalesce(sum(e.share_type = '不予共享'), 0),"
            f" coalesce(sum({accepted}), 0), s.fingerprint FROM submission s LEFT JOIN unit_entry e"
            " ON e.submission_id = s.id WHERE s.superseded = 0 AND s.kind = 'catalog' GROUP BY s.id"
        )}
