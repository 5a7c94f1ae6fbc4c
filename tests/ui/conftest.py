"""Fixtures for the GUI tests: a main window with a project, and Chinese typing that avoids keyClicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests import factories


def type_text(widget, text: str) -> None:
    """Type text one character at a time (qtbot.keyClicks aborts on non-ASCII). Key events carrying the character as
    text: QTest.sendKeyEvent with a one-character str picks its `char` overload on PySide6 6.9, which typed the first
    UTF-8 byte of each Chinese character (结 → å)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


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
