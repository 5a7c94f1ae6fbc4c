"""The journey harness, part two: every menu item and every button of both roles, pressed in a hurried clerk's order,
and every dialog they open really opened and walked.

A watchdog looks for modal dialogs however they are opened (through the Interaction's `form` or a page's own
`exec`); each one is walked like a clerk in a hurry would: every combo box switched through all its values, a few
characters typed into every text field at 80–400 ms a key, Esc pressed on every step (a wizard with something typed
asks first: the walker answers 继续填写 and goes on with 下一步), and closed at the end. Questions (confirm, choose,
note, file choosers) take the headless safe answer. The test fails on any exception that reaches Qt (what a user sees
as 程序出错), on a window or dialog off the screen, and on a dialog that the walk cannot close.

Runs offscreen with the suite; .ci/run runs it again under Xvfb with the real X11 plugin (xcb) at 1366×768.
GOVCAT_JOURNEY_LOG=FILE appends what it visited.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QDialog, QLineEdit,
                               QPlainTextEdit, QPushButton, QTextEdit, QWizard)

from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.example import materialise_example
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.storage import ProjectFile
from tests.bureau import conftest as city_data
from tests.ui.test_journey_harness import _on_screen

TYPED = ("gsbx", "测试", "hy", "2026")
# Menu items left out of the walk, and why: 退出 and 关闭项目 end the journey (done last, once); 打开示例项目 would
# replace the project under test (the unit walk starts from it anyway).
LAST = ("action_close", "action_quit", "action_example")


@dataclass
class Walker(Interaction):
    """The headless Interaction (safe answers), except that forms are really shown (as ui.dialogs.QtInteraction
    does) so that the watchdog walks them."""

    qtbot: Any = None
    rng: random.Random = field(default_factory=lambda: random.Random(25))
    log: list[str] = field(default_factory=list)
    walking: set[int] = field(default_factory=set)
    # The dialogs walked, kept alive: a dialog's id() is reused by the next one once it is collected, and a new dialog
    # taken for one already walked was never walked nor closed — the bureau run hung on 项目设置 under CI's X server.
    walked: list[QDialog] = field(default_factory=list)
    closing: bool = False  # the answer to a wizard's 放弃? question: no while walking, yes to close it at the end
    failures: list[str] = field(default_factory=list)

    def confirm(self, title: str, text: str, *, yes: str = "确定", no: str = "取消", parent: Any = None) -> bool:
        if "放弃" in text or "放弃" in yes:
            self.asked.append((title, text))
            return self.closing
        return super().confirm(title, text, yes=yes, no=no, parent=parent)

    def form(self, title: str, dialog: Any, *args: Any, text: str = "", default: Any = None,
             parent: Any = None) -> Any:
        self.asked.append((title, text))
        return dialog.run(parent, *args)

    # ----- the watchdog and the walk ----------------------------------------------------
    def start(self) -> QTimer:
        timer = QTimer()
        timer.setInterval(30)
        timer.timeout.connect(self._look)
        timer.start()
        return timer

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and id(dialog) not in self.walking and dialog.isVisible():
            self.walking.add(id(dialog))
            self.walked.append(dialog)
            steps = self._walk(dialog)
            self._tick(dialog, steps)

    def _tick(self, dialog: QDialog, steps: Iterator[int]) -> None:
        if not shiboken6.isValid(dialog):  # a progress dialog the app deleted when its task ended, between two steps
            self.log.append("    the app closed it (its task ended)")
            return
        try:
            delay = next(steps)
        except StopIteration:
            return
        except BaseException:
            self.failures.append(f"walk of {dialog.windowTitle()} raised")
            dialog.done(0)
            raise
        QTimer.singleShot(delay, lambda: self._tick(dialog, steps))

    def _walk(self, dialog: QDialog) -> Iterator[int]:
        title = dialog.windowTitle() or type(dialog).__name__
        self.log.append(f"  dialog {type(dialog).__name__} 「{title}」")
        if not _on_screen(dialog):
            self.failures.append(f"dialog off the screen: {title} {dialog.frameGeometry()}")
        self.closing = False
        for step in range(12):
            if not dialog.isVisible():
                return
            yield from self._visit(dialog, title, step)
            if not dialog.isVisible():
                return
            QTest.keyClick(dialog, Qt.Key.Key_Escape)  # Esc on every step
            yield 30
            if not dialog.isVisible():
                self.log.append(f"    Esc closed it on step {step + 1}")
                return
            if isinstance(dialog, QWizard) and dialog.currentId() != -1 and not dialog.currentPage().isFinalPage() \
                    and dialog.button(QWizard.WizardButton.NextButton).isEnabled():
                dialog.next()
                yield 30
                continue
            break
        self.closing = True
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        yield 30
        if dialog.isVisible():
            dialog.reject()
            yield 30
        if dialog.isVisible():
            self.failures.append(f"the walk could not close 「{title}」")
            dialog.done(0)
        self.closing = False

    def _visit(self, dialog: QDialog, title: str, step: int) -> Iterator[int]:
        page = dialog.currentPage() if isinstance(dialog, QWizard) else dialog
        if page is None:
            return
        combos = [c for c in page.findChildren(QComboBox) if c.isVisibleTo(dialog) and c.isEnabled()]
        for combo in combos:
            start = combo.currentIndex()
            for index in range(combo.count()):
                if not dialog.isVisible():
                    return
                combo.setCurrentIndex(index)
                combo.activated.emit(index)
                yield 1
            if dialog.isVisible():
                combo.setCurrentIndex(start)
                combo.activated.emit(start)
        fields = [f for f in page.findChildren(QLineEdit)
                  if f.isVisibleTo(dialog) and f.isEnabled() and not f.isReadOnly() and f.parent() not in combos]
        for edit in fields[:4]:
            if not dialog.isVisible():
                return
            edit.setFocus()
            for ch in self.rng.choice(TYPED):
                if not dialog.isVisible():
                    return
                _key(QApplication.activePopupWidget() or QApplication.focusWidget() or edit, ch)
                yield self.rng.randint(80, 400)
        texts = [t for kind in (QPlainTextEdit, QTextEdit) for t in page.findChildren(kind)
                 if t.isVisibleTo(dialog) and t.isEnabled() and not t.isReadOnly()]
        for text in texts[:2]:
            text.setFocus()
            for ch in "测试":
                _key(text, ch)
                yield 20
        self.log.append(f"    step {step + 1}: {len(combos)} combos, {len(fields)} fields, {len(texts)} texts")


def _key(target, ch: str) -> None:
    """One key as a clerk sends it: ASCII as a key press, Chinese as an input method's commit (as a pinyin IME does)."""
    if ch.isascii():
        QTest.keyClick(target, ch)
    else:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(target, event)


