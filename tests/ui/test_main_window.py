"""The main window as a clerk uses it: issues dock jumps, undoable deletes, review states, files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from govcat_desktop import settings
from govcat_desktop.services import example
from govcat_desktop.storage import ProjectFile
from govcat_desktop.ui.issues_dock import FINDING_ROLE
from tests import factories
from tests.ui.conftest import type_text


def test_issues_dock_jumps_to_the_field(qtbot, window, tmp_path):
    project = factories.valid_project()
    project.matters[0].entries[0].summary = ""
    path = factories.write_project(tmp_path / "p.govcat", project)
    assert window.open_project(path)
    dock = window.issues
    index = dock.row_of("required")
    assert index.isValid()
    finding = index.data(FINDING_ROLE)
    assert finding.field == "summary"
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=dock.view.visualRect(index).center())
    page = window.pages["catalog"]
    assert window.current_page_key() == "catalog"
    editor = page.entry_form.editor("summary")
    assert QApplication.focusWidget() is editor
    assert page.entry_form.view_of("summary").highlighted == "summary"
    assert "资源摘要" in page.entry_form.view_of("summary").rows["summary"].problem.text()
    # Fixing it empties the dock, which then says so plainly.
    type_text(editor, "结婚登记产生的结婚证信息。")
    editor.flush()
    assert window.session.entries[finding.ref[1]][1].summary == "结婚登记产生的结婚证信息。"
    assert dock.windowTitle() == "问题清单　✓ 没有发现问题" and not dock.ok.isVisible()  # said in the title bar


def test_jump_to_an_item_selects_its_row(qtbot, window, tmp_path):
    project = factories.valid_project()
    project.matters[0].entries[0].items[2].data_type = "C"  # 登记日期 typed as text
    window.open_project(factories.write_project(tmp_path / "p.govcat", project))
    index = window.issues.row_of("type-name-mismatch")
    window.issues.view.activated.emit(index)
    items = window.pages["catalog"].entry_form.editor("items")
    assert items.view.currentIndex().row() == 2 and items.view.currentIndex().column() == 1


def test_issue_filters_and_empty_state(qtbot, window, tmp_path):
    project = factories.valid_project()
    project.demands[0].provider = ""
    project.matters[0].entries[0].security_level = "4级"
    project.matters[0].entries[0].share_type = "无条件共享"
    project.matters[0].entries[0].share_condition = ""
    window.open_project(factories.write_project(tmp_path / "p.govcat", project))
    dock = window.issues
    assert dock.proxy.rowCount() == 2
    dock.severity.setCurrentText("只看错误")
    assert dock.proxy.rowCount() == 1
    dock.task.setCurrentText("T3")
    assert dock.proxy.rowCount() == 0 and dock.ok.isVisible()
    dock.severity.setCurrentText("错误和提醒")
    assert dock.proxy.rowCount() == 1


def test_models_pass_qtmodeltester(qtmodeltester, window, tmp_path):
    path = example.materialise_example(tmp_path)
    window.open_project(path)
    catalog = window.pages["catalog"]
    qtmodeltester.check(catalog.model)
    qtmodeltester.check(catalog.proxy)
    qtmodeltester.check(window.issues.model)
    qtmodeltester.check(window.issues.proxy)
    qtmodeltester.check(window.pages["overview"].tasks)
    qtmodeltester.check(window.pages["demands"].model)
    qtmodeltester.check(window.pages["reviews"].model)
    first = next(iter(window.session.entries))
    catalog.select("catalog", first)
    qtmodeltester.check(catalog.entry_form.editor("items").model)
    domain = catalog.entry_form.editor("domain")
    domain.pinyin.splitPath("shbz")
    qtmodeltester.check(domain.pinyin.proxy)


def test_catalog_filter_by_state_and_pinyin(qtbot, window, tmp_path):
    window.open_project(example.materialise_example(tmp_path))
    catalog = window.show_page("catalog")
    catalog.state.setCurrentText("已审核")
    shown = []
    for r in range(catalog.proxy.rowCount()):
        parent = catalog.proxy.index(r, 0)
        shown += [catalog.proxy.index(c, 0, parent).data() for c in range(catalog.proxy.rowCount(parent))]
    assert sorted(shown) == ["社会团体法人登记证书", "离婚证"]
    catalog.state.setCurrentText("全部")
    catalog.search.setText("lhz")
    qtbot.waitUntil(lambda: catalog.proxy.rowCount() == 1)


def test_delete_matter_with_entries_asks_and_is_undoable(qtbot, opened, monkeypatch):
    window = opened
    page = window.show_page("catalog")
    matter = window.session.project.matters[0]
    page.select("matter", matter.id)
    window.delete_selected()  # the headless clerk's answer: no
    assert window.interaction.asked and "1 个数据资源目录" in window.interaction.asked[-1][1]
    assert matter.id in window.session.matters  # declined: nothing deleted
    window.interaction.answers["删除事项"] = True
    window.delete_selected()
    assert not window.session.project.matters
    assert not ProjectFile.open(window.session.path, readonly=True).load().matters
    window.undo()
    restored = window.session.project.matters[0]
    assert restored.id == matter.id and [e.name for e in restored.entries] == ["结婚证"]


def test_review_states(qtbot, opened, monkeypatch):
    window = opened
    page = window.show_page("catalog")
    entry_id = next(iter(window.session.entries))
    page.select("catalog", entry_id)
    assert page.submit_btn.isVisible() and not page.approve_btn.isVisible()
    qtbot.mouseClick(page.submit_btn, Qt.MouseButton.LeftButton)
    assert window.session.entries[entry_id][1].review_status == "待审核"
    window.interaction.answers["退回目录"] = "请补充共享条件的依据"
    qtbot.mouseClick(page.return_btn, Qt.MouseButton.LeftButton)
    entry = window.session.entries[entry_id][1]
    assert (entry.review_status, entry.review_note) == ("退回", "请补充共享条件的依据")
    assert "请补充共享条件的依据" in page.state_label.text()
    page.set_status("待审核")
    # An entry with an error cannot be approved.
    summary = page.entry_form.editor("summary")
    summary.setPlainText("")
    summary.flush()
    assert not page.approve_btn.isEnabled()
    asked = len(window.interaction.asked)
    assert not page.set_status("已审核")
    assert window.interaction.asked[asked:] and window.session.entries[entry_id][1].review_status == "待审核"
    window.undo()  # the summary comes back
    assert page.approve_btn.isEnabled()
    qtbot.mouseClick(page.approve_btn, Qt.MouseButton.LeftButton)
    assert window.session.entries[entry_id][1].review_status == "已审核"
    page.state.setCurrentText("已审核")
    assert page.proxy.rowCount() == 1


def test_ctrl_s_and_save_as(qtbot, opened, tmp_path, monkeypatch):
    window = opened
    window.save()
    assert window.save_state.text() == "已全部保存"
    target = tmp_path / "副本.govcat"
    # 另存为 asks twice: the file (save_file), then 继续编辑原文件 (choose: index 0)
    window.interaction.answers["另存为"] = lambda *a: str(target) if len(a) == 1 else 0
    assert window.save_as()
    copy = ProjectFile.open(target, readonly=True)
    assert copy.load().matters[0].entries[0].name == "结婚证"
    copy.close()


def test_undo_of_a_typed_edit_restores_file(qtbot, opened):
    window = opened
    page = window.show_page("demands")
    demand_id = window.session.project.demands[0].id
    page.select(demand_id)
    provider = page.editor.editor("provider")
    provider.setFocus()
    provider.selectAll()
    type_text(provider, "国家卫生健康委")
    provider.editingFinished.emit()
    assert window.session.demands[demand_id].provider == "国家卫生健康委"
    window.undo()
    assert window.session.demands[demand_id].provider == "公安部"
    assert ProjectFile.open(window.session.path, readonly=True).load().demands[0].provider == "公安部"
    assert provider.text() == "公安部"


def test_locked_project_offers_read_only(qtbot, window, project_path, monkeypatch):
    holder = ProjectFile.open(project_path)
    try:
        window.interaction.answers["项目正在使用"] = True
        assert window.open_project(project_path)
        assert "只读" in window.interaction.asked[0][1]
        assert window.session.readonly and "只读" in window.windowTitle()
    finally:
        window.set_session(None)
        holder.close()


def test_corrupt_project_offers_newest_backup(qtbot, window, project_path, monkeypatch):
    assert window.open_project(project_path)  # makes a backup
    window.set_session(None)
    project_path.write_bytes(b"this is not a database" * 100)
    window.interaction.answers["项目无法打开"] = lambda text: "备份" in text
    assert window.open_project(project_path)
    assert window.session.path != project_path and "恢复" in window.session.path.name
    assert window.session.project.matters[0].name == "内地居民结婚登记"
    assert project_path.read_bytes().startswith(b"this is not")


def test_example_is_opened_as_a_copy(qtbot, window):
    source = example.example_source().read_bytes()
    assert window.open_example()
    assert window.session.path.parent.name == "示例项目"
    assert window.session.project.info.org_name == "阳泉市民政局"
    assert len(window.session.project.matters) == 8
    assert window.issues.model.rowCount() > 0
    assert example.example_source().read_bytes() == source


def test_recent_files_and_geometry_are_remembered(qtbot, window, project_path):
    window.open_project(project_path)
    assert settings.get("recent_files")[0] == str(project_path.resolve())
    window.resize(1300, 860)
    window.close()
    assert settings.get("window_geometry")


def test_closing_the_project_clears_its_status_bar(qtbot, window, project_path):
    """After 关闭项目 the start page shows; the status bar said the closed project's 最近截止 and 已保存 (seen at
    1366×768 in a real window), and the project's own menu items stay enabled only while it is open."""
    window.open_project(project_path)
    assert window.deadline.text() and window.save_state.text()
    assert window.findChild(type(window.page_actions["overview"]), "action_save").isEnabled()
    window.close_project()
    assert window.deadline.text() == "" and window.save_state.text() == ""
    assert not window.findChild(type(window.page_actions["overview"]), "action_save").isEnabled()


