"""The 目录总表's controllers driven through a fake host, with no GridPage: each needs only what ui.grid.host gives
it (the context, a selection in entry ids and column keys, a dialog parent, open(dialog)) — and the rule that keeps
it so."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from govcat_desktop import settings
from govcat_desktop.domain.models import Matter
from govcat_desktop.services import bulk, entry_cells as EC
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.session import Session
from govcat_desktop.ui.grid.bulk import HIDDEN_SETTING, BulkEdits
from govcat_desktop.ui.grid.clipboard import Clipboard
from govcat_desktop.ui.grid.drafts import Drafts
from govcat_desktop.ui.grid.edits import EntryEdits
from govcat_desktop.ui.grid.host import GridHost
from govcat_desktop.ui.grid.model import KEYS
from govcat_desktop.ui.grid.reuse import Reuse
from tests import factories as f
from tests.ui.fakes import FakeContext

GRID = Path(__file__).resolve().parents[2] / "govcat_desktop" / "ui" / "grid"
CONTROLLERS = ("host", "selection", "clipboard", "bulk", "drafts", "reuse", "edits", "panel")


@dataclass
class FakeSelection:
    """A GridSelection that answers what the test set (no view behind it)."""

    ids: list[int] = field(default_factory=list)
    drafts: list[Any] = field(default_factory=list)
    current: int | None = None
    key: str | None = None
    keys: list[str] = field(default_factory=list)
    cells: dict[int, list[str]] = field(default_factory=dict)
    table: list[list[str]] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)
    visible: list[str] = field(default_factory=lambda: [c.key for c in EC.COLUMNS])
    asked_from_cursor: list[bool] = field(default_factory=list)

    def selected_entry_ids(self) -> list[int]:
        return list(self.ids)

    def selected_drafts(self) -> list[Any]:
        return list(self.drafts)

    def current_entry_id(self) -> int | None:
        return self.current

    def current_key(self) -> str | None:
        return self.key

    def selected_keys(self) -> list[str]:
        return list(self.keys)

    def selected_cells(self) -> dict[int, list[str]]:
        return dict(self.cells)

    def selected_table(self) -> list[list[str]]:
        return [list(r) for r in self.table]

    def shown_entry_ids(self, from_cursor: bool = False) -> list[int]:
        self.asked_from_cursor.append(from_cursor)
        return list(self.shown)

    def visible_keys(self) -> list[str]:
        return list(self.visible)


@pytest.fixture
def host(qapp, tmp_path):
    """A GridHost over a real session of two entries (结婚证, 离婚证) and a real history; no page, no window."""
    project = f.valid_project()
    project.matters[0].entries.append(f.entry("离婚证"))
    session = Session.open(f.write_project(tmp_path / "民政局.govcat", project))
    opened: list = []
    host = GridHost(FakeContext(session, Interaction()), FakeSelection(), None, opened.append)
    host.opened = opened
    yield host
    for dialog in opened:
        dialog.deleteLater()
    session.close()


def _ids(host) -> list[int]:
    return [e.id for m in host.ctx.session.project.matters for e in m.entries]


def _one_step(host) -> None:
    """What was done is one command: one undo takes all of it back and the history is empty again."""
    history = host.ctx.workspace.history
    assert history.undo() and not history.can_undo


def _ok(dialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_clipboard_pastes_into_the_hosts_selection_as_one_command(host):
    a, b = _ids(host)
    session = host.ctx.session
    host.selection.key, host.selection.shown = "summary", [a, b]
    assert Clipboard(host).paste("第一条摘要\n第二条摘要\n")
    assert host.selection.asked_from_cursor == [True]  # from the cursor down, not the whole grid
    assert [session.entries[i][1].summary for i in (a, b)] == ["第一条摘要", "第二条摘要"]
    assert host.ctx.notifier.said[-1] == ("info", "已粘贴：修改 2 个、新增 0 个目录。")
    summaries = host.ctx.workspace.history.undo_text
    _one_step(host)
    assert "粘贴" in summaries and session.entries[a][1].summary != "第一条摘要"
    assert not Clipboard(host).paste("  \n")  # nothing to paste: nothing asked, nothing done
    assert not host.ctx.workspace.history.can_undo


def test_clipboard_copies_clears_and_fills_down_the_selection(host):
    a, b = _ids(host)
    session = host.ctx.session
    clip = Clipboard(host)
    host.selection.table = [["结婚证", "政务外网"], ["离婚证", ""]]
    assert clip.copy() == "结婚证\t政务外网\n离婚证\t\n" == QGuiApplication.clipboard().text()
    assert host.ctx.notifier.said[-1] == ("info", "已复制 2 行 × 2 列，可粘贴到 Excel/WPS。")

    host.ctx.interaction.answers["修改会产生错误"] = True  # an empty 资源摘要 is an error: asked, answered yes
    host.selection.cells = {a: ["summary"]}
    assert clip.clear()
    assert session.entries[a][1].summary == "" and host.ctx.interaction.asked[-1][0] == "修改会产生错误"
    _one_step(host)

    host.selection.ids = [a]
    assert not clip.fill_down()  # one row: nothing to fill, the clerk is told how
    assert "Ctrl+D" in host.ctx.notifier.said[-1][1]
    assert host.ctx.push(bulk.set_field(session, [b], "network", "互联网"))
    host.selection.ids, host.selection.keys = [a, b], ["network"]
    assert clip.fill_down()
    assert session.entries[b][1].network == session.entries[a][1].network == "政务外网"
    assert host.ctx.workspace.history.undo() and session.entries[b][1].network == "互联网"  # one step


def test_bulk_find_replace_and_columns_through_the_host(host, tmp_path):
    a, b = _ids(host)
    session = host.ctx.session
    hidden: list[set[str]] = []

    class Columns:
        def hidden_keys(self) -> set[str]:
            return {"summary"}

        def hide_columns(self, keys: set[str]) -> None:
            hidden.append(keys)

    edits = BulkEdits(host, Columns())
    host.selection.ids, host.selection.shown, host.selection.key = [a], [a, b], "summary"
    edits.find_replace()  # one entry selected: in all the shown ones
    dialog = host.opened[-1]
    assert dialog.column.currentData() == "summary"
    dialog.find.setText("登记")
    assert "2 个目录" in dialog.status.text()
    dialog.replace.setText("办理")
    _ok(dialog)
    assert all("登记" not in session.entries[i][1].summary for i in (a, b))
    _one_step(host)

    host.selection.ids = []
    edits.bulk_set()  # nothing selected: a hint, no dialog
    assert len(host.opened) == 1 and "先在目录总表中选中" in host.ctx.notifier.said[-1][1]
    host.selection.ids, host.selection.key = [a, b], "share_type"
    edits.bulk_set()
    assert host.opened[-1].windowTitle() == "批量设置（已选 2 个目录）"
    assert host.opened[-1].field.currentData() == "share_type"

    edits.choose_columns()
    dialog = host.opened[-1]
    checked = set(dialog.checked())
    assert KEYS.index("summary") not in checked and KEYS.index("name") in checked  # as the columns say
    dialog.set_checked(KEYS.index("network"), False)
    _ok(dialog)
    assert hidden == [{"summary", "network"}] and set(settings.get(HIDDEN_SETTING)) == {"summary", "network"}


def test_drafts_generate_accept_reject_and_confirm_through_the_host(host):
    from govcat_desktop.services.commands import AddMatter

    session = host.ctx.session
    for n, name in enumerate(("失业登记", "职业指导")):
        assert host.ctx.push(AddMatter(Matter(code=f"11140300060{n}", name=name)))

    class Preview:
        def __init__(self) -> None:
            self.previewed: list = []
            self.seen: list[str] = []

        def set_drafts(self, found) -> None:
            self.previewed = list(found)
            self.seen.append(f"set {len(found)}")

        def show_preview(self) -> None:
            self.seen.append("show")

        def end_preview(self) -> None:
            self.seen.append("end")

    preview = Preview()
    drafts = Drafts(host, preview)
    before = host.ctx.workspace.history.undo_text
    assert drafts.generate() == 2 and preview.seen == ["set 2", "show"]
    assert host.ctx.workspace.history.undo_text == before  # previewed, nothing saved
    first, second = preview.previewed
    host.selection.drafts = [first]
    drafts.reject_selected()
    assert preview.previewed == [second]
    assert drafts.accept_all()
    assert preview.seen[-2:] == ["set 0", "end"] and "已新增 1 个目录" in host.ctx.notifier.said[-1][1]
    made = [e.id for m in session.project.matters for e in m.entries if e.unconfirmed]
    assert len(made) == 1

    host.ctx.interaction.answers["确认草稿"] = lambda session, pending: list(pending)
    host.selection.ids = made
    assert drafts.confirm_selected()
    assert not session.entries[made[0]][1].unconfirmed
    assert host.ctx.interaction.asked[-1][0] == "确认草稿"


def test_reuse_takes_and_applies_sharing_and_duplicates_through_the_host(host):
    a, b = _ids(host)
    session = host.ctx.session
    reuse = Reuse(host)
    assert not reuse.apply_sharing()  # nothing taken yet: told how
    assert "记下当前目录的共享属性" in host.ctx.notifier.said[-1][1]
    host.ctx.interaction.answers["修改会产生错误"] = True
    assert host.ctx.push(bulk.set_field(session, [b], "share_type", "无条件共享"))
    host.selection.current = a
    reuse.take_sharing()
    assert reuse.sharing_source == a
    host.selection.ids = [b]
    assert reuse.apply_sharing()
    assert session.entries[b][1].share_type == session.entries[a][1].share_type == "有条件共享"

    host.selection.current = None
    reuse.duplicate()
    assert not host.opened and host.ctx.notifier.said[-1][1] == "先选中要复制的目录。"
    host.selection.current = a
    reuse.duplicate()
    assert host.opened[-1].windowTitle() == "复制目录“结婚证”到其他事项"


def test_entry_edits_commit_a_cell_the_items_and_delete_through_the_host(host):
    a, b = _ids(host)
    session = host.ctx.session
    edits = EntryEdits(host)
    assert edits.commit_cell(a, "network", "互联网")
    assert session.entries[a][1].network == "互联网"
    assert host.ctx.workspace.history.undo_text == "修改“结婚证”的网络环境"
    assert not edits.commit_cell(a, "network", "互联网")  # the same value: no command
    items = session.entries[b][1].items[:1]
    assert edits.commit_items(b, items) and session.entries[b][1].items == items
    assert not edits.commit_items(None, items)

    host.selection.current = a
    live = edits.live_findings("summary", "")  # while typing: the findings the entry would have
    assert live and any("资源摘要" in x.message for x in live)
    host.selection.current = None
    assert edits.live_findings("summary", "") is None
    host.selection.ids = [a, b]
    host.ctx.interaction.answers["删除目录"] = False
    assert not edits.delete_selected() and a in session.entries
    host.ctx.interaction.answers["删除目录"] = True
    assert edits.delete_selected() and a not in session.entries and b not in session.entries
    assert host.ctx.workspace.history.undo_text == "删除 2 个目录"


def _page_reaches(source: str) -> list[str]:
    """How a module reaches into the grid page: imports ui.grid.page, names GridPage, or uses a `page` object."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "govcat_desktop.ui.grid.page":
            found.append(f"{node.lineno}: imports the page")
        elif isinstance(node, ast.Name) and node.id in ("GridPage", "page"):
            found.append(f"{node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr == "page":
            found.append(f"{node.lineno}: .page")
    return found


def test_the_rule_sees_a_controller_reaching_into_the_page():
    bad = ("from govcat_desktop.ui.grid.page import GridPage\n"
           "class C:\n    def __init__(self, page):\n        self.page = page\n"
           "    def go(self):\n        self.page._push(None)\n        page.view.setFocus()\n")
    assert sorted(_page_reaches(bad)) == ["1: imports the page", "4: .page", "4: page", "6: .page", "7: page"]
    assert _page_reaches("def f(host):\n    host.push(None)\n") == []


def _borrowed(source: str) -> list[str]:
    """`Class.attr` for each `self.attr` a class uses but neither defines nor assigns: what a mixin borrows from
    the class it is mixed into (Qt base classes aside, which a controller has none of)."""
    found = []
    for cls in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)):
        if any(not (isinstance(b, ast.Name) and b.id in ("Protocol", "object")) for b in cls.bases):
            continue  # a QWidget (the panel) or a dataclass base: its attributes come from there
        own = {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        own |= {t.id for n in cls.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
        used = set()
        for node in ast.walk(cls):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                (own.add if isinstance(node.ctx, ast.Store) else used.add)(node.attr)
        found += [f"{cls.name}.{attr}" for attr in sorted(used - own)]
    return found


def test_the_rule_sees_a_mixin_borrowing_from_its_page():
    mixin = ("class Actions:\n    def go(self):\n        self._push(self.ctx.command)\n"
             "class Controller:\n    def __init__(self, host):\n        self.host = host\n"
             "    def go(self):\n        self.host.push(None)\n        self.done()\n"
             "    def done(self):\n        pass\n")
    assert _borrowed(mixin) == ["Actions._push", "Actions.ctx"]


@pytest.mark.parametrize("name", CONTROLLERS)
def test_no_grid_controller_reaches_into_the_page(name):
    source = (GRID / f"{name}.py").read_text(encoding="utf-8")
    assert _page_reaches(source) == [] and _borrowed(source) == []


def test_the_page_is_composed_not_mixed():
    from PySide6.QtWidgets import QWidget

    from govcat_desktop.ui.context import Page
    from govcat_desktop.ui.grid.page import GridPage

    assert GridPage.__bases__ == (QWidget, Page)
