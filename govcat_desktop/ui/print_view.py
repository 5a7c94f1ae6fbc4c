"""文件 ▸ 打印… (Ctrl+P): page preview of a task's print PDF, the system printer, and 导出 PDF."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from govcat_desktop.services import printing
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import TransferError
from govcat_desktop.ui.context import AppContext
from govcat_desktop.services.interaction import Interaction


# The task a page shows: Ctrl+P on it previews that task first.
PAGE_KIND = {"contacts": "contacts", "mechanism": "mechanism", "catalog": "catalog", "grid": "catalog",
             "demands": "demand", "reviews": "review"}


@dataclass
class PrintContext:
    """What the dialog needs: the open session, the folder to offer for 导出 PDF, and a status line."""

    session: Session
    folder: str
    status: Any  # callable(str)
    kind: str = ""  # the task to show first (the page the clerk is on), else the first task
    interaction: Interaction = field(default_factory=Interaction)  # the window's: its messages and 导出 PDF


class PrintDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: PrintContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印盖章版")
        self.context = context
        self._tmp = tempfile.TemporaryDirectory(prefix="govcat-print-")
        self.pdf: Path | None = None
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(1000, screen.width() - 60) if screen else 1000,
                    min(700, screen.height() - 80) if screen else 700)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("打印："))
        self.kind = QComboBox()
        self.kind.setObjectName("print_kind")
        for kind, label in printing.printable_kinds(context.session):
            self.kind.addItem(label, kind)
        start = self.kind.findData(context.kind)
        if start > 0:
            self.kind.setCurrentIndex(start)
        self.kind.currentIndexChanged.connect(self.render)
        top.addWidget(self.kind)
        self.info = QLabel()
        top.addWidget(self.info, 1)
        layout.addLayout(top)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages)
        layout.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = QPushButton("打印")
        self.print_button.clicked.connect(self.send)
        self.save_button = QPushButton("导出 PDF…")
        self.save_button.clicked.connect(self.save)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        for b in (self.print_button, self.save_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.render()

    def render(self) -> None:
        kind = self.kind.currentData()
        if kind is None:
            return
        session = self.context.session
        path = Path(self._tmp.name) / printing.print_file_name(session, kind)
        try:
            printing.write_print_pdf(session, kind, path)
            count, images = printing.preview_images(path)
        except TransferError as exc:
            self.context.interaction.inform("无法生成打印文件", str(exc), warning=True, parent=self)
            return
        self.pdf = path
        while self.pages_layout.count():
            page = self.pages_layout.takeAt(0).widget()  # held: the item forgets it once it leaves the layout
            if page is not None:
                page.setParent(None)
                page.deleteLater()
        for image in images:
            data = image.tobytes("raw", "RGB")
            qimage = QImage(data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888).copy()
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(qimage))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_layout.addWidget(label)
        more = f"，预览前 {len(images)} 页" if len(images) < count else ""
        self.info.setText(f"共 {count} 页{more}。每页右上角的二维码供汇总单位比对纸质版与电子版。")

    def send(self) -> None:
        if self.pdf is None:
            return
        reason = printing.send_to_printer(self.pdf)
        if reason:
            self.context.interaction.inform("打印", reason, warning=True, parent=self)
        else:
            self.context.status(f"已发送到打印机：{self.pdf.name}")

    def save(self) -> None:
        if self.pdf is None:
            return
        suggested = str(Path(self.context.folder) / self.pdf.name)
        target = self.context.interaction.save_file("导出 PDF", suggested, "PDF 文件 (*.pdf)", parent=self)
        if not target:
            return
        try:
            printing.write_print_pdf(self.context.session, self.kind.currentData(), target)
        except TransferError as exc:
            self.context.interaction.inform("导出 PDF", str(exc), warning=True, parent=self)
            return
        self.context.status(f"已导出：{target}")

    @classmethod
    def run(cls, parent: QWidget | None, context: PrintContext) -> None:
        cls(parent, context).exec()

    def done(self, result: int) -> None:  # noqa: D401 - QDialog API
        self._tmp.cleanup()
        super().done(result)


def install(context: AppContext) -> QAction:
    """Adds 文件 ▸ 打印… (Ctrl+P) before 退出."""

    def run() -> None:
        session = context.session
        if session is None:
            context.interaction.inform("打印", "请先打开项目。")
            return
        kind = PAGE_KIND.get(context.window.current_page_key(), "")  # the task of the page shown first
        print_context = PrintContext(session, str(session.path.parent), context.notifier.info, kind,
                                     context.interaction)
        context.interaction.form("打印盖章版", PrintDialog, print_context, parent=context.window.dialog_parent())

    return context.window.add_action("file", "打印…", run, name="action_print", shortcut=QKeySequence.StandardKey.Print,
                                     needs_project=True)