def test_run_in_background_returns_and_cancels(qtbot, window):
    assert window.run_in_background(lambda n: sum(range(1000)), "计算中…") == 499500

    def long_work(notifier):
        import time

        for i in range(200):
            if not notifier.progress(i, 200, "处理中"):
                return "stopped"
            time.sleep(0.01)
        return "done"

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    QTimer.singleShot(600, lambda: [d.cancel() for d in window.findChildren(QProgressDialog, "progress")])
    assert window.run_in_background(long_work, "处理中…") == "stopped"


def test_field_help_f1(qtbot, opened):
    window = opened
    page = window.show_page("catalog")
    page.select("catalog", next(iter(window.session.entries)))
    page.entry_form.focus_field("share_type")
    window.field_help()
    said = window.statusBar().currentMessage()  # the same text as the What's This bubble
    assert said.startswith("共享类型：") and "无条件共享" in said


def test_extension_modules_are_installed(qtbot, monkeypatch, tmp_path):
    import sys
    import types

    from govcat_desktop.ui import main_window as mw

    from govcat_desktop.ui.context import AppContext

    module = types.ModuleType("govcat_desktop.ui.exchange_actions")
    calls = []

    def install(context):  # an extension gets the plain context, not the window, and registers through it
        calls.append(context)
        return context.window.add_action("tools", "试一试…", lambda: calls.append("ran"), name="action_try",
                                         roles=["市直部门"])

    module.install = install
    monkeypatch.setitem(sys.modules, module.__name__, module)
    win = mw.MainWindow()
    qtbot.addWidget(win)
    [context] = calls
    assert isinstance(context, AppContext) and not isinstance(context, mw.MainWindow)
    action = win.extensions["exchange_actions"]
    assert action in win.menus["tools"].actions() and action.objectName() == "action_try"
    assert not action.isEnabled()  # scoped to a role: no project, no 市直部门
    assert win.open_project(factories.write_project(tmp_path / "a.govcat", factories.valid_project("市直部门")))
    assert action.isEnabled()
    action.trigger()
    assert calls[-1] == "ran"
    win.set_session(None)


