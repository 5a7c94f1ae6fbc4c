"""The bureau page's bar charts (figures per dimension of the received catalogs), drawn with QPainter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

BAR = QColor("#4472c4")


class BarChart(QWidget):
    """Horizontal bars with values, drawn with QPainter (QtCharts is not in PySide6-Essentials)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.data: list[tuple[str, int]] = []
        self.setObjectName("chart_" + title)
        self.setAccessibleName(title)
        self.setMinimumSize(360, 200)

    def set_data(self, data: list[tuple[str, int]]) -> None:
        self.data = list(data)
        self.setMinimumHeight(60 + 24 * max(len(self.data), 3))
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(8, 4, self.width() - 16, 24), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.title)
        p.setFont(self.font())
        if not self.data:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "（暂无数据）")
            return
        label_w = min(170.0, max(p.fontMetrics().horizontalAdvance(k) for k, _ in self.data) + 12.0)
        top, row_h = 34.0, 24.0
        span = max(self.width() - label_w - 60.0, 40.0)
        peak = max(v for _, v in self.data) or 1
        for i, (key, value) in enumerate(self.data):
            y = top + i * row_h
            p.setPen(QColor("#333333"))
            p.drawText(QRectF(4, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(key, Qt.TextElideMode.ElideMiddle, int(label_w - 8)))
            width = span * value / peak
            p.fillRect(QRectF(label_w, y + 4, max(width, 1.0), row_h - 8), BAR)
            p.drawText(QRectF(label_w + width + 4, y, 56, row_h), Qt.AlignmentFlag.AlignVCenter, str(value))
