"""报送进度 for 100 units: one line per unit (≥ 25 visible in a 1366×768 window), short coloured state cells with the
details in tooltips, sorting, filters by state, overdue and paper state, search by name and pinyin initials."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from govcat_desktop.services.bureau.board import TASKS, Cell, Row
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import Unit
from tests.bureau.conftest import bureau_info

WORKS = ["民政局", "公安局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
         "水务局", "农业农村局"]
REGIONS = ["阳泉市", "城区", "矿区", "郊区", "平定县", "盂县", "高新区", "开发区", "经开区", "示范区"]
STATES = ["未报送", "已报送", "有错误", "已审核", "退回"]


def city_rows() -> list[Row]:
    rows = []
    for n in range(100):
        region = REGIONS[n // 10]
        unit = Unit(n + 1, f"code{n}", f"{region}{WORKS[n % 10]}", region, "县（区）部门")
        cells = {}
        for k, task in enumerate(TASKS):
            state = STATES[(n + k) % 5]
            cells[task] = Cell(task, state, errors=3 if state == "有错误" else 0, warnings=n % 4,
                               received="2026-09-20" if state != "未报送" else "", deadline="2026-09-24",
                               overdue=state == "未报送" and n % 3 == 0,
                               paper="" if state == "未报送" else ("缺页（第2页）" if n % 7 == 0 else
                                                                 ("未收到" if n % 2 else "一致")))
        rows.append(Row(unit, cells))
    return rows


@pytest.fixture
def page(qtbot, qapp, tmp_path: Path):
    from govcat_desktop import settings
    from govcat_desktop.ui.fonts import apply_cjk_font
    from govcat_desktop.ui.main_window import MainWindow

    settings.update(window_geometry="", window_state="")  # a first start: no dock height saved by another test
    font = qapp.font()
    apply_cjk_font(qapp)  # the font the app itself sets at start (10 pt CJK), not the platform's default
    path = tmp_path / "阳泉市大数据局.govcat"
    ProjectFile.create(path, bureau_info()).close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768 - 40)  # a maximised window on a 1366×768 screen, below a taskbar
    window.show()
    assert window.open_project(path)
    bureau = window.show_page("bureau")
    bureau.board_view.set_rows(city_rows(), {"T1": "工作联系表", "T2": "体制机制", "T3": "数据资源目录", "T4": "供需对接"})
    qtbot.wait(20)
    yield bureau
    window.set_session(None)
    qapp.setFont(font)


def _visible(table) -> list[str]:
    return [table.item(r, 0).text() for r in range(table.rowCount()) if not table.isRowHidden(r)]


def test_one_line_per_unit_and_25_fit_on_a_1366x768_screen(page):
    table = page.board
    assert table.rowCount() == 100
    whole = [r for r in range(100) if 0 <= table.rowViewportPosition(r)
             and table.rowViewportPosition(r) + table.rowHeight(r) <= table.viewport().height()]
    assert len(whole) >= 25, len(whole)  # whole lines, not a cut last one
    assert max(table.rowHeight(r) for r in range(100)) <= table.fontMetrics().height() + 8  # one line each
    cell = table.item(0, 4)
    assert len(cell.text()) <= 6 and "截止日期：2026-09-24" in cell.toolTip() and "T3 数据资源目录" in cell.toolTip()


def test_filters_search_and_sort(page, qtbot):
    view = page.board_view
    table = page.board
    view.state.setCurrentText("退回")
    assert 0 < len(_visible(table)) < 100
    assert all(any(c.state == "退回" for c in r.cells.values()) for r in view.rows if r.unit.org_name in _visible(table))
    view.state.setCurrentIndex(0)
    view.overdue.setChecked(True)
    late = {r.unit.org_name for r in view.rows if r.overdue}
    assert set(_visible(table)) == late and 0 < len(late) < 100
    view.overdue.setChecked(False)
    view.paper.setCurrentText("纸质版有问题")
    assert set(_visible(table)) == {f"{REGIONS[n // 10]}{WORKS[n % 10]}" for n in range(0, 100, 7)} - {
        r.unit.org_name for r in view.rows if all(c.state == "未报送" or not c.paper.startswith("缺页")
                                                  for c in r.cells.values())}
    view.paper.setCurrentIndex(0)
    view.search.setText("pdx")  # 平定县: pinyin initials
    view.search.filter_now()
    assert _visible(table) and all(name.startswith("平定县") for name in _visible(table))
    view.search.setText("盂县民政")
    view.search.filter_now()
    assert _visible(table) == ["盂县民政局"]
    assert view.count.text() == "显示 1 / 100 个单位"
    view.search.setText("")
    view.search.filter_now()
    table.sortItems(4, Qt.SortOrder.AscendingOrder)  # T3: 未报送 first, by the state's order, not its text
    assert table.item(0, 4).text().startswith("未报送") and table.item(99, 4).text().startswith("已审核")
    view.select_unit(42)
    assert page.selected_unit() == 42