def test_mechanism_page_only_for_county_lead(qtbot, window, tmp_path):
    window.open_project(factories.write_project(tmp_path / "a.govcat", factories.valid_project()))
    item = [window.nav.item(r) for r in range(window.nav.count()) if window.nav.item(r).text() == "体制机制情况"][0]
    assert item.isHidden()
    window.set_session(None)
    window.open_project(factories.write_project(tmp_path / "b.govcat", factories.valid_project("县（区）主管机构")))
    assert not item.isHidden()


def test_menus_and_shortcuts(window):
    from PySide6.QtGui import QAction, QKeySequence

    def shortcut(name):
        return [s.toString() for s in window.findChild(QAction, name).shortcuts()]

    assert set(window.menus) == {"file", "edit", "view", "tools", "help"}
    assert "Ctrl+N" in shortcut("action_new") and "Ctrl+O" in shortcut("action_open")
    assert "Ctrl+Z" in shortcut("action_undo") and "Ctrl+Y" in shortcut("action_redo")
    assert "Ctrl+F" in shortcut("action_find") and "Ctrl+S" in shortcut("action_save")
    assert "Del" in shortcut("action_delete") and "F1" in shortcut("action_field_help")
    assert QKeySequence("F5").toString() in shortcut("action_validate")


def test_role_change_shows_the_mechanism_page(qtbot, opened):
    window = opened
    page = window.show_page("overview")
    item = [window.nav.item(r) for r in range(window.nav.count()) if window.nav.item(r).text() == "体制机制情况"][0]
    assert item.isHidden()
    role = page.form.editor("role")
    role.setCurrentIndex(role.findText("县（区）主管机构"))
    role.activated.emit(role.currentIndex())
    assert window.session.project.info.role == "县（区）主管机构"
    assert not item.isHidden()
    assert [s.task for s in page.tasks.rows] == ["T2", "T3", "T4"]
    window.undo()
    assert item.isHidden()


