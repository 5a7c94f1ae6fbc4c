"""The grid's own write paths (a cell typed in, Ctrl+V, Ctrl+D, 批量设置) refused by the rules like set-status.

Through the real window and page: the refusal is said (the window's notifier, the sentence of services.rules) and
nothing is written. Before services.rules.check_write the grid wrote each of these (issue 24)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from govcat_desktop.ui import grid as grid_ext
from govcat_desktop.ui.grid.model import KEYS
from tests import factories as f
from tests.services.test_write_rules import RULES, _project


def _cell(page, a, b, want):
    return page.edits.commit_cell(a, "review_status", want)


def _paste(page, a, b, want):
    page.view.setCurrentIndex(page.proxy.index(page.model.rows.index(a), KEYS.index("review_status")))
    return page.paste(f"{want}\n")


def _fill_down(page, a, b, want):
    col = KEYS.index("review_status")
    rows = sorted(page.model.rows.index(i) for i in (a, b))
    assert page.model.rows[rows[0]] == b  # B (the source, a legitimate state) is above A
    page.view.setCurrentIndex(page.proxy.index(rows[0], col))
    QTest.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    # Let go of Shift too: the Down key's release still carries Shift, and Qt would hold the application's
    # keyboardModifiers() at Shift for every later test (a later selectRow then extends a selection).
    QTest.keyRelease(page.view, Qt.Key.Key_Shift)
    return page.fill_down()


PATHS = {"cell": _cell, "paste": _paste, "fill-down": _fill_down}


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("path_name", list(PATHS))
def test_grid_paths_are_refused_with_the_rules_sentence(qtbot, window, tmp_path, monkeypatch, path_name, rule):
    project = _project(rule)
    project.matters[0].entries.reverse()  # B first: fill down copies the top cell
    path = f.write_project(tmp_path / "p.govcat", project)
    assert window.open_project(str(path), readonly=rule == "readonly")
    said: list[str] = []
    monkeypatch.setattr(window.notifier, "warning", said.append)
    window.interaction.answers["修改会产生错误"] = True  # "仍要修改吗？" — yes
    page = grid_ext.install(window.context)
    page.set_session()
    window.show_page("grid")
    session = window.session
    a, b = (next(e.id for e in session.project.matters[0].entries if e.name == n) for n in ("结婚证", "离婚证"))
    before = session.entries[a][1].review_status
    assert not PATHS[path_name](page, a, b, RULES[rule][1])
    assert said and said[-1] == RULES[rule][3]
    assert session.entries[a][1].review_status == before
    stored = {e.name: e for e in session.store.load_entries(session.entries[a][0].id)}
    assert stored["结婚证"].review_status == before
