"""Editing one entry repaints only that entry's rows (and the matter above it) and only its findings."""

from __future__ import annotations

from govcat_desktop.services.commands import UpdateEntry
from tests import factories as f


def test_editing_one_entry_refreshes_only_its_rows(qtbot, tmp_path):
    from govcat_desktop.ui.main_window import MainWindow

    project = f.valid_project()
    project.matters[0].entries.append(f.entry("离婚证"))
    path = f.write_project(tmp_path / "民政局.govcat", project)
    window = MainWindow(install_extensions=False)
    qtbot.addWidget(window)
    assert window.open_project(str(path))
    page = window.show_page("catalog")
    window.wait_for_validation()
    model = page.model
    a, b = [e.id for e in window.session.project.matters[0].entries]
    repainted: list[tuple] = []
    model.dataChanged.connect(lambda first, last, *_: repainted.append(
        (model.record(first).id, first.row(), last.row(), first.parent().isValid())))

    old = window.session.entries[a][1]
    assert window.push(UpdateEntry(old, old.model_copy(update={"summary": ""})))
    window.wait_for_validation()

    matter_id = window.session.project.matters[0].id
    assert repainted, "the edited entry's row was not repainted"
    assert {(rid, is_entry) for rid, _, _, is_entry in repainted} <= {(a, True), (matter_id, False)}
    assert all(first == last for _, first, last, _ in repainted)  # one row at a time, never the whole tree
    assert (b, True) not in {(rid, is_entry) for rid, _, _, is_entry in repainted}
    assert model.errors.get(("catalog", a)) == 1 and not model.errors.get(("catalog", b))
    window.set_session(None)
