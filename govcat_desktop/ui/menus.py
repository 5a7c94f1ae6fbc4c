"""The main window's menu bar: its items, the extensions' items (WindowServices.add_action) and which of them a
project's role and an open project enable.

The window owns the slots; this module owns the menus, where extensions' items go and the enabling rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from govcat_desktop import settings
from govcat_desktop.domain.roles import duties
from govcat_desktop.ui.context import MENUS
from govcat_desktop.ui.undo import HistoryActions

if TYPE_CHECKING:
    from govcat_desktop.ui.main_window import MainWindow

PAGE_MENU = ("overview", "contacts", "mechanism", "catalog", "demands", "reviews")  # View ▸ Ctrl+1 … Ctrl+6


class MenuBar:
    """The window's menus (file, edit, view, tools, help) and the rules that show and enable their items."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.menus: dict[str, QMenu] = {}
        self.anchors: dict[str, QAction] = {}  # extensions' items go before these (File, View)
        self.extended: set[str] = set()  # the menus that already have an extensions' group
        self.project_actions: list[QAction] = []  # enabled only with a project open
        self.role_actions: list[tuple[QAction, tuple[str, ...]]] = []  # shown only to projects of these roles
        self.page_actions: dict[str, QAction] = {}
        self._build()

    def _action(self, text: str, slot: Callable[[], object], shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _c=False: slot())
        if name:
            action.setObjectName(name)
        return action

    def item(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: Any = None,
             name: str = "") -> QAction:
        action = self._action(text, slot, shortcut, name)
        menu.addAction(action)
        return action

    def add_action(self, menu: str, text: str, slot: Callable[[], object], *, name: str = "", shortcut: Any = None,
                   roles: Iterable[str] | None = None, needs_project: bool = False) -> QAction:
        """An extension's menu item — in File before 退出, in View after the pages, in Tools at the end (in File and
        Tools after a separator); shown only to projects of `roles` when given, enabled only with a project if
        asked."""
        if menu not in MENUS:
            raise ValueError(f"no menu {menu!r} for extensions (one of {MENUS})")
        target = self.menus[menu]
        action = self._action(text, slot, shortcut, name)
        anchor = self.anchors.get(menu)
        if menu != "view" and menu not in self.extended:  # the extensions' items as a group of their own
            target.insertSeparator(anchor) if anchor is not None else target.addSeparator()
        self.extended.add(menu)
        target.insertAction(anchor, action) if anchor is not None else target.addAction(action)
        if roles is not None:
            self.scope(action, roles)
        if needs_project:
            self.project_actions.append(action)
            action.setEnabled(self.window.session is not None)
        return action

    def scope(self, action: QAction, roles: Iterable[str]) -> None:
        """Show a menu item only to projects of these roles."""
        self.role_actions.append((action, tuple(roles)))
        session = self.window.session
        role = session.project.info.role if session is not None else ""
        action.setVisible(role in roles)
        action.setEnabled(role in roles)

    def show_for(self, role: str, hidden_pages: set[str]) -> None:
        """The project's role: its pages' Ctrl+N items and its role-scoped items only."""
        for key, action in self.page_actions.items():
            action.setVisible(key not in hidden_pages)
            action.setEnabled(key not in hidden_pages)
        for action, roles in self.role_actions:
            action.setVisible(role in roles)
            action.setEnabled(role in roles)

    def project_open(self, is_open: bool) -> None:
        for action in self.project_actions:
            action.setEnabled(is_open)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in settings.get("recent_files") or []:
            self.recent_menu.addAction(path).triggered.connect(
                lambda _c=False, p=path: self.window.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("（无）").setEnabled(False)

    def _build(self) -> None:
        w = self.window
        bar = w.menuBar()
        self.menus = {key: bar.addMenu(title) for key, title in
                      (("file", "文件(&F)"), ("edit", "编辑(&E)"), ("view", "视图(&V)"), ("tools", "工具(&T)"),
                       ("help", "帮助(&H)"))}
        m = self.menus["file"]
        self.item(m, "新建项目…", w.new_project, QKeySequence.StandardKey.New, "action_new")
        self.item(m, "打开项目…", w.open_dialog, QKeySequence.StandardKey.Open, "action_open")
        self.item(m, "打开示例项目", w.open_example, None, "action_example")
        self.recent_menu = m.addMenu("最近打开")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addSeparator()
        self.project_actions = [
            self.item(m, "保存", w.save, QKeySequence.StandardKey.Save, "action_save"),
            self.item(m, "另存为…", w.save_as, QKeySequence.StandardKey.SaveAs, "action_save_as"),
            self.item(m, "关闭项目", w.close_project, QKeySequence.StandardKey.Close, "action_close"),
            self.item(m, "项目设置（年度、截止日期）…", w.project_settings, None, "action_settings"),
        ]
        self.anchors["file"] = m.addSeparator()  # extensions' File items come before this separator and 退出
        self.item(m, "退出", w.close, QKeySequence.StandardKey.Quit, "action_quit")
        e = self.menus["edit"]
        undo = self.item(e, "撤销", w.undo, QKeySequence.StandardKey.Undo, "action_undo")
        redo = self.item(e, "重做", w.redo, None, "action_redo")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.history_actions = HistoryActions(w.workspace.history, undo, redo)
        e.addSeparator()
        delete = self.item(e, "删除所选", w.delete_selected, QKeySequence(Qt.Key.Key_Delete), "action_delete")
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for page in w.pages.values():
            for widget in page.delete_targets():
                widget.addAction(delete)
        self.item(e, "查找…", w.start_search, QKeySequence.StandardKey.Find, "action_find")
        v = self.menus["view"]
        for n, key in enumerate(PAGE_MENU, start=1):
            self.page_actions[key] = self.item(v, w.nav.item(n - 1).text(), lambda k=key: w.show_page(k),
                                               f"Ctrl+{n}")
        self.anchors["view"] = v.addSeparator()
        v.addAction(w.issues.toggleViewAction())
        t = self.menus["tools"]
        wizard = self.item(t, "梳理事项数据（向导）…", lambda: w.open_matter_wizard(None), "Ctrl+Shift+W",
                           "action_wizard")
        self.scope(wizard, [r for r in duties().roles if duties().owes(r, "T3")])
        self.item(t, "新增共享数据需求（向导）…", w.add_demand, None, "action_demand")
        self.item(t, "全面检查", w.validate_all, "F5", "action_validate")
        h = self.menus["help"]
        self.item(h, "当前字段释义", w.field_help, QKeySequence.StandardKey.HelpContents, "action_field_help")
        self.item(h, "关于", w.about, None, "action_about")
        self.project_open(w.session is not None)
