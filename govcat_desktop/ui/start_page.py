"""The start page: new project, open project, recent projects, the example project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from govcat_desktop.ui.context import Page


class StartPage(QWidget, Page):
    """Shown when no project is open."""

    new_requested = Signal()
    open_requested = Signal()
    example_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("start_page")
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        outer.addLayout(column, 3)
        outer.addStretch(1)
        column.addStretch(1)
        title = QLabel("政务数据资源目录编制工具")
        title.setStyleSheet("font-size:22pt; font-weight:bold; color:#1a3e72")
        column.addWidget(title)
        sub = QLabel("按《关于建立健全政务数据共享协调机制》通知要求，离线编制工作联系表、体制机制情况、"
                     "数据资源目录和供需对接清单，随填随检，导出盖章版和可编辑电子版。")
        sub.setWordWrap(True)
        sub.setStyleSheet("color:#444; font-size:11pt")
        column.addWidget(sub)
        buttons = QHBoxLayout()
        for key, text, hint, signal in (
            ("start_new", "新建项目…", "Ctrl+N", self.new_requested),
            ("start_open", "打开项目…", "Ctrl+O", self.open_requested),
            ("start_example", "打开示例项目", "阳泉市民政局（副本）", self.example_requested),
        ):
            button = QPushButton(f"{text}\n{hint}")
            button.setObjectName(key)
            button.setAccessibleName(text)
            button.setMinimumHeight(64)
            button.setStyleSheet("font-size:12pt")
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(QLabel("最近打开的项目"))
        self.recent = QListWidget()
        self.recent.setObjectName("recent_files")
        self.recent.setAccessibleName("最近打开的项目")
        self.recent.itemActivated.connect(self._activated)
        self.recent.setMaximumHeight(220)
        column.addWidget(self.recent)
        tip = QLabel("提示：项目文件（.govcat）每次修改都会立即保存；每次打开时自动备份到本机，最多保留 10 份。")
        tip.setWordWrap(True)
        tip.setStyleSheet("color:#666")
        column.addWidget(tip)
        column.addStretch(2)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            p = Path(path)
            exists = p.exists()
            item = QListWidgetItem(f"{p.name}　—　{p.parent}" + ("" if exists else "（文件不存在）"))
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            if not exists:
                item.setForeground(Qt.GlobalColor.gray)
            self.recent.addItem(item)
        if not paths:
            item = QListWidgetItem("（还没有打开过项目）")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.recent_requested.emit(path)
