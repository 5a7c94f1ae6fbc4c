"""The window repaints what a step of the history wrote, and nothing else (views fed by services.changes).

Before, the window chose by command class: a bulk edit or a paste was "structural", so the grid and the tree were
reset (every row) after editing two entries of many; the grid repainted every row on any edit."""

from __future__ import annotations

from govcat_desktop.domain.models import Project
from govcat_desktop.services import bulk
from govcat_desktop.services.commands import UpdateRecord
from govcat_desktop.ui import grid as grid_ext
from tests import factories as f


def _window(qtbot, tmp_path):
    from govcat_desktop.ui.main_window import MainWindow

    matters = [f.matter(code=f"1114030000{n:02d}", name=f"事项{n}", entries=[f.entry(f"目录{n}")]) for n in range(6)]
    project = Project(info=f.info(), contacts=f.contacts(), matters=matters, demands=[f.demand()])
    window = MainWindow(install_extensions=False)
    qtbot.addWidget(window)
    page = grid_ext.install(window.context)
    assert window.open_project(str(f.write_project(tmp_path / "p.govcat", project)))
    window.wait_for_validation()
    return window, page


def _watch(grid, tree, heard: list) -> None:
    """Every reset and every repainted row, by record: ("grid"|"tree", "reset") or (view, kind, id)."""
    grid.modelReset.connect(lambda: heard.append(("grid", "reset")))
    tree.modelReset.connect(lambda: heard.append(("tree", "reset")))
    grid.dataChanged.connect(lambda a, b, *_: heard.extend(("grid", "catalog", grid.rows[r])
                                                           for r in range(a.row(), b.row() + 1)))
    tree.dataChanged.connect(lambda a, b, *_: heard.extend(
        ("tree", "catalog" if a.parent().isValid() else "matter", tree.record(a.sibling(r, 0)).id)
        for r in range(a.row(), b.row() + 1)))


def test_a_bulk_edit_and_its_undo_repaint_only_the_rows_of_the_entries_written(qtbot, tmp_path):
    window, grid = _window(qtbot, tmp_path)
    tree = window.pages["catalog"].model
    heard: list = []
    _watch(grid.model, tree, heard)
    ids = list(window.session.entries)
    targets = {ids[1], ids[4]}
    their_matters = {window.session.entries[i][0].id for i in targets}
    for step in (lambda: window.push(bulk.set_field(window.session, sorted(targets), "network", "互联网")),
                 window.undo):
        heard.clear()
        step()
        window.wait_for_validation()
        assert not [h for h in heard if h[1] == "reset"], heard
        assert {h[2] for h in heard if h[0] == "grid"} == targets, heard
        assert {h[2] for h in heard if h[:2] == ("tree", "catalog")} == targets, heard
        assert {h[2] for h in heard if h[:2] == ("tree", "matter")} <= their_matters, heard
    assert {window.session.entries[i][1].network for i in targets} == {"政务外网"}
    window.set_session(None)


def test_a_demand_edit_does_not_touch_the_catalog_views(qtbot, tmp_path):
    window, grid = _window(qtbot, tmp_path)
    heard: list = []
    _watch(grid.model, window.pages["catalog"].model, heard)
    demand = window.session.project.demands[0]
    assert window.push(UpdateRecord("demand", demand, demand.model_copy(update={"provider": "民政部"})))
    assert heard == []
    window.set_session(None)
