"""Tree model over the session: matters → their catalog entries, with status icons and counts."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt, Signal

from govcat_desktop.domain.models import CatalogEntry, Matter
from govcat_desktop.services.session import Session
from govcat_desktop.ui.row_moves import MAX_RUNS, plan
from govcat_desktop.ui.icons import icon, status_icon
from govcat_desktop.ui.widgets import matches, matter_label, refilter

HEADERS = ("事项 / 数据资源目录", "信息项", "状态", "承办科室")
KIND_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11
STATUS_ROLE = Qt.ItemDataRole.UserRole + 12
ERRORS_ROLE = Qt.ItemDataRole.UserRole + 13


class CatalogTreeModel(QAbstractItemModel):
    """Rows are the session's matters; children are their entries. No widget per row."""

    findings_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.errors: dict[tuple, int] = {}
        self.warnings: dict[tuple, int] = {}
        self._rows: dict[int, int] = {}  # matter id → row (see _matter_row)
        # The rows as shown: each matter's entry ids. The views learn of an added or removed entry through
        # rowsInserted / rowsRemoved (follow), so the tree serves this shape, changed between begin… and end….
        self._shape: list[list[int]] = []
        self._matter_ids: list[int] = []  # the matters of those rows

    def set_session(self, session: Session | None) -> None:
        self.beginResetModel()
        self.session = session
        self._shape = self._live_shape()
        self.endResetModel()

    def _live_shape(self) -> list[list[int]]:
        self._matter_ids = [m.id for m in self.matters]
        return [[e.id for e in m.entries] for m in self.matters]

    def repaint_entries(self, entry_ids: set[int]) -> None:
        """These entries' fields changed (a step of the history said so): only their rows are repainted, one
        dataChanged per run of neighbouring rows under a matter."""
        if self.session is None:
            return
        by_matter: dict[int, set[int]] = {}
        for entry_id in entry_ids:
            if entry_id in self.session.entries:
                by_matter.setdefault(self.session.entries[entry_id][0].id, set()).add(entry_id)
        last = len(HEADERS) - 1
        for matter_id, ids in by_matter.items():
            row = self._matter_row(matter_id)
            if row < 0:
                continue
            parent = self.index(row, 0)
            rows = [n for n, e in enumerate(self._shape[row] if row < len(self._shape) else []) if e in ids]
            if not rows:
                continue
            start = prev = rows[0]
            for n in rows[1:] + [-2]:
                if n != prev + 1:
                    self.dataChanged.emit(self.index(start, 0, parent), self.index(prev, last, parent))
                    start = n
                prev = n

    def reset(self) -> None:
        self.beginResetModel()
        self._shape = self._live_shape()
        self.endResetModel()

    def follow(self) -> bool:
        """After entries were added or removed (the matters themselves the same): remove and insert those rows under
        their matters, the rest of the tree untouched (expansion, selection, scroll). False, nothing done, when the
        matters changed, rows moved or too many runs changed: the caller resets."""
        if [m.id for m in self.matters] != self._matter_ids:
            return False
        shape = self._live_shape()
        moves: list[tuple[int, list[tuple[int, int]], list[tuple[int, int]], list[int]]] = []
        for row, (old, new) in enumerate(zip(self._shape, shape)):
            if old == new:
                continue
            runs = plan(old, new)
            if runs is None:
                return False
            moves.append((row, *runs, new))
        if sum(len(gone) + len(came) for _r, gone, came, _n in moves) > MAX_RUNS:
            return False
        for row, gone, came, new in moves:
            parent = self.index(row, 0)
            entries = self._shape[row]
            for first, end in reversed(gone):
                self.beginRemoveRows(parent, first, end)
                del entries[first:end + 1]
                self.endRemoveRows()
            for first, end in came:
                self.beginInsertRows(parent, first, end)
                entries[first:first] = new[first:end + 1]
                self.endInsertRows()
            self.dataChanged.emit(parent, parent.siblingAtColumn(len(HEADERS) - 1))  # its count of entries
        return True

    def set_findings(self, findings: list) -> None:
        """Count findings per matter and per entry (items count towards their entry)."""
        errors: dict[tuple, int] = {}
        warnings: dict[tuple, int] = {}
        for f in findings:
            if not f.ref or f.ref[0] not in ("matter", "catalog", "item"):
                continue
            key = ("matter", f.ref[1]) if f.ref[0] == "matter" else ("catalog", f.ref[1])
            target = errors if f.is_error else warnings
            target[key] = target.get(key, 0) + 1
        changed = {k for k in errors.keys() | self.errors.keys() if errors.get(k) != self.errors.get(k)}
        changed |= {k for k in warnings.keys() | self.warnings.keys() if warnings.get(k) != self.warnings.get(k)}
        self.errors, self.warnings = errors, warnings
        if changed:  # repaint only the rows whose counts changed, and the matters above them
            self._repaint(changed)
        self.findings_changed.emit()

    def _repaint(self, keys: set[tuple]) -> None:
        last = len(HEADERS) - 1
        entry_ids = {k[1] for k in keys if k[0] == "catalog"}
        matter_ids = {k[1] for k in keys if k[0] == "matter"}
        for row, matter in enumerate(self.matters):
            parent = self.index(row, 0)
            hit = matter.id in matter_ids
            for e_row, entry_id in enumerate(self._shape[row] if row < len(self._shape) else []):
                if entry_id in entry_ids:
                    hit = True
                    self.dataChanged.emit(self.index(e_row, 0, parent), self.index(e_row, last, parent))
            if hit:
                self.dataChanged.emit(parent, self.index(row, last))

    @property
    def matters(self) -> list[Matter]:
        return self.session.project.matters if self.session else []

    # ----- structure ----------------------------------------------------------------
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index=QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._shape)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._shape[parent.row()]) if parent.row() < len(self._shape) else 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ----- lookup -------------------------------------------------------------------
    def record(self, index: QModelIndex) -> Matter | CatalogEntry | None:
        if not index.isValid():
            return None
        matters = self.matters
        if index.internalId() == 0:
            return matters[index.row()] if index.row() < len(matters) else None
        m_row = index.internalId() - 1
        if m_row >= len(self._shape) or index.row() >= len(self._shape[m_row]) or self.session is None:
            return None
        found = self.session.entries.get(self._shape[m_row][index.row()])  # None: removed, its row about to go
        return found[1] if found is not None else None

    def _matter_row(self, matter_id: int) -> int:
        """The row of a matter: a map kept while the list is the same (a bulk edit of 3,000 entries asks 3,000
        times; scanning the tree each time was quadratic), rebuilt when it no longer matches."""
        matters = self.matters
        row = self._rows.get(matter_id, -1)
        if 0 <= row < len(matters) and matters[row].id == matter_id:
            return row
        self._rows = {m.id: n for n, m in enumerate(matters)}
        return self._rows.get(matter_id, -1)

    def index_of(self, kind: str, record_id: int) -> QModelIndex:
        if self.session is None:
            return QModelIndex()
        if kind == "matter":
            row = self._matter_row(record_id)
            return self.index(row, 0) if row >= 0 else QModelIndex()
        if kind == "catalog" and record_id in self.session.entries:
            matter, entry = self.session.entries[record_id]
            row = self._matter_row(matter.id)
            for e_row, other in enumerate(self._shape[row] if 0 <= row < len(self._shape) else []):
                if other == record_id:
                    return self.index(e_row, 0, self.index(row, 0))
        return QModelIndex()

    def repaint_matters(self, matter_ids: set[int]) -> None:
        """These matters' own fields changed: only their rows are repainted."""
        for matter_id in matter_ids:
            index = self.index_of("matter", matter_id)
            if index.isValid():
                self.dataChanged.emit(index, index.siblingAtColumn(len(HEADERS) - 1))

    # ----- data ---------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        record = self.record(index)
        if record is None:
            return None
        is_matter = index.internalId() == 0
        key = ("matter" if is_matter else "catalog", record.id)
        col = index.column()
        if role == KIND_ROLE:
            return key[0]
        if role == ID_ROLE:
            return record.id
        if role == STATUS_ROLE:
            return "" if is_matter else record.review_status
        if role == ERRORS_ROLE:
            return self._errors(record, is_matter)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if is_matter:
                    label = matter_label(record.code, record.name)
                    return f"{label}（无数据）" if record.no_data else label
                return record.name.strip() or "（未命名）"
            if col == 1:
                return f"{len(record.entries)} 个目录" if is_matter else f"{len(record.items)} 项"
            if col == 2:
                errors = self._errors(record, is_matter)
                warnings = self.warnings.get(key, 0)
                parts = [] if is_matter else [record.review_status or "草稿"]
                if errors:
                    parts.append(f"{errors} 错误")
                if warnings:
                    parts.append(f"{warnings} 提醒")
                return "，".join(parts)
            if col == 3:  # a matter's 承办科室 (issue 23)
                return record.assignee if is_matter else ""
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            if is_matter:
                return icon("error") if self._errors(record, True) else icon("matter")
            return status_icon(record.review_status, self.errors.get(key, 0) > 0)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{record.name}\n事项编码：{record.code}" if is_matter and record.code else record.name
        return None

    def _errors(self, record, is_matter: bool) -> int:
        if not is_matter:
            return self.errors.get(("catalog", record.id), 0)
        own = self.errors.get(("matter", record.id), 0)
        return own + sum(self.errors.get(("catalog", e.id), 0) for e in record.entries)


