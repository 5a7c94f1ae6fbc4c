"""Import scope in the real preview dialog: 导入 imports what the ticks say (without 重新预览 first), a department is
guessed from a long unit name (阳泉市人力资源和社会保障局 → 区人社局), nothing is imported blindly, and the choice is
remembered for the next import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from govcat_desktop.ui import exchange_actions
from govcat_desktop.ui.exchange_actions import PreviewDialog
from tests import factories

DATA = Path(__file__).resolve().parent.parent / "data" / "zwfw_guangan_matters.csv"
USER = Qt.ItemDataRole.UserRole


def _tick(dialog: PreviewDialog, dept: str, on: bool = True) -> None:
    for r in range(dialog.scope_list.count()):
        item = dialog.scope_list.item(r)
        if item.data(USER) == dept:
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _ticked(dialog: PreviewDialog) -> list[str]:
    return [dialog.scope_list.item(r).data(USER) for r in range(dialog.scope_list.count())
            if dialog.scope_list.item(r).checkState() == Qt.CheckState.Checked]


@pytest.fixture
def renshe(window, tmp_path, monkeypatch):
    project = factories.valid_project()
    project.info.org_name = "阳泉市人力资源和社会保障局"
    assert window.open_project(factories.write_project(tmp_path / "人社.govcat", project))
    window.interaction.answers["导入事项清单：指定各列"] = lambda table: table.mapping
    return window, exchange_actions.install(window.context)


def _drive(window, steps):
    """The clerk's steps on the preview dialog (one callable per dialog shown), answered through the Interaction."""
    seen: list[PreviewDialog] = []
    queue = iter(steps)

    def answer(preview, guessed):
        dialog = PreviewDialog(window, preview, guessed=guessed)
        seen.append(dialog)
        next(queue)(dialog)
        return dialog.answer(dialog.result())

    window.interaction.answers["导入预览"] = answer
    return seen


def test_import_pressed_after_changing_the_ticks_imports_the_ticks(renshe, monkeypatch):
    window, actions = renshe

    def add_canlian_and_import(dialog: PreviewDialog) -> None:
        assert _ticked(dialog) == ["区人社局"] and not dialog.scope_all.isChecked()  # guessed from the long name
        _tick(dialog, "区残联")
        assert "区人社局、区残联 的 157 个事项" in dialog.scope_effect.text()
        dialog.findChild(QPushButton, "import_button").click()  # no 按所选部门重新预览 first

    seen = _drive(window, [add_canlian_and_import])
    assert actions.import_files([str(DATA)])
    assert len(seen) == 1
    depts = sorted({m.dept for m in window.session.project.matters[1:]})  # [0]: the project's own matter
    assert depts == ["区人社局", "区残联"] and len(window.session.project.matters) == 1 + 144 + 13
    assert window.session.project.info.matter_depts == ["区人社局", "区残联"]

    def remembered(dialog: PreviewDialog) -> None:
        assert sorted(_ticked(dialog)) == ["区人社局", "区残联"]
        dialog.reject()

    _drive(window, [remembered])
    assert not actions.import_files([str(DATA)])


def test_nothing_guessed_waits_for_a_tick_and_enter_does_not_import(window, tmp_path, monkeypatch):
    project = factories.valid_project()
    project.info.org_name = "阳泉市大数据应用局"
    assert window.open_project(factories.write_project(tmp_path / "大数据.govcat", project))
    window.interaction.answers["导入事项清单：指定各列"] = lambda table: table.mapping
    actions = exchange_actions.install(window.context)

    def look(dialog: PreviewDialog) -> None:
        ok = dialog.findChild(QPushButton, "import_button")
        assert not dialog.scope_all.isChecked() and _ticked(dialog) == []
        assert not ok.isEnabled() and not ok.isDefault() and dialog.rescope_button.isDefault()
        _tick(dialog, "区统计局")
        assert ok.isEnabled()
        ok.click()

    _drive(window, [look])
    assert actions.import_files([str(DATA)])
    assert [m.dept for m in window.session.project.matters[1:]] == ["区统计局"]
