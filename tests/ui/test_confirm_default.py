"""A question with a risky answer (放弃, 删除, 替换): Enter, pressed in a hurry, answers the safe way (seen in the
real-window trial: the wizard's 已填写的内容还没有保存，确定放弃吗？ had 放弃 as its default button)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from govcat_desktop.ui.dialogs import QtInteraction


def _answer_with(key: Qt.Key, seen: list[str]) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        default = box.defaultButton()
        seen.append(default.text() if default is not None else "（无默认按钮）")
        QTest.keyClick(box, key)
        if box.isVisible():  # Enter did nothing: close it so that the test fails instead of hanging
            seen.append("Enter 无反应")
            box.done(0)

    QTimer.singleShot(20, press)


def test_enter_on_a_risky_question_keeps_what_was_typed(qtbot) -> None:
    seen: list[str] = []
    _answer_with(Qt.Key.Key_Return, seen)
    assert QtInteraction().confirm("新增共享数据需求", "已填写的内容还没有保存，确定放弃吗？", yes="放弃",
                                   no="继续填写") is False
    assert seen == ["继续填写"]


def test_the_risky_answer_is_still_one_click_away(qtbot) -> None:
    def click_yes() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_yes)
            return
        [yes] = [b for b in box.buttons() if b.text() == "删除"]
        yes.click()

    QTimer.singleShot(20, click_yes)
    assert QtInteraction().confirm("删除", "删除所选的 2 条记录？", yes="删除") is True
