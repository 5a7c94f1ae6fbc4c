"""Pages built and exercised with the fake context (tests/ui/fakes.py): no main window anywhere."""

from __future__ import annotations

from govcat_desktop import settings
from govcat_desktop.services.changes import Changes
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.session import Session
from tests import factories as f
from tests.ui.fakes import FakeContext


def test_catalog_page_with_a_fake_context(qtbot, tmp_path):
    from govcat_desktop.ui.catalog_page import CatalogPage

    project = f.valid_project()
    project.matters[0].entries[0].summary = ""
    path = f.write_project(tmp_path / "民政局.govcat", project)
    session = Session.open(path)
    context = FakeContext(session, Interaction(answers={"删除事项": True}))
    page = CatalogPage(context)
    qtbot.addWidget(page)
    page.set_session()
    page.show()
    entry_id = next(iter(session.entries))
    assert page.select("catalog", entry_id)

    assert page.set_status("待审核")
    assert session.entries[entry_id][1].review_status == "待审核"
    assert not page.set_status("已审核")  # an error is left: refused, said through the context's notifier
    assert context.notifier.said[-1] == ("warning", "该目录还有错误，改正后才能审核通过。")

    matter_id = session.project.matters[0].id
    assert page.select("matter", matter_id)
    page.delete_selected()  # the scripted clerk confirms through the Interaction seam
    assert context.interaction.asked[-1][0] == "删除事项" and "1 个数据资源目录" in context.interaction.asked[-1][1]
    assert not session.project.matters and len(context.workspace.history._done) == 2
    session.close()


def test_grid_page_with_the_same_fake_context(qtbot, tmp_path):
    """The 目录总表 gets a PageContext like every page: history, settings, notifier and Interaction through it."""
    from PySide6.QtCore import Qt

    from govcat_desktop.ui.grid.model import KEYS
    from govcat_desktop.ui.grid.bulk import DEFAULT_HIDDEN, HIDDEN_SETTING
    from govcat_desktop.ui.grid.page import GridPage

    project = f.valid_project()
    project.matters[0].entries.append(f.entry("离婚证"))
    session = Session.open(f.write_project(tmp_path / "民政局.govcat", project))
    context = FakeContext(session, Interaction(answers={"删除目录": True}))
    settings.update(**{HIDDEN_SETTING: ["summary"]})  # remembered from the last time
    page = GridPage(context)
    qtbot.addWidget(page)
    page.set_session()
    page.show()
    assert page.view.isColumnHidden(KEYS.index("summary"))
    assert not page.view.isColumnHidden(KEYS.index(DEFAULT_HIDDEN[0]))  # the remembered choice, not the default

    first, second = page.model.rows
    index = page.proxy.index(0, KEYS.index("network"))
    assert page.proxy.setData(index, "互联网", Qt.ItemDataRole.EditRole)
    assert session.entries[first][1].network == "互联网"
    assert context.workspace.history.undo_text == "修改“结婚证”的网络环境"

    page.view.setCurrentIndex(page.proxy.index(1, KEYS.index("name")))
    page.delete_selected()  # asked through the Interaction seam, then one command in the history
    page.apply(Changes(structural=True))  # what the host does after a structural command
    assert context.interaction.asked[-1][0] == "删除目录"
    assert second not in session.entries and context.workspace.history.undo_text == "删除 1 个目录"
    page.view.setCurrentIndex(page.proxy.index(0, KEYS.index("network")))
    assert page.copy().strip() == "互联网"
    assert context.notifier.said[-1][0] == "info" and "已复制" in context.notifier.said[-1][1]

    assert context.workspace.history.undo() and context.workspace.history.undo()
    page.apply(Changes(structural=True))
    assert page.model.rows == [first, second]
    assert second in session.entries and session.entries[first][1].network == "政务外网"
    session.close()