class CatalogFilterProxy(QSortFilterProxyModel):
    """Filters the tree by text (Chinese or pinyin) and by review state; parents of matches stay.

    The accepted rows are computed in one pass over the session (no per-row model calls), so
    filtering a department's 4,000 rows takes a few milliseconds.
    """

    STATES = ("全部", "草稿", "待审核", "已审核", "退回", "有错误")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.state = "全部"
        self._accept: set[tuple[int, int]] | None = None

    def setSourceModel(self, model) -> None:  # noqa: N802
        super().setSourceModel(model)
        model.modelReset.connect(self.recompute)
        model.findings_changed.connect(self._data_changed)

    def set_filter(self, text: str | None = None, state: str | None = None) -> None:
        def change() -> None:
            if text is not None:
                self.text = text.strip()
            if state is not None:
                self.state = state
            self._accept = self._compute()

        refilter(self, change)

    def recompute(self) -> None:
        self._accept = self._compute()

    def filtering(self) -> bool:
        """Whether some rows are hidden (the accepted rows are then known by their numbers: a change of rows
        recomputes them, see CatalogPage.apply)."""
        return self._accept is not None

    def _data_changed(self) -> None:
        if self.state == "有错误" or self.state != "全部" or self.text:
            accept = self._compute()
            if accept != self._accept:
                refilter(self, lambda: setattr(self, "_accept", accept))

    def _entry_ok(self, model: CatalogTreeModel, entry, matter_text_ok: bool) -> bool:
        if self.state == "有错误":
            if not model.errors.get(("catalog", entry.id)):
                return False
        elif self.state != "全部" and (entry.review_status or "草稿") != self.state:
            return False
        return matter_text_ok or not self.text or matches(self.text, entry.name.strip() or "（未命名）")

    def _compute(self) -> set[tuple[int, int]] | None:
        """(-1, matter row) and (matter row, entry row) of every row to show; None shows all."""
        if not self.text and self.state == "全部":
            return None
        model: CatalogTreeModel = self.sourceModel()
        accept: set[tuple[int, int]] = set()
        for m_row, matter in enumerate(model.matters):
            label = matter_label(matter.code, matter.name)
            text_ok = bool(self.text) and matches(self.text, label)
            shown = False
            for e_row, entry in enumerate(matter.entries):
                if self._entry_ok(model, entry, text_ok):
                    accept.add((m_row, e_row))
                    shown = True
            own = (self.state == "全部" and text_ok) or (self.state == "有错误" and bool(model._errors(matter, True))
                                                        and (text_ok or not self.text))
            if shown or own:
                accept.add((-1, m_row))
        return accept

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802
        if self._accept is None:
            return True
        return ((parent.row() if parent.isValid() else -1), row) in self._accept
