"""The Qt Interaction (services.interaction's questions asked with real dialogs) and its note dialog."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.services.interaction import Interaction

FILE_FILTER = "govcat 项目文件 (*.govcat)"


class NoteDialog(QDialog):
    """Asks for a required note (e.g. why an entry is returned)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("note")
        self.edit.setAccessibleName(prompt)
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.edit.toPlainText().strip():
            self.accept()


class QtInteraction(Interaction):
    """The GUI's Interaction, installed once at start (app.py): the same questions, asked with Qt's dialogs."""

    headless = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__()
        self.parent = parent

    def _parent(self, parent: Any) -> QWidget | None:
        return parent or self.parent or QApplication.activeModalWidget() or QApplication.activeWindow()

    def confirm(self, title: str, text: str, *, yes: str = "确定", no: str = "取消", parent: Any = None) -> bool:
        self.asked.append((title, text))
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                          self._parent(parent))
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        # Every question here risks something (删除, 放弃, 替换, 仍要修改): Enter answers the safe way, as Esc does
        box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is ok

    def choose(self, title: str, text: str, options: list[str], *, parent: Any = None) -> int:
        self.asked.append((title, text))
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                          self._parent(parent))
        buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else -1

    def note(self, title: str, prompt: str, *, parent: Any = None) -> str | None:
        self.asked.append((title, prompt))
        dialog = NoteDialog(self._parent(parent), title, prompt)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.edit.toPlainText().strip()
        return None

    def text(self, title: str, prompt: str, *, parent: Any = None) -> str | None:
        self.asked.append((title, prompt))
        text, ok = QInputDialog.getMultiLineText(self._parent(parent), title, prompt)
        return text if ok else None

    def line(self, title: str, prompt: str, suggestions: Sequence[str] = (), current: str = "", *,
             parent: Any = None) -> str | None:
        self.asked.append((title, prompt))
        dialog = QInputDialog(self._parent(parent))
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        if suggestions:  # an editable list: pick a name already used, or type a new one
            dialog.setComboBoxItems(list(suggestions))
            dialog.setComboBoxEditable(True)
        dialog.setTextValue(current)
        return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def inform(self, title: str, text: str, *, warning: bool = False, parent: Any = None) -> None:
        self.asked.append((title, text))
        self.told.append((title, text))
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent(parent))
        box.button(QMessageBox.StandardButton.Ok).setText("知道了")
        box.exec()

    def open_file(self, title: str, folder: str = "", filter: str = "", *, parent: Any = None) -> str:
        self.asked.append((title, folder))
        path, _ = QFileDialog.getOpenFileName(self._parent(parent), title, folder, filter or FILE_FILTER)
        return path

    def open_files(self, title: str, folder: str = "", filter: str = "", *, parent: Any = None) -> list[str]:
        self.asked.append((title, folder))
        paths, _ = QFileDialog.getOpenFileNames(self._parent(parent), title, folder, filter or FILE_FILTER)
        return list(paths)

    def save_file(self, title: str, suggested: str = "", filter: str = "", *, parent: Any = None) -> str:
        self.asked.append((title, suggested))
        path, _ = QFileDialog.getSaveFileName(self._parent(parent), title, suggested, filter or FILE_FILTER)
        if path and not filter and not path.endswith(".govcat"):
            path += ".govcat"
        return path

    def folder(self, title: str, start: str = "", *, parent: Any = None) -> str:
        self.asked.append((title, start))
        return QFileDialog.getExistingDirectory(self._parent(parent), title, start)

    def form(self, title: str, dialog: Any, *args: Any, text: str = "", default: Any = None,
             parent: Any = None) -> Any:
        self.asked.append((title, text))
        return dialog.run(self._parent(parent), *args)
