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


def test_an_edit_repaints_the_tasks_row_it_changed_without_a_reset(qtbot, tmp_path):
    """The overview's 任务与截止日期 table was reset after every step and every validation (seen in a real window);
    now the task whose figures changed is repainted, and a reset is left for another set of tasks (a role change)."""
    from govcat_desktop.ui.main_window import MainWindow

    path = f.write_project(tmp_path / "民政局.govcat", f.valid_project())
    window = MainWindow(install_extensions=False)
    qtbot.addWidget(window)
    assert window.open_project(str(path))
    window.wait_for_validation()
    tasks = window.pages["overview"].tasks
    t3 = next(r for r, s in enumerate(tasks.rows) if s.task == "T3")
    errors_before = tasks.rows[t3].errors
    resets, repainted = [], []
    tasks.modelReset.connect(lambda: resets.append(1))
    tasks.dataChanged.connect(lambda first, last, *_: repainted.append((first.row(), last.row())))

    old = window.session.project.matters[0].entries[0]
    assert window.push(UpdateEntry(old, old.model_copy(update={"summary": ""})))
    window.wait_for_validation()

    assert resets == []
    assert tasks.rows[t3].errors == errors_before + 1
    assert repainted and all(first <= t3 <= last for first, last in repainted)
    window.set_session(None)
