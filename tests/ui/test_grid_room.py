"""目录总表 at the smallest screen (issue 25 item 10): with an entry selected, the table of entries and its items both
keep room — the items pane's hint and paste result do not take lines of their own in the grid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from govcat_desktop.services.example import materialise_example


def _rows_shown(view) -> float:
    return view.viewport().height() / max(1, view.verticalHeader().defaultSectionSize())


def test_the_grid_shows_nine_entry_rows_and_four_item_rows_at_1366x768(win, tmp_path: Path) -> None:
    assert win.open_project(materialise_example(tmp_path))
    win.showMaximized()
    win.resize(1366, 768)
    page = win.show_page("grid")
    page.view.selectRow(0)
    QApplication.processEvents()
    assert page.items.model.rowCount() > 4  # the example's first entry has more items than fit
    assert _rows_shown(page.view) >= 8.5, _rows_shown(page.view)
    assert _rows_shown(page.items.view) >= 3.5, _rows_shown(page.items.view)
    # the hint is in the tooltips, not a label of two lines
    assert "从 Excel 粘贴" in page.items.view.toolTip()
    assert not [w for w in page.items.findChildren(QLabel) if w.objectName() == "items_hint"]


def test_the_wizard_keeps_its_hint_line(qtbot) -> None:
    from govcat_desktop.formspec import default_forms
    from govcat_desktop.ui.items_editor import ItemsEditor

    forms = default_forms()
    editor = ItemsEditor(forms["item"], forms.vocab("data_type"))
    qtbot.addWidget(editor)
    [hint] = [w for w in editor.findChildren(QLabel) if w.objectName() == "items_hint"]
    assert hint.text() == ItemsEditor.HINT
