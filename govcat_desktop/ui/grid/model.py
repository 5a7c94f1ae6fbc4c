"""Table model of the whole catalog: one row per entry (plus previewed drafts); no widget per cell, lazy data()."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from govcat_desktop.services.changes import Changes
from govcat_desktop.ui.row_moves import plan, runs
from govcat_desktop.domain.models import CatalogEntry, Matter
from govcat_desktop.formspec import FormSet
from govcat_desktop.services import entry_cells as EC
from govcat_desktop.services.drafts import Draft
from govcat_desktop.services.session import Session

STATE_COL = EC.GridColumn("_state", "状态", editable=False, width=10)
PROBLEM_COL = EC.GridColumn("_problems", "问题", editable=False, width=8)
COLUMNS: tuple[EC.GridColumn, ...] = EC.COLUMNS + (STATE_COL, PROBLEM_COL)
KEYS = tuple(c.key for c in COLUMNS)

STATE_ROLE = Qt.ItemDataRole.UserRole + 20  # 预览 / 未确认 / the review status
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 21  # "error" | "warning" | "" for the row
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 22  # entry id, or -1 - draft index for a previewed draft
PREVIEW, UNCONFIRMED = "草稿预览", "未确认草稿"
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole, STATE_ROLE, SEVERITY_ROLE, ENTRY_ROLE})
ERROR_BG, WARNING_BG, PREVIEW_BG = QColor("#fdecea"), QColor("#fff6dd"), QColor("#e8f1fb")


class EntryTableModel(QAbstractTableModel):
    """Rows: the session's entries in matter order, then the previewed drafts (read-only until accepted)."""

    def __init__(self, forms: FormSet, parent=None) -> None:
        super().__init__(parent)
        self.forms = forms
        self.session: Session | None = None
        self.rows: list[int] = []  # entry ids
        self.drafts: list[Draft] = []
        self.by_entry: dict[int, dict[str, list]] = {}  # entry id → field → findings ("" = whole entry)
        self.commit: Callable[[int, str, str], bool] = lambda _e, _k, _t: False
        self._helps = {c.key: (EC.form_field(forms, c).help if EC.form_field(forms, c) else "") for c in COLUMNS}
        self._italic = QFont()
        self._italic.setItalic(True)

    # ----- content ------------------------------------------------------------
    def set_session(self, session: Session | None) -> None:
        self.beginResetModel()
        self.session = session
        self.drafts = []
        self._rebuild()
        self.endResetModel()

    def reset(self, changes: Changes | None = None) -> bool:
        """After a structural command: entries added or removed become rows inserted or removed (the view keeps its
        selection, scroll and every other row) and the rows the step wrote are repainted; a reset only when rows
        moved or very many runs changed (True)."""
        s = self.session
        rows = [e.id for m in s.project.matters for e in m.entries] if s else []
        if rows == self.rows or self._move_to(rows):
            if changes is None:
                self.refresh_entries()
            else:
                self.repaint(changes)
            return False
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        return True

    def _move_to(self, rows: list[int]) -> bool:
        """Turn self.rows into `rows` by removing and inserting runs of rows (ui.row_moves.plan); False (nothing done)
        when the plan says reset."""
        moves = plan(self.rows, rows)
        if moves is None:
            return False
        gone, came = moves
        for first, end in reversed(gone):
            self.beginRemoveRows(QModelIndex(), first, end)
            del self.rows[first:end + 1]
            self.endRemoveRows()
        for first, end in came:  # in ascending order: the rows above are already as they will be
            self.beginInsertRows(QModelIndex(), first, end)
            self.rows[first:first] = rows[first:end + 1]
            self.endInsertRows()
        return True

    def _rebuild(self) -> None:
        s = self.session
        self.rows = [e.id for m in s.project.matters for e in m.entries] if s else []

    def set_drafts(self, drafts: list[Draft]) -> None:
        self.beginResetModel()
        self.drafts = list(drafts)
        self.endResetModel()

    def set_findings(self, findings: list) -> None:
        by: dict[int, dict[str, list]] = {}
        for f in findings:
            if not f.ref or f.ref[0] not in ("catalog", "item"):
                continue
            key = EC.ITEMS if f.ref[0] == "item" else (f.field or "")
            if key not in EC.BY_KEY and key != "":
                key = {"domain_other": "domain", "update_cycle_other": "update_cycle"}.get(key, "")
            by.setdefault(f.ref[1], {}).setdefault(key, []).append(f)
        changed = {k for k in by.keys() | self.by_entry.keys() if by.get(k) != self.by_entry.get(k)}
        self.by_entry = by
        last = len(COLUMNS) - 1
        for first, end in runs(sorted(n for n, entry_id in enumerate(self.rows) if entry_id in changed)):
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))  # only rows whose findings changed
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first, end)

    def repaint(self, changes: Changes) -> None:
        """The rows a step of the history wrote (a matter's code and name show on its entries' rows)."""
        ids = set(changes.entries)
        for matter_id in changes.matters & self.session.matters.keys():
            ids.update(e.id for e in self.session.matters[matter_id].entries)
        self.refresh_entries(ids)

    def refresh_entries(self, entry_ids: set[int] | None = None) -> None:
        """Repaint the rows of these entries (None: every row) after an update (no structural change): one
        dataChanged per run of neighbouring rows."""
        if not self.rowCount():
            return
        last = len(COLUMNS) - 1
        if entry_ids is None:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, last))
            return
        rows = sorted(n for n, entry_id in enumerate(self.rows) if entry_id in entry_ids)
        for first, end in runs(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    def record(self, row: int) -> tuple[Matter, CatalogEntry, Draft | None] | None:
        if 0 <= row < len(self.rows):
            found = self.session.entries.get(self.rows[row])  # None: removed, the page's reset is to come
            return None if found is None else (found[0], found[1], None)
        n = row - len(self.rows)
        if 0 <= n < len(self.drafts):
            draft = self.drafts[n]
            return self.session.matters[draft.matter_id], draft.entry, draft
        return None

    def row_of(self, entry_id: int) -> int:
        try:
            return self.rows.index(entry_id)
        except ValueError:
            return -1

    # ----- Qt model -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows) + len(self.drafts)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(COLUMNS):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._helps.get(COLUMNS[section].key) or COLUMNS[section].header
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            severity = self._row_severity(section)
            mark = {"error": "✗", "warning": "⚠"}.get(severity, "")
            return f"{mark}{section + 1}"
        if role == Qt.ItemDataRole.ForegroundRole:
            severity = self._row_severity(section)
            return QBrush(QColor("#c62828" if severity == "error" else "#b26a00")) if severity else None
        return None

    def _row_severity(self, row: int) -> str:
        if not 0 <= row < len(self.rows):
            return ""
        found = self.by_entry.get(self.rows[row])
        if not found:
            return ""
        return "error" if any(f.is_error for fs in found.values() for f in fs) else "warning"

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self.rows) and COLUMNS[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():  # a paint asks ~10 roles per cell; most are not ours
            return None
        found = self.record(index.row())
        if found is None:
            return None
        matter, entry, draft = found
        col = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col is STATE_COL:
                return self._state(entry, draft)
            if col is PROBLEM_COL:
                return self._problem_text(entry, draft)
            text = EC.cell_text(matter, entry, col, self.forms)
            if role == Qt.ItemDataRole.DisplayRole and "\n" in text:
                return text.replace("\n", " ")
            return text
        if role == STATE_ROLE:
            return self._state(entry, draft)
        if role == SEVERITY_ROLE:
            return "" if draft else self._row_severity(index.row())
        if role == ENTRY_ROLE:
            return entry.id if draft is None else -1 - (index.row() - len(self.rows))
        if role == Qt.ItemDataRole.ToolTipRole:
            if draft is not None:
                return "草稿预览（尚未接受），依据：" + "、".join(draft.basis)
            mine = self._cell_findings(entry, col)
            if mine:
                return "\n".join(("✗ " if f.is_error else "⚠ ") + f.message for f in mine)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if draft is not None:
                return QBrush(PREVIEW_BG)
            mine = self._cell_findings(entry, col)
            if mine:
                return QBrush(ERROR_BG if any(f.is_error for f in mine) else WARNING_BG)
            return None
        if role == Qt.ItemDataRole.FontRole and (draft is not None or entry.unconfirmed):
            return self._italic
        return None

    def _cell_findings(self, entry: CatalogEntry, col: EC.GridColumn) -> list:
        found = self.by_entry.get(entry.id)
        if not found:
            return []
        if col is PROBLEM_COL:
            return [f for fs in found.values() for f in fs]
        return found.get(col.key, [])

    def _state(self, entry: CatalogEntry, draft: Draft | None) -> str:
        if draft is not None:
            return PREVIEW
        if entry.unconfirmed:
            return UNCONFIRMED
        return entry.review_status or "草稿"

    def _problem_text(self, entry: CatalogEntry, draft: Draft | None) -> str:
        if draft is not None:
            return ""
        found = [f for fs in self.by_entry.get(entry.id, {}).values() for f in fs]
        errors = sum(1 for f in found if f.is_error)
        warnings = len(found) - errors
        parts = ([f"✗{errors}"] if errors else []) + ([f"⚠{warnings}"] if warnings else [])
        return " ".join(parts)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (not index.isValid() or role != Qt.ItemDataRole.EditRole
                or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable)):
            return False
        entry_id = self.rows[index.row()]
        return bool(self.commit(entry_id, COLUMNS[index.column()].key, "" if value is None else str(value)))
