"""The 问题清单 at real scale: identical findings grouped with counts, searched, sorted and filtered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from govcat_desktop.ui.issues_dock import FINDING_ROLE, IssuesDock
from govcat_desktop.validation.findings import Finding

NO_ENTRY = "该事项还没有数据资源目录：请梳理办理该事项后产生的数据并编目。"


def _findings() -> list[Finding]:
    out = [Finding("warning", "matter", f"事项{n:04d}", "", "matter-has-entries", NO_ENTRY, ("matter", n))
           for n in range(1131)]
    out.append(Finding("error", "catalog", "婚姻登记信息", "security_level", "security-required",
                       "共享类型为无条件共享时，安全级别不得为高敏感。", ("catalog", 7)))
    out.append(Finding("error", "contacts", "负责人", "name", "required", "负责人：请填写“姓名”。", ("contacts", 0)))
    return out


def test_identical_findings_are_one_row_with_their_count(qtbot, qtmodeltester):
    dock = IssuesDock()
    qtbot.addWidget(dock)
    dock.show()
    dock.set_findings(_findings())
    qtmodeltester.check(dock.model)
    assert dock.proxy.rowCount() == 3  # 1,131 warnings are one group, plus two errors
    errors_first = [dock.proxy.index(r, 0).data(FINDING_ROLE).severity for r in range(3)]
    assert errors_first == ["error", "error", "warning"]
    group = dock.proxy.index(2, 0)
    assert dock.proxy.index(2, 2).data() == "1,131 个事项"
    assert dock.proxy.rowCount(group) == 1131
    assert "1,133" not in dock.counts.text() and "2 个错误，1,131 个提醒" in dock.counts.text()


def test_search_by_text_and_pinyin_and_filter_by_rule(qtbot):
    dock = IssuesDock()
    qtbot.addWidget(dock)
    dock.set_findings(_findings())
    dock.search.setText("aqjb")  # 安全级别, by pinyin initials
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 1, timeout=2000)
    assert dock.proxy.index(0, 0).data(FINDING_ROLE).rule == "security-required"
    dock.search.setText("")
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 3, timeout=2000)
    dock.rule.setCurrentIndex(dock.rule.findData("required"))
    dock.rule.activated.emit(dock.rule.currentIndex())
    assert dock.proxy.rowCount() == 1 and dock.proxy.index(0, 0).data(FINDING_ROLE).rule == "required"
    assert dock.rule.itemText(1).startswith("该事项还没有数据资源目录（1,131）")
    dock.severity.setCurrentText("只看提醒")
    assert dock.proxy.rowCount() == 0 and dock.ok.text().startswith("✓ 在所选范围内")


def test_sort_by_column(qtbot):
    dock = IssuesDock()
    qtbot.addWidget(dock)
    dock.set_findings(_findings())
    dock.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by record: the big group sorts first by its count
    assert dock.proxy.index(0, 2).data() == "1,131 个事项"


def test_keyboard_selection_jumps_and_keeps_the_keyboard_in_the_list(qtbot):
    dock = IssuesDock()
    qtbot.addWidget(dock)
    dock.show()
    dock.set_findings(_findings())
    jumped = []
    dock.jump.connect(jumped.append)
    dock.view.setFocus()
    qtbot.waitUntil(dock.view.hasFocus, timeout=2000)
    dock.view.setCurrentIndex(dock.proxy.index(0, 0))
    qtbot.keyClick(dock.view, Qt.Key.Key_Down)
    assert jumped and jumped[-1].rule == dock.proxy.index(1, 0).data(FINDING_ROLE).rule
    assert dock.view.hasFocus()


def test_the_dock_is_one_line_high_while_nothing_is_found(qtbot):
    """A 230 px dock saying only 没有发现问题 left the 目录总表 ~6 rows at 1366×768."""
    from PySide6.QtWidgets import QMainWindow, QWidget

    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QWidget())
    dock = IssuesDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resize(1366, 728)
    window.resizeDocks([dock], [190], Qt.Orientation.Vertical)
    window.show()
    dock.set_findings([])
    qtbot.wait(20)
    assert dock.height() <= 80 and not dock.search.isVisible()
    dock.set_findings(_findings())
    qtbot.wait(20)
    assert 120 <= dock.height() <= 200 and dock.search.isVisible()
