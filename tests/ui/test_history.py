"""Edit ▸ 撤销/重做 in the window go through the workspace's command history (the one the CLI uses too)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest

from govcat_desktop.services.commands import UpdateEntry
from govcat_desktop.storage import ProjectFile
from govcat_desktop.ui import grid as grid_ext
from govcat_desktop.ui.grid.model import KEYS
from govcat_desktop.ui.widgets import VocabCombo
from tests.fault.fs import FullDisk
from tests.ui.conftest import type_text


def _actions(window) -> tuple[QAction, QAction]:
    return window.findChild(QAction, "action_undo"), window.findChild(QAction, "action_redo")


def test_a_cell_edit_then_ctrl_z_goes_through_the_workspace_history(qtbot, opened):
    window = opened
    undo, redo = _actions(window)
    history = window.workspace.history
    assert window.history is history and not history.can_undo
    assert (undo.isEnabled(), undo.text(), redo.isEnabled(), redo.text()) == (False, "撤销", False, "重做")
    page = grid_ext.install(window.context)
    page.set_session()
    window.show_page("grid")
    page.view.setFocus()
    entry_id = page.model.rows[0]
    page.view.setCurrentIndex(page.proxy.index(0, KEYS.index("network")))
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    editor = QGuiApplication.focusObject()
    line = (editor if isinstance(editor, VocabCombo) else editor.parent()).lineEdit()
    line.selectAll()
    type_text(line, "互联网")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert window.session.entries[entry_id][1].network == "互联网"
    command = history.undo_command
    assert isinstance(command, UpdateEntry) and command.new.network == "互联网"  # the window's edit is in it
    assert (undo.isEnabled(), undo.text()) == (True, "撤销 修改“结婚证”的网络环境")

    QTest.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.entries[entry_id][1].network == "政务外网"  # the record is back …
    with ProjectFile.open(window.session.path, readonly=True, make_backup=False) as reader:
        assert [e.network for m in reader.load().matters for e in m.entries if e.id == entry_id] == ["政务外网"]
    assert history.redo_command is command and not history.can_undo  # … by the history's own undo
    assert (undo.isEnabled(), undo.text()) == (False, "撤销")
    assert (redo.isEnabled(), redo.text()) == (True, "重做 修改“结婚证”的网络环境")

    redo.trigger()
    assert window.session.entries[entry_id][1].network == "互联网"
    assert undo.text() == "撤销 修改“结婚证”的网络环境" and not redo.isEnabled()



def test_an_undo_that_cannot_be_written_says_so_in_chinese(qtbot, opened, monkeypatch):
    window = opened
    undo, _redo = _actions(window)
    said: list[str] = []
    monkeypatch.setattr(window.notifier, "warning", said.append)
    session = window.session
    entry = session.project.matters[0].entries[0]
    assert window.push(UpdateEntry(entry, entry.model_copy(update={"summary": "新的摘要"}), text="修改摘要"))
    assert undo.text() == "撤销 修改摘要"
    real = session.store.conn
    session.store.conn = FullDisk(real)
    try:
        undo.trigger()
    finally:
        session.store.conn = real
    assert said and said[-1].startswith("修改没有保存：") and "磁盘空间已满" in said[-1]
    assert session.entries[entry.id][1].summary == "新的摘要"  # what the file holds: the undo did not happen
    with ProjectFile.open(session.path, readonly=True, make_backup=False) as reader:
        assert reader.load().matters[0].entries[0].summary == "新的摘要"
    # The file is reloaded and the history keeps the step: once the disk has room, the same undo works.
    assert window.history.can_undo and not window.history.can_redo
    assert (undo.isEnabled(), undo.text()) == (True, "撤销 修改摘要")
    undo.trigger()
    assert session.entries[entry.id][1].summary == entry.summary
    with ProjectFile.open(session.path, readonly=True, make_backup=False) as reader:
        assert reader.load().matters[0].entries[0].summary == entry.summary
    assert window.push(UpdateEntry(session.entries[entry.id][1], entry.model_copy(update={"summary": "再改"}),
                                   text="改回摘要"))  # editing goes on
    assert undo.text() == "撤销 改回摘要"


def test_a_command_a_rule_refuses_is_said_in_chinese_and_not_kept(qtbot, opened, monkeypatch):
    from dataclasses import dataclass

    from govcat_desktop.services.commands import Command
    from govcat_desktop.services.rules import Refused

    @dataclass
    class Forbidden(Command):
        text: str = "不允许的修改"

        def do(self, session) -> None:
            raise Refused("退回时请写明审核意见。")

        def undo(self, session) -> None:
            raise AssertionError("never done, never undone")

    window = opened
    said: list[str] = []
    monkeypatch.setattr(window.notifier, "warning", said.append)
    assert window.push(Forbidden()) is False
    assert said == ["退回时请写明审核意见。"]
    assert not window.history.can_undo and _actions(window)[0].text() == "撤销"
