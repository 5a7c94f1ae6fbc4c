"""A journey harness (partial, the unit role): every page of the example project, every enabled combo box on it
switched through all its values, every search field typed into at 80–400 ms a key (letters to the popup or the
focus, as a keyboard sends them), the print preview through all its tasks in a hurried order. It fails on any
exception reaching Qt (what would be 程序出错) and on a window off the screen; it logs what it visited.

Questions go through a headless Interaction (the safe answer), so no modal dialog waits for a person.
Runs offscreen in CI; `QT_QPA_PLATFORM=xcb` under Xvfb shows it. GOVCAT_JOURNEY_LOG=FILE keeps the log.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from govcat_desktop.services.example import materialise_example
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.ui.widgets import SearchField

QUERIES = ("gsbx", "hy", "dj")


def _type(qtbot, widget, text: str, rng: random.Random) -> None:
    widget.setFocus()
    for ch in text:
        target = QApplication.activePopupWidget() or QApplication.focusWidget() or widget
        QTest.keyClick(target, ch)
        qtbot.wait(rng.randint(80, 400))


def _on_screen(window) -> bool:
    """The frame lies on the screen (checked on a screen of 1024 px or more: the offscreen platform's own screen is
    800 px wide, narrower than the main window's minimum of about 950 px)."""
    screen = window.screen().availableGeometry()
    if screen.width() < 1024:
        return True
    frame = window.frameGeometry()
    return screen.contains(frame.topLeft()) and frame.width() <= screen.width() + 2


def test_unit_pages_combos_and_searches(qtbot, tmp_path: Path) -> None:
    from govcat_desktop.ui import print_view
    from govcat_desktop.ui.main_window import MainWindow

    rng = random.Random(25)
    log: list[str] = []
    window = MainWindow(interaction=Interaction())  # headless: every question takes its safe answer
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry()  # 1366×768 under Xvfb; offscreen's own screen otherwise
    window.resize(min(1366, screen.width()), min(728, screen.height()))
    window.move(screen.topLeft())
    window.show()
    assert window.open_project(materialise_example(tmp_path))
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        if item.isHidden():
            continue
        key = item.data(0x0100)
        page = window.show_page(key)
        qtbot.wait(20)
        combos = [c for c in page.findChildren(QComboBox) if c.isVisibleTo(page) and c.isEnabled()]
        for combo in combos:
            start = combo.currentIndex()
            for index in range(combo.count()):
                combo.setCurrentIndex(index)
                combo.activated.emit(index)
                qtbot.wait(1)
            combo.setCurrentIndex(start)
            combo.activated.emit(start)
            log.append(f"{key}: combo {combo.objectName() or combo.accessibleName() or '?'} × {combo.count()}")
        searches = [s for s in page.findChildren(QLineEdit) if isinstance(s, SearchField) and s.isVisibleTo(page)]
        for search in searches:
            _type(qtbot, search, rng.choice(QUERIES), rng)
            search.filter_now()
            search.clear()
            search.filter_now()
            log.append(f"{key}: typed into {search.objectName()}")
        assert _on_screen(window), key
        log.append(f"page {key}: {len(combos)} combos, {len(searches)} searches")
    # 文件 ▸ 打印… through every task, back and forth (the order a hurried clerk takes).
    dialog = print_view.PrintDialog(window, print_view.PrintContext(window.session, str(tmp_path), lambda _t: None))
    qtbot.addWidget(dialog)
    dialog.show()
    order = list(range(dialog.kind.count()))
    for index in order + order[::-1] + [rng.randrange(dialog.kind.count()) for _ in range(3)]:
        dialog.kind.setCurrentIndex(index)
        qtbot.wait(1)
        log.append(f"print: {dialog.kind.currentText()} — {dialog.info.text()[:8]}")
    assert _on_screen(dialog)
    dialog.reject()
    window.set_session(None)
    if os.environ.get("GOVCAT_JOURNEY_LOG"):
        Path(os.environ["GOVCAT_JOURNEY_LOG"]).write_text("\n".join(log) + "\n", encoding="utf-8")
    assert any(line.startswith("page catalog") for line in log) and any(line.startswith("print:") for line in log)
