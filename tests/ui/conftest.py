"""Fixtures for the GUI tests: a main window with a project, and Chinese typing that avoids keyClicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests import factories


def type_text(widget, text: str) -> None:
    """Type text one character at a time (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def press(widget, key) -> None:
    QTest.keyClick(widget, key)


@pytest.fixture
def window(qtbot):
    from govcat_desktop.ui.main_window import MainWindow

    win = MainWindow(install_extensions=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    if win.session is not None:
        win.set_session(None)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return factories.write_project(tmp_path / "民政局.govcat", factories.valid_project())


@pytest.fixture
def opened(window, project_path):
    assert window.open_project(project_path)
    return window
