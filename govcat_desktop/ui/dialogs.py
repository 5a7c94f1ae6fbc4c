"""Modal dialogs, each behind an ask() classmethod so tests can replace it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.services.interaction import Interaction

FILE_FILTER = "govcat 项目文件 (*.govcat)"


def headless(parent: QWidget | None, title: str, text: str = "") -> bool:
    """True when the parent's window asks through a headless Interaction (--screenshot): the question is said
    there (stderr) and the caller takes the safe answer. No global: each window carries its own seam."""
    window = parent.window() if parent is not None else None
    interaction = getattr(window, "interaction", None)
    if not isinstance(interaction, Interaction) or not interaction.headless:
        return False
    interaction.inform(title, text)
    return True


class Confirm:
    """Yes/No question."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
        if headless(parent, title, text):
            return False
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is ok


class Message:
    """A message the clerk must read (warning or information)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, warning: bool = False) -> None:
        if headless(parent, title, text):
            return
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.button(QMessageBox.StandardButton.Ok).setText("知道了")
        box.exec()


class Choice:
    """Several buttons; returns the index of the chosen one, or -1 when cancelled."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, options: list[str]) -> int:
        if headless(parent, title, text):
            return -1
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else -1


class OpenFile:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str = "打开项目", folder: str = "") -> str:
        if headless(parent, title):
            return ""
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, FILE_FILTER)
        return path


class SaveFile:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str = "另存为", suggested: str = "") -> str:
        if headless(parent, title):
            return ""
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, FILE_FILTER)
        if path and not path.endswith(".govcat"):
            path += ".govcat"
        return path


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

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str) -> str | None:
        if headless(parent, title, prompt):
            return None
        dialog = cls(parent, title, prompt)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.edit.toPlainText().strip()
        return None


class QtInteraction(Interaction):
    """The GUI's Interaction: the same questions, asked with the dialogs above (which tests may replace)."""

    headless = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__()
        self.parent = parent

    def confirm(self, title: str, text: str, *, yes: str = "确定", no: str = "取消", parent: Any = None) -> bool:
        self.asked.append((title, text))
        return Confirm.ask(parent or self.parent, title, text, yes=yes, no=no)

    def choose(self, title: str, text: str, options: list[str], *, parent: Any = None) -> int:
        self.asked.append((title, text))
        return Choice.ask(parent or self.parent, title, text, options)

    def note(self, title: str, prompt: str, *, parent: Any = None) -> str | None:
        self.asked.append((title, prompt))
        return NoteDialog.ask(parent or self.parent, title, prompt)

    def inform(self, title: str, text: str, *, warning: bool = False, parent: Any = None) -> None:
        self.asked.append((title, text))
        Message.ask(parent or self.parent, title, text, warning=warning)
