"""The grid view with frozen first columns: a second QTableView over the left part, sharing model and selection
(the Qt "frozen column" example), and the keyboard of a spreadsheet."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class _Keys(QTableView):
    """Enter or F2 edits, Ctrl+C/V/D, Delete; arrows, Tab and Home/End as QTableView has them."""

    copy_requested = Signal()
    paste_requested = Signal()
    fill_down_requested = Signal()
    clear_requested = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_requested.emit()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_requested.emit()
                return
            if event.key() == Qt.Key.Key_D and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
                self.fill_down_requested.emit()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                self.clear_requested.emit()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                index = self.currentIndex()
                if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
                    self.edit(index)
                    return
        super().keyPressEvent(event)


class _Frozen(_Keys):
    """The overlay of the frozen columns: it edits its cells, and hands the keyboard back to the grid after."""

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if self.state() != QAbstractItemView.State.EditingState:
            self.parentWidget().setFocus()


class FrozenTableView(_Keys):
    """The main grid; `frozen` shows its first `count` columns on top and stays put when scrolling sideways."""

    def __init__(self, count: int, parent=None) -> None:
        super().__init__(parent)
        self.count = count
        self.frozen = _Frozen(self)
        self.frozen.setObjectName("grid_frozen")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setStyleSheet("QTableView { border: none; border-right: 2px solid #9aa7b8; }")
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.verticalHeader().sectionResized.connect(lambda i, _o, n: self.frozen.setRowHeight(i, n))
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.horizontalHeader().setSectionsClickable(True)
        self.frozen.horizontalHeader().sectionClicked.connect(self._sort_from_frozen)
        for name in ("copy_requested", "paste_requested", "fill_down_requested", "clear_requested"):
            getattr(self.frozen, name).connect(getattr(self, name).emit)

    def setModel(self, model) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        self.frozen.setSelectionBehavior(self.selectionBehavior())
        self.frozen.setSelectionMode(self.selectionMode())
        self.frozen.setEditTriggers(self.editTriggers())
        model.modelReset.connect(self.sync_columns)
        model.layoutChanged.connect(self.sync_columns)
        self.sync_columns()

    def _sort_from_frozen(self, column: int) -> None:
        """A click on a frozen column's header sorts like a click on the grid's own header."""
        if not self.isSortingEnabled():
            return
        header = self.horizontalHeader()
        ascending = (header.sortIndicatorSection() != column
                     or header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
        order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
        self.sortByColumn(column, order)
        self.frozen.horizontalHeader().setSortIndicatorShown(True)
        self.frozen.horizontalHeader().setSortIndicator(column, order)

    def set_delegates(self, main, frozen) -> None:
        """One delegate per view (a delegate's commit/close signals reach every view it is set on)."""
        self.setItemDelegate(main)
        self.frozen.setItemDelegate(frozen)

    def edit(self, index, trigger=None, event=None):  # noqa: D401 - Qt override (public and protected forms)
        """A frozen column's cell is edited in the overlay, where it can be seen."""
        if trigger is None:
            if index.isValid() and index.column() < self.count:
                self.frozen.edit(index)
                return None
            return super().edit(index)
        if index.isValid() and index.column() < self.count:
            return self.frozen.edit(index, trigger, event)
        return super().edit(index, trigger, event)

    def sync_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        for c in range(model.columnCount()):
            self.frozen.setColumnHidden(c, c >= self.count or self.isColumnHidden(c))
            if c < self.count:
                self.frozen.setColumnWidth(c, self.columnWidth(c))
        self._geometry()

    def set_column_hidden(self, column: int, hidden: bool) -> None:
        self.setColumnHidden(column, hidden)
        self.sync_columns()

    def _section_resized(self, index: int, _old: int, new: int) -> None:
        if index < self.count:
            self.frozen.setColumnWidth(index, new)
            self._geometry()

    def _frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.count) if not self.isColumnHidden(c))

    def _geometry(self) -> None:
        self.frozen.setGeometry(self.verticalHeader().width() + self.frameWidth(), self.frameWidth(),
                                self._frozen_width(), self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._geometry()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt override
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._geometry()

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 - Qt override
        current = super().moveCursor(action, modifiers)
        if (action == QAbstractItemView.CursorAction.MoveLeft and current.column() >= self.count
                and self.visualRect(current).topLeft().x() < self._frozen_width()):
            value = self.horizontalScrollBar().value() + self.visualRect(current).topLeft().x() - self._frozen_width()
            self.horizontalScrollBar().setValue(value)
        return current

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802 - Qt override
        if index.column() >= self.count:
            super().scrollTo(index, hint)
            return
        keep = self.horizontalScrollBar().value()  # a frozen column is always in view sideways
        super().scrollTo(index, hint)
        self.horizontalScrollBar().setValue(keep)
