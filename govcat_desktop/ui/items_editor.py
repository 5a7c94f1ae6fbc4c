"""Info-items table editor: add, remove, reorder, paste lines from Excel, certificate library, type hints."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.domain.heuristics import infer_data_type
from govcat_desktop.domain.models import InfoItem
from govcat_desktop.formspec import FormDef, Vocabulary
from govcat_desktop.services.library import certificates, find_certificate

COLUMNS = ("name", "data_type", "length", "note")


class ItemsModel(QAbstractTableModel):
    """Table model over a list of InfoItem; the data type column shows and accepts labels."""

    changed = Signal()

    def __init__(self, form: FormDef, types: Vocabulary, parent=None) -> None:
        super().__init__(parent)
        self.form = form
        self.types = types
        self.items: list[InfoItem] = []
        self.problems: dict[int, list[str]] = {}

    def set_items(self, items: list[InfoItem]) -> None:
        self.beginResetModel()
        self.items = [i.model_copy() for i in items]
        self.endResetModel()

    def set_problems(self, problems: dict[int, list[str]]) -> None:
        self.problems = problems
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self.form.field(COLUMNS[section]).label
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        item = self.items[index.row()]
        key = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = getattr(item, key)
            return self.types.label_of(value) if key == "data_type" and role == Qt.ItemDataRole.DisplayRole else value
        if role == Qt.ItemDataRole.ToolTipRole:
            problems = self.problems.get(index.row())
            return "\n".join(problems) if problems else self.form.field(key).help
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self.problems:
            return QBrush(QColor("#fdecea"))
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        key = COLUMNS[index.column()]
        text = str(value or "").strip() if key != "note" else str(value or "")
        if key == "data_type":
            text = self.types.canonical(text) or text
        item = self.items[index.row()]
        if getattr(item, key) == text:
            return False
        setattr(item, key, text)
        if key == "name" and text and not item.data_type:
            item.data_type = infer_data_type(text)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        self.changed.emit()
        return True

    # ----- whole-row edits ------------------------------------------------------
    def insert(self, row: int, items: list[InfoItem]) -> None:
        if not items:
            return
        row = max(0, min(row, len(self.items)))
        self.beginInsertRows(QModelIndex(), row, row + len(items) - 1)
        self.items[row:row] = items
        self.endInsertRows()
        self.changed.emit()

    def remove(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.items):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.items[row]
                self.endRemoveRows()
        self.changed.emit()

    def move(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.items) and 0 <= target < len(self.items)):
            return row
        dest = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self.items.insert(target, self.items.pop(row))
        self.endMoveRows()
        self.changed.emit()
        return target


class TypeDelegate(QStyledItemDelegate):
    """Data type column edited with a dropdown of the vocabulary's labels."""

    def __init__(self, types: Vocabulary, parent=None) -> None:
        super().__init__(parent)
        self.types = types

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("data_type")
        combo.setAccessibleName("数据类型")
        combo.addItems(self.types.label_list)
        return combo

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        editor.setCurrentText(self.types.label_of(str(index.data(Qt.ItemDataRole.EditRole) or "")))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentText())


HEADER_WORDS = frozenset({"信息项名称", "信息项", "名称", "数据项名称", "数据项", "字段名称", "字段", "数据类型",
                          "类型", "数据长度", "长度", "信息项说明", "说明", "备注", "序号"})


def is_header_row(cells: list[str]) -> bool:
    """A copied header row (信息项名称 / 数据类型 / 数据长度 / 说明), not an info item."""
    filled = [c for c in cells if c]
    return bool(filled) and filled[0] in HEADER_WORDS and sum(c in HEADER_WORDS for c in filled) * 2 >= len(filled)


def parse_pasted(text: str, types: Vocabulary) -> list[InfoItem]:
    """Lines copied from Excel (tab-separated: name, type, length, note) → info items; a header row is skipped."""
    out = []
    first = True
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = [c.strip() for c in line.split("\t")]
        if not cells or not cells[0]:
            continue
        if first:
            first = False
            if is_header_row(cells):
                continue
        if cells[0].isdigit() and len(cells) > 1 and cells[1]:  # a 序号 column copied along
            cells = cells[1:]
        cells += [""] * (4 - len(cells))
        name, dtype, length, note = cells[:4]
        dtype = (types.canonical(dtype) or dtype) if dtype else infer_data_type(name)
        out.append(InfoItem(name=name, data_type=dtype, length=length, note=note))
    return out


