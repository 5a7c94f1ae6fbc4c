"""Edit ▸ 撤销/重做 as a thin Qt adapter over the workspace's command history (services.commands.UndoStack)."""

from __future__ import annotations

from PySide6.QtGui import QAction

from govcat_desktop.services.commands import UndoStack


class HistoryActions:
    """Keeps the undo and redo actions enabled and labelled as the history says (its `changed` signal)."""

    def __init__(self, history: UndoStack, undo: QAction, redo: QAction) -> None:
        self.history, self.undo, self.redo = history, undo, redo
        history.changed.connect(self.update)
        self.update()

    def update(self) -> None:
        history = self.history
        self.undo.setEnabled(history.can_undo)
        self.undo.setText(f"撤销 {history.undo_text}" if history.can_undo else "撤销")
        self.redo.setEnabled(history.can_redo)
        self.redo.setText(f"重做 {history.redo_text}" if history.can_redo else "重做")
