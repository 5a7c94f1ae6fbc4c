"""Writes outside the command history (an export marks the 信息资源代码 it wrote) and steps that used to be followed
by a reload of every view: the pages get what was written, on the GUI thread, and never "everything"."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from govcat_desktop.services.commands import UpdateEntry
from govcat_desktop.ui import exchange_actions


@pytest.fixture
def actions(opened):
    return exchange_actions.install(opened.context)


@pytest.fixture
def heard(opened):
    """Every Changes each page was given, in order."""
    got: list = []
    for page in opened.pages.values():
        real = page.apply
        page.apply = lambda changes, real=real: (got.append(changes), real(changes))
    return got


def _with_code(window):
    matter, entry = next(iter(window.session.entries.values()))
    new = entry.model_copy(deep=True)
    new.resource_code = "307001001/000001"
    assert window.push(UpdateEntry(entry, new))
    return entry.id


def test_a_catalog_export_marks_its_codes_on_the_gui_thread_and_repaints_only_those(
        actions, opened, heard, tmp_path, qtbot):
    entry_id = _with_code(opened)
    catalog = opened.pages["catalog"]
    assert catalog.select("catalog", entry_id)  # the entry open in its editor
    threads = []
    opened.session.events.entry_changed.connect(lambda _id: threads.append(threading.current_thread()))
    heard.clear()
    opened.interaction.answers["导出"] = ("catalog", str(tmp_path))
    assert actions.export()
    assert threads and all(t is threading.main_thread() for t in threads)  # widgets hear it on their own thread
    assert heard, "the pages were not told what the export wrote"
    assert not any(c.reloaded or c.structural for c in heard)  # no reload of every view
    assert {i for c in heard for i in c.entries} == {entry_id}
    assert any("versions" in c.settings for c in heard)
    today = dt.date.today().isoformat()
    assert opened.session.entries[entry_id][1].code_exported == today
    assert catalog.entry_form.record().code_exported == today  # the open editor shows the stored entry


def test_an_export_that_writes_no_catalog_marks_nothing(actions, opened, heard, tmp_path):
    entry_id = _with_code(opened)
    heard.clear()
    opened.interaction.answers["导出"] = ("demand", str(tmp_path))
    assert actions.export()
    assert opened.session.entries[entry_id][1].code_exported == ""
    assert not any(c.reloaded for c in heard)


def test_an_import_repaints_from_its_step_alone(actions, opened, heard, tmp_path):
    answers = opened.interaction.answers
    answers["导出"] = ("catalog", str(tmp_path))
    copy = next(p for p in actions.export() if "可编辑版" in p.name)
    matter, entry = next(iter(opened.session.entries.values()))
    opened.push(UpdateEntry(entry, entry.model_copy(update={"summary": "改过的摘要"}, deep=True)))
    heard.clear()
    answers["导入预览"] = lambda preview, guessed: True
    answers["选择要导入的文件"] = [str(copy)]
    assert actions.import_files()
    assert opened.session.entries[entry.id][1].summary == entry.summary  # the copy's text is back
    assert heard and not any(c.reloaded for c in heard)
    assert len(heard) == len(opened.pages)  # one Changes per page: the step's, no second round


def test_the_bureaus_feedback_is_one_step_the_comments_page_hears(qtbot, tmp_path):
    """导入审核意见: its step names the comments (bureau "comments"); the page lists them without a reload of every
    view, and Ctrl+Z takes them away again."""
    from govcat_desktop.services.bureau import life
    from govcat_desktop.services.bureau.review import export_feedback
    from govcat_desktop.storage import ProjectFile
    from govcat_desktop.storage.bureau_store import BureauStore
    from govcat_desktop.ui.main_window import MainWindow
    from tests.registry.test_life_leftovers import _resubmitted

    unit_path, city = _resubmitted(tmp_path)
    with ProjectFile.open(city) as st:
        row = life.find_withdrawn(st, BureauStore(st).units()[0].org_name, "目录5")
        life.decide_withdrawn(st, row.id, life.REFUSED, "该事项仍在办理")
        [path] = export_feedback(st, tmp_path / "fb")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.open_project(unit_path)
        page = window.pages["bureau_comments"]
        got = []
        for p in window.pages.values():
            real = p.apply
            p.apply = lambda changes, real=real: (got.append(changes), real(changes))
        refreshed = []
        window.refresh = lambda: refreshed.append(1)
        assert page.table.rowCount() == 0
        window.interaction.answers["选择上级发来的审核意见"] = str(path)
        page.import_feedback()
        assert page.table.rowCount() == len(page.comments) > 0
        assert not refreshed and got and all("comments" in c.bureau and not c.reloaded for c in got)
        window.undo()
        assert page.table.rowCount() == 0
    finally:
        window.set_session(None)