def test_fonts_follow_the_platform():
    from govcat_desktop.ui.fonts import preferred_families

    assert preferred_families("win32")[:2] == ["Microsoft YaHei UI", "Microsoft YaHei"]
    assert "SimSun" in preferred_families("win32")
    assert preferred_families("linux")[0] == "Noto Sans CJK SC"


def test_recent_project_opens_from_the_start_page(qtbot, window, project_path):
    assert window.open_project(project_path)
    window.close_project()
    assert window.central.currentIndex() == 0
    recent = window.start.recent
    assert recent.count() == 1 and project_path.name in recent.item(0).text()
    recent.itemActivated.emit(recent.item(0))
    assert window.session is not None and window.session.path == project_path.resolve()


def test_missing_recent_file_says_so(qtbot, window, tmp_path, monkeypatch):
    assert not window.open_project(tmp_path / "不存在.govcat")
    assert "不存在" in window.interaction.asked[0][1]
    assert window.session is None


def test_refresh_after_a_bulk_change(qtbot, opened):
    from govcat_desktop.domain.models import Matter
    from govcat_desktop.services.commands import AddMatter, Composite

    window = opened
    window.push(Composite([AddMatter(Matter(code=f"00012{i}", name=f"批量事项{i}")) for i in range(3)], text="导入事项"))
    page = window.show_page("catalog")
    assert page.model.rowCount() == 4
    window.wait_for_validation()  # the whole validation runs in the background, also for a small project
    assert sum(1 for f in window.findings if f.rule == "matter-no-entry") == 3
    window.session.reload()  # e.g. an import replaced the records
    window.refresh()
    assert page.model.rowCount() == 4
    window.undo()
    assert page.model.rowCount() == 1


