"""Screen fit: every window's first size comes from the available screen, never from its content's width.

The smallest screen designed for is 1366×768 (the national platform's floor); at 125 % / 150 % scaling a
1920×1080 screen offers 1536×864 / 1280×720 logical pixels, so a window may also have to be smaller.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_W = 16  # a window manager's borders around a top-level window
FRAME_H = 44  # its title bar and bottom border
MIN_CONTENTS_CHARS = 24  # a combo box over long names is this many characters wide, not as wide as its longest item


def available(widget: QWidget | None = None) -> QRect:
    """The available geometry (without task bars) of the widget's screen, or of the primary screen."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fit_size(widget: QWidget, width: int, height: int, *, share: float = 1.0) -> tuple[int, int]:
    """The wanted size, made to fit (with its frame) into `share` of the available screen."""
    area = available(widget)
    max_w = int(area.width() * share) - FRAME_W
    max_h = int(area.height() * share) - FRAME_H
    return max(200, min(width, max_w)), max(160, min(height, max_h))


def fit_window(widget: QWidget, width: int, height: int, *, share: float = 1.0) -> None:
    """Resize a top-level window to the wanted size, within the screen, and cap its maximum size there."""
    w, h = fit_size(widget, width, height, share=share)
    area = available(widget)
    widget.setMaximumSize(area.width() - FRAME_W // 2, area.height() - FRAME_H // 2)
    if widget.minimumWidth() > w or widget.minimumHeight() > h:
        widget.setMinimumSize(min(widget.minimumWidth(), w), min(widget.minimumHeight(), h))
    widget.resize(w, h)


def center_on(widget: QWidget) -> None:
    """Move a window so that its frame lies on the available screen (centred over its parent if any)."""
    area = available(widget)
    parent = widget.parentWidget()
    frame = widget.frameGeometry()
    center = parent.window().frameGeometry().center() if parent is not None else area.center()
    x = center.x() - frame.width() // 2
    y = center.y() - frame.height() // 2
    x = max(area.left(), min(x, area.right() - frame.width() + 1))
    y = max(area.top(), min(y, area.bottom() - frame.height() + 1))
    widget.move(x, y)


def clamp_to_screen(widget: QWidget) -> None:
    """After a restored geometry: shrink and move the window back onto the available screen."""
    area = available(widget)
    w, h = fit_size(widget, widget.width(), widget.height())
    if (w, h) != (widget.width(), widget.height()):
        widget.resize(w, h)
    frame = widget.frameGeometry()
    x = max(area.left(), min(frame.x(), area.right() - frame.width() + 1))
    y = max(area.top(), min(frame.y(), area.bottom() - frame.height() + 1))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


def within(rect: QRect, area: QRect) -> bool:
    """True when rect lies inside area (tests assert every window's frame is on the screen)."""
    return area.contains(rect.topLeft()) and area.contains(rect.bottomRight())


class ScreenGuard:
    """An application-wide event filter: every top-level window that is shown is kept on the available screen.

    Covers Qt's own dialogs (file dialogs, message boxes) as well as govcat's, whatever their content asks for.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        class _Filter(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
                if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
                    flags = obj.windowFlags()
                    from PySide6.QtCore import Qt

                    kind = flags & Qt.WindowType.WindowType_Mask
                    if kind in (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet):
                        clamp_to_screen(obj)
                return False

        self.filter = _Filter()

    def install(self, app) -> None:
        app.installEventFilter(self.filter)


_guard: ScreenGuard | None = None


def install_screen_guard(app) -> None:
    """Install the guard once per process (app.py, and the GUI tests that check window frames)."""
    global _guard
    if _guard is None:
        _guard = ScreenGuard()
        _guard.install(app)
