"""Pinyin search in the matter pickers at human typing speed: 150–400 ms between keys keeps every letter.

Keys go where a real keyboard's go: to the open popup (the completer's list) when there is one, else to the widget
with the focus — QTest.keyClick on the line edit itself skips the popup and hid the defect.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from govcat_desktop.services.transfer import preview_import
from tests import factories

DATA = Path(__file__).resolve().parent.parent / "data" / "zwfw_guangan_matters.csv"
WAITS = (150, 400, 220, 310, 180)


def type_like_a_clerk(qtbot, text: str, waits=WAITS) -> None:
    for n, ch in enumerate(text):
        target = QApplication.activePopupWidget() or QApplication.focusWidget()
        assert target is not None
        QTest.keyClick(target, ch)
        qtbot.wait(waits[n % len(waits)])


@pytest.fixture
def big(window, tmp_path):
    project = factories.valid_project()
    project.info.org_name = "阳泉市人力资源和社会保障局"
    assert window.open_project(factories.write_project(tmp_path / "人社.govcat", project))
    preview = preview_import(window.session, [DATA], depts=["区人社局"])
    assert window.push(preview.command)
    return window


def test_matter_wizard_step_one_keeps_gsbx(qtbot, big):
    from govcat_desktop.ui.matter_wizard import MatterWizard

    wizard = MatterWizard(big.context)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    combo = wizard.choose.combo
    combo.lineEdit().setFocus()
    qtbot.waitUntil(combo.lineEdit().hasFocus, timeout=2000)
    type_like_a_clerk(qtbot, "gsbx")
    assert combo.lineEdit().text() == "gsbx"
    offered = combo.pinyin.matching()
    assert offered and all("工伤保险" in label for label in offered), offered[:3]
    wizard.reject()


def test_demand_wizard_matter_keeps_gsbx(qtbot, big):
    from govcat_desktop.ui.records_page import DemandWizard
    from govcat_desktop.ui.widgets import VocabCombo

    wizard = DemandWizard(big.context)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    combo = next(c for c in wizard.findChildren(VocabCombo) if c.objectName() == "matter_code")
    page = next(p for p in wizard.field_pages.values() if "matter_code" in p.view.rows)
    while wizard.currentPage() is not page:
        wizard.next()
    combo.lineEdit().setFocus()
    qtbot.waitUntil(combo.lineEdit().hasFocus, timeout=2000)
    type_like_a_clerk(qtbot, "gsbx")
    assert combo.lineEdit().text() == "gsbx"
    wizard.reject()
