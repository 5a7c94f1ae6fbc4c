"""The catalog page's 建议资源代码 button (one undoable edit) and the review table's 审核期限 column."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from govcat_desktop.domain.models import Review
from tests import factories


def test_propose_codes_button_writes_codes_and_undoes(qtbot, window, tmp_path, monkeypatch):
    p = factories.valid_project()
    p.info.dept_code = "012"
    for e in p.matters[0].entries:
        e.res_class = "3"
    path = factories.write_project(tmp_path / "u.govcat", p)
    assert window.open_project(path)
    said = []
    monkeypatch.setattr(window.notifier, "info", said.append)
    button = window.findChild(QPushButton, "propose_codes")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    codes = [e.resource_code for m in window.session.project.matters for e in m.entries]
    assert codes and all(c.startswith("307012/") for c in codes)
    assert "建议信息资源代码" in said[-1]
    window.undo()
    assert all(not e.resource_code for m in window.session.project.matters for e in m.entries)


def test_review_table_shows_due_date(window, tmp_path):
    p = factories.valid_project()
    p.reviews = [Review(requester="阳泉市公安局", data_name="结婚证", received_date="2026-09-24")]
    path = factories.write_project(tmp_path / "u.govcat", p)
    assert window.open_project(path)
    from govcat_desktop.ui.records_page import RecordsPage

    reviews = next(w for w in window.findChildren(RecordsPage) if w.kind == "review")
    model = reviews.model
    col = [k for k, _ in model.columns].index("due")
    text = model.data(model.index(0, col))
    tip = model.data(model.index(0, col), Qt.ItemDataRole.ToolTipRole)
    # 结婚证 is 有条件共享: 5 working days after Thu 24 Sep, skipping 中秋 (25–27 Sep) and 国庆 (1–7 Oct)
    assert text.startswith("2026-10-09 ") and tip.startswith("审核期限：2026-10-09前（有条件共享，5个工作日；")
    assert ("已逾期" in text) == (dt.date.today() > dt.date(2026, 10, 9))


def test_format_type_choices_follow_the_format_class(window, tmp_path):
    from govcat_desktop.ui.catalog_page import CatalogPage

    path = factories.write_project(tmp_path / "u.govcat", factories.valid_project())
    assert window.open_project(path)
    page = window.findChild(CatalogPage)
    entry = window.session.project.matters[0].entries[0]
    assert page.select("catalog", entry.id)
    fmt, sub = page.entry_form.editor("resource_format"), page.entry_form.editor("resource_subformat")
    fmt.setCurrentIndex(fmt.findText("数据库"))
    fmt.activated.emit(fmt.currentIndex())
    items = [sub.itemText(i) for i in range(sub.count())]
    assert "Oracle" in items and "OFD" not in items
    fmt.setCurrentIndex(fmt.findText("电子文件"))
    fmt.activated.emit(fmt.currentIndex())
    items = [sub.itemText(i) for i in range(sub.count())]
    assert "OFD" in items and "Oracle" not in items
    sub.setEditText("自定义格式")  # an open list: what is typed is kept
    sub.lineEdit().editingFinished.emit()
    assert window.session.entries[entry.id][1].resource_subformat == "自定义格式"


def test_file_menu_writes_the_registration_sheet(opened, tmp_path, monkeypatch):
    from govcat_desktop.services.registration import read_registration
    from govcat_desktop.ui import exchange_actions

    said = opened.interaction.asked
    actions = exchange_actions.install(opened.context)
    assert "action_registration" in [a.objectName() for a in opened.menus["file"].actions()]
    path = actions.export_registration(str(tmp_path / "reg"))
    assert path is not None and path.name.startswith("阳泉市民政局_政务数据资源目录注册表_")
    back = read_registration(path, opened.forms)
    assert [r.entry.name for r in back] == [e.name for m in opened.session.project.matters for e in m.entries]
    assert said == [("导出完成", f"已导出目录注册表：\n{path}")]
