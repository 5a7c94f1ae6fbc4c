"""添加意见 in one dialog: what the comment is about (the whole entry, a field, an info item) with that field's
current value shown, and the comment's text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget,
)

from govcat_desktop.ui.screen import fit_window


class CommentDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, targets: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加意见")
        self.setObjectName("comment_dialog")
        self.targets = targets
        layout = QVBoxLayout(self)
        head = QLabel(title)
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.setObjectName("comment_target")
        self.target.setAccessibleName("意见针对")
        self.target.addItems([label for label, _ in targets])
        self.target.currentIndexChanged.connect(self._show_value)
        form.addRow("意见针对：", self.target)
        self.value = QLabel()
        self.value.setObjectName("comment_value")
        self.value.setWordWrap(True)
        self.value.setStyleSheet("background:#f5f7fa; padding:4px; border:1px solid #dde")
        form.addRow("现填写：", self.value)
        self.text = QPlainTextEdit()
        self.text.setObjectName("comment_text")
        self.text.setAccessibleName("审核意见")
        self.text.setPlaceholderText("写明需要该单位修改或补充的内容")
        self.text.textChanged.connect(self._gate)
        form.addRow("审核意见：", self.text)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("添加意见")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_value()
        self._gate()
        fit_window(self, 560, 360)

    def _show_value(self, *_args: object) -> None:
        index = self.target.currentIndex()
        value = self.targets[index][1] if 0 <= index < len(self.targets) else ""
        self.value.setText(value or "（未填写）")

    def _gate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text.toPlainText().strip()))

    def chosen(self) -> tuple[str, str]:
        return self.target.currentText(), self.text.toPlainText().strip()

    @classmethod
    def run(cls, parent: QWidget | None, title: str, targets: list[tuple[str, str]]) -> tuple[str, str] | None:
        """(target label, comment) or None (取消)."""
        dialog = cls(parent, title, targets)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
