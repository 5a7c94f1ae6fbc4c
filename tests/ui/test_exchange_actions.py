"""文件 ▸ 导出… / 导入… / 空白模板… in the real main window: dialogs, mapping step, preview, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.services.dump import dump_json
from govcat_desktop.ui import exchange_actions
from govcat_desktop.ui.exchange_actions import MappingDialog, PreviewDialog

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def actions(opened):
    return exchange_actions.install(opened.context)


@pytest.fixture
def messages(opened):
    return opened.interaction.asked  # (title, text) of every question and message, 导出完成 among them


def test_menu_items_are_in_the_file_menu(actions, opened):
    names = [a.objectName() for a in opened.menus["file"].actions()]
    assert {"action_export", "action_import", "action_blank"} <= set(names)
    assert names.index("action_import") < names.index("action_quit")
    opened.set_session(None)
    assert not any(a.isEnabled() for a in actions.actions)


def test_export_writes_the_pair_and_says_where(actions, opened, tmp_path, monkeypatch, messages):
    opened.interaction.answers["导出"] = ("catalog", str(tmp_path))
    paths = actions.export()
    assert sorted(p.name.split("_")[2] + p.suffix for p in paths) == ["可编辑版.xlsx", "盖章版.pdf", "盖章版.xlsx"]
    assert all(p.exists() for p in paths)
    assert messages[-1][0] == "导出完成" and str(tmp_path) in messages[-1][1]


def test_blank_templates(actions, opened, tmp_path, messages):
    opened.interaction.answers["导出"] = lambda blank, folder: ("demand", str(tmp_path)) if blank else None
    paths = actions.export_blank()
    assert [p.name.split("_")[2] for p in paths] == ["空白模板"]


def test_import_preview_then_undo(actions, opened, tmp_path, monkeypatch, messages):
    answers = opened.interaction.answers
    answers["导出"] = ("demand", str(tmp_path))
    copy = [p for p in actions.export() if "可编辑版" in p.name][0]
    seen = []
    answers["导入预览"] = lambda preview, guessed: seen.append(preview) or True
    answers["选择要导入的文件"] = [str(copy)]
    before = dump_json(opened.session.project)
    # nothing new: the preview says so and nothing is pushed
    assert not actions.import_files()
    assert seen[-1].command is None and len(seen[-1].unchanged) == 1
    # a matter list goes through the mapping step first
    mapped = []
    answers["导入事项清单：指定各列"] = lambda table: mapped.append(table) or table.mapping
    assert actions.import_files([str(DATA / "matters_sample.xlsx")])
    assert mapped[0].headers[2] == "事项名称"
    assert len(opened.session.project.matters) == 1 + 40
    assert opened.statusBar().currentMessage().startswith("已导入")
    opened.undo()
    assert dump_json(opened.session.project) == before
    assert opened.statusBar().currentMessage().startswith("已撤销")  # no longer 已导入 (issue 25, item 13)


def test_refused_import_says_why_and_changes_nothing(actions, opened, tmp_path, monkeypatch, messages):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    before = dump_json(opened.session.project)
    assert not actions.import_files([str(bad)])
    title, text = messages[-1]
    assert title == "无法导入" and "坏文件.xlsx" in text and "未作任何修改" in text
    assert dump_json(opened.session.project) == before


def test_preview_dialog_lists_everything(qtbot, opened, tmp_path):
    from govcat_desktop.services.transfer import preview_import

    preview = preview_import(opened.session, [DATA / "matters_malformed.csv"], kind="matters")
    dialog = PreviewDialog(opened, preview)
    qtbot.addWidget(dialog)
    tabs = dialog.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles[0] == "新增（7）" and titles[4].startswith("需要注意（")
    assert tabs.currentIndex() == 4
    assert dialog.findChild(type(dialog.tabs.widget(0)), "tab_需要注意").count() == len(preview.problems)


def test_mapping_dialog_requires_name_and_code(qtbot, opened):
    from govcat_desktop.services.transfer import inspect_matter_list

    dialog = MappingDialog(opened, inspect_matter_list(DATA / "matters_sample.xlsx"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert ok.isEnabled() and dialog.mapping() == {"code": 3, "name": 2, "kind": 4, "dept": 0}
    dialog.boxes["name"].setCurrentIndex(0)
    assert not ok.isEnabled() and "事项名称" in dialog.problem.text()
    dialog.boxes["name"].setCurrentIndex(dialog.boxes["name"].findData(3))
    assert not ok.isEnabled() and "同一列" in dialog.problem.text()


def test_main_window_installs_the_extension_itself(qtbot):
    from govcat_desktop.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert isinstance(win.extensions["exchange_actions"], exchange_actions.ExchangeActions)
    assert "action_import" in [a.objectName() for a in win.menus["file"].actions()]


def test_a_page_module_that_cannot_be_imported_stops_the_window(qtbot, monkeypatch):
    """Since issue 10 a missing or broken page module is a bug that fails loudly, never a silently missing menu."""
    import sys

    from govcat_desktop.ui.main_window import MainWindow

    monkeypatch.setitem(sys.modules, "govcat_desktop.ui.exchange_actions", None)  # its import now fails
    with pytest.raises(ImportError, match="exchange_actions"):
        MainWindow()


def test_big_matter_list_in_the_window_then_undo(actions, opened, monkeypatch, messages):
    """All 34 departments' matters when the clerk ticks 导入全部实施部门的事项 (the preview starts with the unit's own)."""
    opened.interaction.answers["导入事项清单：指定各列"] = lambda table: table.mapping
    answers = iter([None, True])  # first: "all departments", preview again; then: import
    seen = []
    opened.interaction.answers["导入预览"] = lambda preview, guessed: (seen.append(preview.scope), next(answers))[1]
    before = dump_json(opened.session.project)
    assert actions.import_files([str(DATA / "zwfw_guangan_matters.csv")])
    assert seen == [["区民政局"], None]
    assert len(opened.session.project.matters) == 1 + 1135
    assert opened.pages["catalog"].tree.model().rowCount() >= 1136
    opened.undo()
    assert dump_json(opened.session.project) == before
    assert opened.pages["catalog"].tree.model().rowCount() == 1
    opened.redo()
    assert len(opened.session.project.matters) == 1136
