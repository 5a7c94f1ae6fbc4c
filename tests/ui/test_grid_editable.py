"""The 目录总表 takes edits again when a writable project follows a read-only one in the same window."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from govcat_desktop.ui.grid.model import KEYS
from tests import factories


def test_a_writable_project_after_a_read_only_one_is_editable_in_the_grid(qtbot, win, tmp_path):
    window = win
    path = factories.write_project(tmp_path / "民政局.govcat", factories.valid_project())
    copy = shutil.copy(path, tmp_path / "副本.govcat")
    assert window.open_project(path)
    page = window.show_page("grid")
    typed = page.view.editTriggers()
    assert typed != page.view.EditTrigger.NoEditTriggers
    window.set_session(None)
    assert window.open_project(path, readonly=True)
    assert window.show_page("grid").view.editTriggers() == page.view.EditTrigger.NoEditTriggers
    window.set_session(None)
    assert window.open_project(copy)  # was: still no edit triggers — typing or double-clicking a cell did nothing
    page = window.show_page("grid")
    assert page.view.editTriggers() == typed and page.view.frozen.editTriggers() == typed
    page.view.setCurrentIndex(page.proxy.index(0, KEYS.index("summary")))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    assert page.view.state() == page.view.State.EditingState
