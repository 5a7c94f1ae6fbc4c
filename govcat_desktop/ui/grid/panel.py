"""Below the 目录总表: the current entry's (or draft preview's) info items, edited in place, and its findings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from govcat_desktop.formspec import FormSet
from govcat_desktop.ui.items_editor import ItemsEditor

SHOWN_FINDINGS = 6


class EntryPanel(QWidget):
    """`items_committed` when the clerk changed the items (not when a record is shown)."""

    items_committed = Signal()

    def __init__(self, forms: FormSet) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("grid_items_title")
        layout.addWidget(self.title)
        self.findings = QLabel()
        self.findings.setObjectName("grid_findings")
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings)
        self.items = ItemsEditor(forms["item"], forms.vocab("data_type"), compact=True)
        self.items.setObjectName("grid_items")
        self.items.committed.connect(self._committed)
        layout.addWidget(self.items, 1)
        self._loading = False

    def _committed(self) -> None:
        if not self._loading:
            self.items_committed.emit()

    def show_record(self, found: tuple[Any, Any, Any] | None, editable: bool) -> None:
        """`found`: (matter, entry, draft or None) of the current row, or None."""
        self._loading = True
        if found is None:
            self.title.setText("信息项：选中一行目录后在这里编辑它的信息项。")
            self.items.set_value([])
            self.items.setEnabled(False)
        else:
            matter, entry, draft = found
            what = "草稿预览" if draft else "目录"
            self.title.setText(f"<b>{what}“{entry.name or '（未命名）'}”的信息项</b>　"
                               f"<span style='color:#666'>事项：{matter.name}</span>")
            self.items.set_value(entry.items)
            self.items.setEnabled(draft is None and editable)
        self._loading = False

    def show_findings(self, live: list[Any]) -> None:
        text = "<br>".join(("<span style='color:#c62828'>✗ " if f.is_error else "<span style='color:#b26a00'>⚠ ")
                           + f.message + "</span>" for f in live[:SHOWN_FINDINGS])
        if len(live) > SHOWN_FINDINGS:
            text += f"<br>……另有 {len(live) - SHOWN_FINDINGS} 条"
        self.findings.setText(text)
        self.findings.setVisible(bool(text))
