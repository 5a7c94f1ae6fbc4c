"""The grid's rows follow the entries a step added or removed (issue 24: views repaint what changed).

An added entry is one row inserted where it belongs, a deleted one a row removed, and undo the reverse: the model is
not reset, so the other rows, the selection and the scroll position stay as the clerk left them. Before, any added
or removed entry reset the whole model (3,000 rows in a department) and the grid jumped back to its first row.
"""

from __future__ import annotations

from govcat_desktop.domain.models import Project
from govcat_desktop.services.commands import AddEntry, DeleteEntry
from govcat_desktop.ui import grid as grid_ext
from govcat_desktop.ui.grid.model import KEYS
from tests import factories as f


def _open(window, tmp_path):
    matters = [f.matter(code=f"11140300077{n}", name=f"事项{n}", entries=[f.entry(f"目录{n}甲"), f.entry(f"目录{n}乙")])
               for n in range(3)]
    project = Project(info=f.info(), contacts=f.contacts(), matters=matters)
    assert window.open_project(f.write_project(tmp_path / "民政局.govcat", project))
    page = grid_ext.install(window.context)
    page.set_session()
    window.show_page("grid")
    return page


def _signals(model) -> list[tuple]:
    said: list[tuple] = []
    model.modelReset.connect(lambda: said.append(("reset",)))
    model.rowsInserted.connect(lambda _p, a, b: said.append(("inserted", a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: said.append(("removed", a, b)))
    return said


def test_an_added_entry_is_a_row_inserted_and_the_selection_stays(window, tmp_path) -> None:
    page = _open(window, tmp_path)
    rows = list(page.model.rows)
    keep = rows[4]  # 目录2甲
    page.view.setCurrentIndex(page.proxy.index(4, KEYS.index("name")))
    said = _signals(page.model)
    matter = window.session.project.matters[1]
    assert window.push(AddEntry(matter.id, f.entry("目录1丙")))
    added = window.session.project.matters[1].entries[-1].id
    assert said == [("inserted", 4, 4)]
    assert page.model.rows == rows[:4] + [added] + rows[4:]
    assert page.current_entry_id() == keep  # the clerk's row, now one lower, is still the current one
    assert page.model.index(4, KEYS.index("name")).data() == "目录1丙"
    said.clear()
    window.undo()
    assert said == [("removed", 4, 4)] and page.model.rows == rows and page.current_entry_id() == keep


def test_a_deleted_entry_is_a_row_removed_and_undo_puts_it_back(window, tmp_path) -> None:
    page = _open(window, tmp_path)
    rows = list(page.model.rows)
    page.view.setCurrentIndex(page.proxy.index(5, KEYS.index("name")))
    said = _signals(page.model)
    assert window.push(DeleteEntry(rows[1]))
    assert said == [("removed", 1, 1)] and page.model.rows == rows[:1] + rows[2:]
    assert page.current_entry_id() == rows[5]
    said.clear()
    window.undo()
    assert said == [("inserted", 1, 1)] and page.model.rows == rows and page.current_entry_id() == rows[5]


def test_the_catalog_tree_inserts_and_removes_entry_rows_and_keeps_the_rest(window, tmp_path) -> None:
    """服务事项与数据资源目录: an entry added under a matter is a row inserted there, no reset — the expanded matters and
    the current entry stay; delete and undo the same. With a filter on, the tree is rebuilt (its rows are counted by
    number), as before."""
    page = _open(window, tmp_path)  # the grid too: both pages follow the same step
    catalog = window.show_page("catalog")
    model, proxy, tree = catalog.model, catalog.proxy, catalog.tree
    said = _signals(model)
    tree.expand(proxy.index(0, 0))
    tree.expand(proxy.index(2, 0))
    keep = window.session.project.matters[2].entries[1].id
    assert catalog.select("catalog", keep)
    matter = window.session.project.matters[1]
    assert window.push(AddEntry(matter.id, f.entry("目录1丙")))
    assert said == [("inserted", 2, 2)] and model.rowCount(model.index(1, 0)) == 3
    assert tree.isExpanded(proxy.index(0, 0)) and tree.isExpanded(proxy.index(2, 0))
    assert catalog.current == ("catalog", keep)
    assert model.index(2, 0, model.index(1, 0)).data() == "目录1丙"
    said.clear()
    window.undo()
    assert said == [("removed", 2, 2)] and model.rowCount(model.index(1, 0)) == 2
    said.clear()
    catalog.search.setText("目录0")
    catalog.proxy.set_filter(text="目录0")
    assert window.push(AddEntry(matter.id, f.entry("目录1丁")))
    assert ("reset",) in said and model.rowCount(model.index(1, 0)) == 3
    assert page.model.rowCount() == 7
