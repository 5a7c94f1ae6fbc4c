"""The main window's minimum height fits a 1366×768 screen with a task bar, in the CJK font the app uses.

A page's minimum height is the whole window's (the pages sit in one stack): the catalog page's matter form outside any
scroll area made the window at least 769 px high in the real app, its status bar below the bottom of a 768 px screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget

from govcat_desktop.ui.fonts import apply_cjk_font
from govcat_desktop.ui.screen import FRAME_H

TASK_BAR = 40  # Windows' task bar at 100 %
SMALLEST = 768  # 1366×768


def test_no_page_makes_the_window_taller_than_the_smallest_screen(qapp, qtbot) -> None:
    from govcat_desktop.ui.main_window import MainWindow

    old = qapp.font()
    try:
        apply_cjk_font(qapp)  # before the window is built, as app.py does (a window built earlier keeps its metrics)
        win = MainWindow()
        qtbot.addWidget(win)
        win.open_example()
        budget = SMALLEST - FRAME_H - TASK_BAR
        stack = max(win.findChildren(QStackedWidget), key=lambda s: s.count())
        pages = {f"{i}:{type(stack.widget(i)).__name__}": stack.widget(i).minimumSizeHint().height()
                 for i in range(stack.count())}
        assert win.minimumSizeHint().height() <= budget, pages  # 769 (as in the app) before the fix
        win.set_session(None)
    finally:
        qapp.setFont(old)