class ItemsTable(QTableView):
    """Tab in the last cell adds a row (as in a spreadsheet) instead of leaving the table."""

    def __init__(self, editor: ItemsEditor) -> None:
        super().__init__()
        self._editor = editor

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt override
        current = self.currentIndex()
        model = self.model()
        if (action == QAbstractItemView.CursorAction.MoveNext and current.isValid()
                and current.row() == model.rowCount() - 1 and current.column() == model.columnCount() - 1):
            row = model.rowCount()
            self._editor.model.insert(row, [InfoItem()])
            return model.index(row, 0)
        return super().moveCursor(action, modifiers)


class ItemsEditor(QWidget):
    """The 信息项 field: a table with add/remove/reorder/paste and the certificate library."""

    edited = Signal()
    committed = Signal()
    HINT = ("提示：可从 Excel 复制“信息项名称、数据类型、长度、说明”几列后点“从 Excel 粘贴”（或 Ctrl+V）；"
            "数据类型会按名称推断（…日期→日期型D，…金额→货币型Y，是否…→逻辑型L）。")

    def __init__(self, form: FormDef, types: Vocabulary, parent=None, *, compact: bool = False) -> None:
        """`compact` (the grid's lower pane): the hint goes into the table's and the paste button's tooltips and the
        paste result sits in the button row, so the table keeps the two lines they took (issue 25 item 10)."""
        super().__init__(parent)
        self.model = ItemsModel(form, types, self)
        self.model.changed.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.suggestion = QPushButton()
        self.suggestion.setObjectName("library_suggestion")
        self.suggestion.setAccessibleName("添加常用证照库中的信息项")
        self.suggestion.setVisible(False)
        self.suggestion.clicked.connect(self._take_suggestion)
        for key, label, slot, tip in (
            ("item_add", "添加", self.add_row, "添加信息项（Ctrl+Enter）"),
            ("item_remove", "删除", self.remove_selected, "删除所选信息项（Del）"),
            ("item_up", "上移", lambda: self.move_selected(-1), "上移（Ctrl+↑）"),
            ("item_down", "下移", lambda: self.move_selected(1), "下移（Ctrl+↓）"),
            ("item_paste", "从 Excel 粘贴", self.paste, "粘贴从 Excel 复制的多行（Ctrl+V）"),
        ):
            button = QPushButton(label)
            button.setObjectName(key)
            button.setAccessibleName(tip.split("（")[0])
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
        library = QToolButton()
        library.setText("常用证照库 ▾")
        library.setObjectName("item_library")
        library.setAccessibleName("常用证照库")
        library.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(library)
        # 127 certificates: one submenu per issuing department with three or more, the rest under 其他部门.
        import re
        from collections import Counter

        def issuer(cert) -> str:
            return re.sub(r"[（(].*?[）)]", "", cert.issuer) or "其他部门"

        counts = Counter(issuer(c) for c in certificates())
        submenus: dict[str, QMenu] = {}
        for name, _n in counts.most_common():
            if _n >= 3:  # QMenu(title, parent): on PySide6 6.9 a submenu made by addMenu(title) dies with its wrapper
                submenus[name] = QMenu(name, menu)
                menu.addMenu(submenus[name])
        others = QMenu("其他部门", menu)
        menu.addMenu(others)
        for cert in certificates():
            target = submenus.get(issuer(cert), others)
            target.addAction(f"{cert.name}（{len(cert.items)}项）").triggered.connect(
                lambda _c=False, c=cert: self.add_items(list(c.items))
            )
        library.setMenu(menu)
        bar.addWidget(library)
        self.status = QLabel()  # what the last paste did
        self.status.setObjectName("items_status")
        self.status.setMinimumHeight(self.status.fontMetrics().height())
        self.status.setStyleSheet("color:#2e6b2e")
        if compact:
            bar.addWidget(self.status)
        bar.addStretch(1)
        layout.addLayout(bar)
        layout.addWidget(self.suggestion)
        self.view = ItemsTable(self)
        self.view.setObjectName("items")
        self.view.setAccessibleName("信息项")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(1, TypeDelegate(types, self.view))
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(180)
        layout.addWidget(self.view, 1)
        if compact:
            self.view.setToolTip(self.HINT)
            paste = self.findChild(QPushButton, "item_paste")
            paste.setToolTip(f"{paste.toolTip()}\n{self.HINT}")
        else:
            hint = QLabel(self.HINT)
            hint.setObjectName("items_hint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color:#666")
            # Two lines at any width from 1,024 px: a splitter gives this pane its minimum without asking the label's
            # height for its width, and a wrapped line would be painted over the table above.
            hint.setMinimumHeight(2 * hint.fontMetrics().lineSpacing() + 2)
            layout.addWidget(hint)
            layout.addWidget(self.status)
        for seq, slot in (
            (QKeySequence.StandardKey.Paste, self.paste),
            (QKeySequence(Qt.Key.Key_Delete), self.remove_selected),
            (QKeySequence("Ctrl+Up"), lambda: self.move_selected(-1)),
            (QKeySequence("Ctrl+Down"), lambda: self.move_selected(1)),
            (QKeySequence("Ctrl+Return"), self.add_row),
        ):
            shortcut = QShortcut(seq, self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self._cert = None

    def _changed(self) -> None:
        self.edited.emit()
        self.committed.emit()

    # ----- value ------------------------------------------------------------------
    def value(self) -> list[InfoItem]:
        return [i.model_copy() for i in self.model.items]

    def set_value(self, items: list[InfoItem]) -> None:
        self.model.set_items(items)
        self.status.setText("")  # "已粘贴 4 行信息项。" belongs to the entry it was pasted into

    # ----- actions ----------------------------------------------------------------
    def _current_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[-1].row() if rows else len(self.model.items) - 1

    def add_row(self) -> None:
        row = len(self.model.items)
        self.model.insert(row, [InfoItem()])
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def add_items(self, items: list[InfoItem]) -> int:
        existing = {i.name.strip() for i in self.model.items}
        new = [i.model_copy() for i in items if i.name.strip() not in existing]
        self.model.insert(len(self.model.items), new)
        return len(new)

    def remove_selected(self) -> None:
        rows = [i.row() for i in self.view.selectionModel().selectedRows()]
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        if rows:
            self.model.remove(rows)

    def move_selected(self, delta: int) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        target = self.model.move(row, delta)
        self.view.selectRow(target)

    def paste(self, text: str | None = None) -> int:
        if not isinstance(text, str):
            text = QGuiApplication.clipboard().text()
        items = parse_pasted(text or "", self.model.types)
        self.model.insert(self._current_row() + 1, items)
        lines = [ln for ln in (text or "").splitlines() if ln.strip()]
        skipped = "（已跳过表头一行）" if lines and is_header_row([c.strip() for c in lines[0].split("\t")]) else ""
        self.status.setText(f"已粘贴 {len(items)} 行信息项{skipped}。" if items else "剪贴板中没有可粘贴的信息项。")
        return len(items)

    def suggest_for(self, name: str) -> None:
        """Offer the library's items of the certificate this data is named after."""
        self._cert = find_certificate(name) if name.strip() else None
        if self._cert:
            self.suggestion.setText(f"常用证照库中有“{self._cert.name}”的 {len(self._cert.items)} 个信息项，点击添加")
        self.suggestion.setVisible(self._cert is not None)

    def _take_suggestion(self) -> None:
        if self._cert:
            self.add_items(list(self._cert.items))
            self.suggestion.setVisible(False)

    def set_problems(self, problems: dict[int, list[str]]) -> None:
        self.model.set_problems(problems)

    def focus_item(self, row: int, key: str = "name") -> None:
        if 0 <= row < len(self.model.items):
            index = self.model.index(row, COLUMNS.index(key) if key in COLUMNS else 0)
            self.view.setFocus()
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def setFocus(self, *args) -> None:  # noqa: N802
        self.view.setFocus(*args)