def _actions(window) -> list[QAction]:
    found: list[QAction] = []

    def walk(menu) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())
            elif not action.isSeparator() and action.isVisible() and action.isEnabled() and action.text():
                found.append(action)

    for menu in window.menus.values():
        walk(menu)
    return found


def _settle(qtbot, walker: Walker, ms: int = 60) -> None:
    qtbot.wait(ms)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=60_000)


def _press_everything(qtbot, window, walker: Walker, label: str) -> None:
    """Every menu item, then every button of every page (nothing selected, then the first row selected), shuffled."""
    actions = [a for a in _actions(window) if a.objectName() not in LAST]
    walker.rng.shuffle(actions)
    for action in actions:
        if not action.isEnabled() or not action.isVisible():
            continue
        walker.log.append(f"{label}: menu {action.text()}")
        action.trigger()
        _settle(qtbot, walker)
        assert _on_screen(window), action.text()
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        if item.isHidden():
            continue
        key = item.data(0x0100)
        for selected in (False, True):
            page = window.show_page(key)
            qtbot.wait(20)
            if selected:
                for view in page.findChildren(QAbstractItemView):
                    if view.isVisibleTo(page) and view.model() is not None and view.model().rowCount() > 0:
                        view.setCurrentIndex(view.model().index(0, 0))
            buttons = [b for b in page.findChildren(QAbstractButton)
                       if isinstance(b, QPushButton) and b.isVisibleTo(page) and b.isEnabled() and b.text()]
            walker.rng.shuffle(buttons)
            for button in buttons:
                if window.current_page_key() != key or not button.isVisible() or not button.isEnabled():
                    continue
                walker.log.append(f"{label}: page {key} {'(a row selected) ' if selected else ''}button {button.text()}")
                button.click()
                _settle(qtbot, walker)
                assert _on_screen(window), f"{key} {button.text()}"


@pytest.fixture
def walker(qtbot):
    walker = Walker(qtbot=qtbot)
    timer = walker.start()
    yield walker
    timer.stop()
    if os.environ.get("GOVCAT_JOURNEY_LOG"):
        with Path(os.environ["GOVCAT_JOURNEY_LOG"]).open("a", encoding="utf-8") as out:
            out.write("\n".join(walker.log) + "\n")


def _window(qtbot, walker: Walker):
    from govcat_desktop.ui.main_window import MainWindow

    window = MainWindow(interaction=walker)
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry()
    window.resize(min(1366, screen.width()), min(728, screen.height()))
    window.move(screen.topLeft())
    window.show()
    return window


def _finish(qtbot, window, walker: Walker) -> None:
    window.findChild(QAction, "action_close").trigger()
    _settle(qtbot, walker)
    assert window.session is None
    assert not walker.failures, walker.failures
    dialogs = [line for line in walker.log if line.startswith("  dialog")]
    walker.log.append(f"-- {len(dialogs)} dialogs walked, {sum('menu' in line for line in walker.log)} menu items, "
                      f"{sum('button' in line for line in walker.log)} buttons")


def test_unit_role_every_menu_item_button_and_dialog(qtbot, walker: Walker, tmp_path: Path) -> None:
    window = _window(qtbot, walker)
    assert window.open_project(materialise_example(tmp_path))
    _press_everything(qtbot, window, walker, "unit")
    walked = {line.split("「")[1].rstrip("」") for line in walker.log if line.startswith("  dialog")}
    # The dialogs a unit meets from the menus: the wizards, export, print, settings (could fail if a menu item stopped
    # opening its dialog, or opened it without the walk seeing it).
    assert any("打印" in w for w in walked) and any("导出" in w for w in walked), walked
    assert any("向导" in w or "梳理" in w for w in walked), walked
    _finish(qtbot, window, walker)


def test_bureau_role_every_menu_item_button_and_dialog(qtbot, walker: Walker, tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    units = [city_data.F.write_project(folder / f"{key}.govcat", make()) for key, make in city_data.UNITS.items()]
    path = tmp_path / "阳泉市大数据局.govcat"
    store = ProjectFile.create(path, city_data.bureau_info())
    try:
        merge(store, units[:3])
    finally:
        store.close()
    walker.answers["选择各单位报送的文件"] = [str(units[3])]  # 汇总…: the fourth unit comes in during the walk
    window = _window(qtbot, walker)
    assert window.open_project(path)
    assert not window.nav.item(
        [window.nav.item(r).data(0x0100) for r in range(window.nav.count())].index("bureau")).isHidden()
    _press_everything(qtbot, window, walker, "bureau")
    assert any("bureau: page bureau" in line for line in walker.log)
    _finish(qtbot, window, walker)