def test_ctrl_z_in_an_untouched_field_undoes_the_last_edit(qtbot, opened):
    from PySide6.QtCore import Qt as _Qt
    from PySide6.QtTest import QTest

    window = opened
    page = window.show_page("demands")
    demand_id = window.session.project.demands[0].id
    page.select(demand_id)
    provider = page.editor.editor("provider")
    provider.setFocus()
    provider.selectAll()
    type_text(provider, "民政部")
    QTest.keyClick(provider, _Qt.Key.Key_Z, _Qt.KeyboardModifier.ControlModifier)
    assert provider.text() == "公安部"  # the field's own undo first
    QTest.keyClick(provider, _Qt.Key.Key_End)
    type_text(provider, "X")
    provider.editingFinished.emit()
    assert window.session.demands[demand_id].provider == "公安部X"
    detail = page.editor.editor("usage_detail")
    detail.setFocus()
    qtbot.waitUntil(detail.hasFocus)
    QTest.keyClick(detail, _Qt.Key.Key_Z, _Qt.KeyboardModifier.ControlModifier)
    assert window.session.demands[demand_id].provider == "公安部"  # went to the project's undo stack


def test_tree_context_menu_offers_the_next_state(qtbot, opened):
    window = opened
    page = window.show_page("catalog")
    page.select("catalog", next(iter(window.session.entries)))
    texts = [t for t, _ in page.context_actions()]
    assert "提交审核" in texts and "审核通过" not in texts
    dict(page.context_actions())["提交审核"]()
    texts = [t for t, _ in page.context_actions()]
    assert "审核通过" in texts and "退回…" in texts


def test_big_projects_open_in_the_background(qtbot, window, project_path, monkeypatch):
    from govcat_desktop.ui import file_ops

    monkeypatch.setattr(file_ops, "BIG_FILE", 0)
    calls = []
    original = window.run_in_background
    monkeypatch.setattr(window, "run_in_background", lambda fn, label, cancellable=True: calls.append(label) or original(fn, label, cancellable))
    assert window.open_project(project_path)
    assert calls and "正在打开" in calls[0]
    assert window.session.project.matters[0].name == "内地居民结婚登记"


def test_large_projects_validate_in_the_background(qtbot, window, tmp_path, monkeypatch):
    from govcat_desktop.ui import main_window

    monkeypatch.setattr(main_window, "SYNC_VALIDATION_ENTRIES", 0)
    project = factories.valid_project()
    project.matters[0].entries[0].summary = ""
    window.open_project(factories.write_project(tmp_path / "p.govcat", project))
    qtbot.waitUntil(lambda: window.issues.row_of("required").isValid(), timeout=5000)
    page = window.show_page("catalog")
    entry_id = next(iter(window.session.entries))
    page.select("catalog", entry_id)
    summary = page.entry_form.editor("summary")
    summary.setPlainText("补上的摘要。")
    summary.flush()
    qtbot.waitUntil(lambda: not window.issues.row_of("required").isValid(), timeout=5000)
    assert window.issues.ok.text() == "✓ 没有发现问题"


def test_page_hooks_read_only_find_and_delete(qtbot, window, project_path):
    """The window reaches pages only through their Page hooks: editable, search, the widgets Delete applies to."""
    from PySide6.QtGui import QAction

    assert window.open_project(project_path, readonly=True)
    catalog, demands, contacts = window.pages["catalog"], window.pages["demands"], window.pages["contacts"]
    assert not catalog.stack.isEnabled() and not demands.stack.isEnabled() and not contacts.form.isEnabled()
    assert catalog.tree.isEnabled() and demands.table.isEnabled()  # browsing still works
    assert window.open_project(project_path)
    assert catalog.stack.isEnabled() and demands.stack.isEnabled() and contacts.form.isEnabled()
    window.show_page("overview")
    catalog.search.setText("结婚")
    window.findChild(QAction, "action_find").trigger()
    assert window.current_page_key() == "catalog" and catalog.search.selectedText() == "结婚"
    delete = window.findChild(QAction, "action_delete")
    assert delete in catalog.tree.actions() and delete in demands.table.actions()
    assert delete in window.pages["reviews"].table.actions()


def test_title_names_the_folder_of_a_relatively_opened_project(qtbot, window, project_path, monkeypatch):
    monkeypatch.chdir(project_path.parent)
    try:
        assert window.open_project(Path(project_path.name))
        title = window.windowTitle()
        assert f" — {project_path.parent} — " in title and " — . — " not in title
    finally:
        window.set_session(None)
