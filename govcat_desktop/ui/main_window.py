"""The main window: navigation, pages, issues dock, the menu bar (ui.menus), 撤销/重做 over the workspace history.

Its pages get an AppContext (ui.context), never the window; the window gives them its WindowServices."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from typing import Any, cast

from PySide6.QtCore import QByteArray, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWhatsThis,
    QWidget,
)

from govcat_desktop import settings
from govcat_desktop.domain.roles import duties
from govcat_desktop.formspec import FormSet, default_forms
from govcat_desktop.services import commands as cmds
from govcat_desktop.services import packages
from govcat_desktop.services.changes import Changes
from govcat_desktop.services.session import Session
from govcat_desktop.services.workspace import Workspace
from govcat_desktop.validation import Validator
from govcat_desktop.services.status import TaskStatus, task_statuses
from govcat_desktop.ui import background
from govcat_desktop.ui.background import GuiNotifier, ValidationJob
from govcat_desktop.ui.catalog_page import CatalogPage
from govcat_desktop.ui.context import AppContext, Page
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.ui.file_ops import FileOps
from govcat_desktop.ui.issues_dock import IssuesDock
from govcat_desktop.ui.menus import MenuBar
from govcat_desktop.ui.overview_page import OverviewPage, SingletonPage
from govcat_desktop.ui.records_page import RecordsPage
from govcat_desktop.ui.screen import clamp_to_screen, fit_window
from govcat_desktop.ui.start_page import StartPage

EXTENSIONS = ("govcat_desktop.ui.exchange_actions", "govcat_desktop.ui.bureau_view", "govcat_desktop.ui.grid",
              "govcat_desktop.ui.print_view", "govcat_desktop.ui.package_actions")
SYNC_VALIDATION_ENTRIES = 300  # a project this small is validated on the GUI thread once, when it opens
PAGE_TASK = {"contacts": "contacts", "mechanism": "mechanism", "catalog": "catalog"}  # pages a role may not have
KIND_PAGE = {"project": "overview", "contacts": "contacts", "mechanism": "mechanism", "matter": "catalog",
             "catalog": "catalog", "item": "catalog", "demand": "demands", "review": "reviews"}


class MainWindow(QMainWindow, FileOps):
    """One window, at most one open project."""

    def __init__(self, forms: FormSet | None = None, *, install_extensions: bool = True,
                 interaction: Interaction | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.forms = forms or default_forms()
        self.workspace = Workspace(self.forms)  # the Qt-free core: session, one validator, findings by record
        self.workspace.history.applied.connect(self._applied)  # what each push, undo, redo wrote: pages repaint it
        self.workspace.findings_changed.connect(self._rechecked)
        self._rechecked_owners: set[tuple] = set()
        # Questions to the user: app.py installs the Qt one; without it (tests, bench) they are headless.
        self.interaction = interaction or Interaction()
        self.notifier = GuiNotifier(self, self.interaction)
        self.context = AppContext(self.workspace, self.notifier, self.interaction, self)  # what the pages get
        self._generation = 0
        self._jobs: set = set()
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(400)
        self._validate_timer.timeout.connect(self._validate_in_background)
        self.pages: dict[str, Page] = {}
        self.extensions: dict[str, Any] = {}  # what each extension module's install() returned, by module name
        self.page_roles: dict[str, tuple[str, ...]] = {}  # pages only some roles have (registered with add_page)
        self.kind_page = dict(KIND_PAGE)  # finding kind → the page that shows it (pages add theirs: route())
        self._build_ui()
        self.menu_bar = MenuBar(self)
        self.menus = self.menu_bar.menus
        self.page_actions = self.menu_bar.page_actions
        self._restore_geometry()
        self._update_title()
        self.show_start()
        if install_extensions:
            self._install_extensions()

    # ----- layout -------------------------------------------------------------------
    def _build_ui(self) -> None:
        fit_window(self, 1280, 800, share=0.96)  # a first size from the screen (1280×800 is taller than 768)
        self.setMaximumSize(16777215, 16777215)
        self.central = QStackedWidget()
        self.start = StartPage()
        self.start.new_requested.connect(self.new_project)
        self.start.open_requested.connect(self.open_dialog)
        self.start.example_requested.connect(self.open_example)
        self.start.recent_requested.connect(self.open_project)
        self.central.addWidget(self.start)
        project = QWidget()
        row = QHBoxLayout(project)
        row.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("导航")
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet("QListWidget{font-size:11pt} QListWidget::item{padding:8px 6px}")
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self._nav_changed)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.central.addWidget(project)
        self.setCentralWidget(self.central)
        self.add_page("overview", "项目概况", OverviewPage(self.context))
        self.add_page("contacts", "工作联系表", SingletonPage(self.context, "contacts", "contacts"))
        self.add_page("mechanism", "体制机制情况", SingletonPage(self.context, "mechanism", "mechanism"))
        self.add_page("catalog", "服务事项与数据资源目录", CatalogPage(self.context))
        self.add_page("demands", "共享数据需求", RecordsPage(self.context, "demand"))
        self.add_page("reviews", "需求审核确认", RecordsPage(self.context, "review"))
        self.issues = IssuesDock(self)
        self.issues.jump.connect(self.jump_to)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.issues)
        self.resizeDocks([self.issues], [190], Qt.Orientation.Vertical)
        self.save_state = QLabel()
        self.save_state.setObjectName("save_state")
        self.deadline = QLabel()
        self.deadline.setObjectName("nearest_deadline")
        self.package_state = QLabel()
        self.package_state.setObjectName("package_state")
        self.package_state.setStyleSheet("color:#8a4b00; font-weight:bold")
        self.statusBar().addPermanentWidget(self.package_state)
        self.statusBar().addPermanentWidget(self.deadline)
        self.statusBar().addPermanentWidget(self.save_state)

    def add_page(self, key: str, title: str, widget: QWidget, *, roles: Iterable[str] | None = None) -> None:
        """WindowServices: add a navigation page (a ui.context.Page), shown only to projects of `roles` when given."""
        if not isinstance(widget, Page):
            raise TypeError(f"page {key!r} is not a ui.context.Page")
        if roles is not None:
            self.page_roles[key] = tuple(roles)
        self.pages[key] = widget
        self.stack.addWidget(widget)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        if roles is not None:
            item.setHidden((self.session.project.info.role if self.session else "") not in self.page_roles[key])
        self.nav.setFixedWidth(max(190, self.nav.sizeHintForColumn(0) + 28))  # no title cut at 125 %/150 %
        if self.session is not None:
            widget.set_session()

    def _nav_changed(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        self._flush()
        self.stack.setCurrentWidget(cast(QWidget, self.pages[item.data(Qt.ItemDataRole.UserRole)]))

    def show_page(self, key: str) -> QWidget:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
        return cast(QWidget, self.pages[key])

    def current_page_key(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def _nav_visibility(self) -> None:
        """Pages, their Ctrl+N shortcuts and the role-scoped menu items only for what the project's role does."""
        role = self.session.project.info.role if self.session is not None else ""
        tasks = duties().export_kinds(role if role in duties().roles else "县（区）部门")  # no project: a unit's pages
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            task = PAGE_TASK.get(key)
            if task is not None:
                item.setHidden(task not in tasks)
            elif key in self.page_roles:
                item.setHidden(role not in self.page_roles[key])
        hidden = {self.nav.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.nav.count())
                  if self.nav.item(r).isHidden()}
        self.menu_bar.show_for(role, hidden)

    def route(self, ref_kind: str, page_key: str) -> None:
        """WindowServices: findings whose ref starts with `ref_kind` open on page `page_key`."""
        self.kind_page.setdefault(ref_kind, page_key)

    def dialog_parent(self) -> QWidget:
        """WindowServices: the parent of a page's dialogs."""
        return self

    def add_action(self, menu: str, text: str, slot: Callable[[], object], *, name: str = "", shortcut: Any = None,
                   roles: Iterable[str] | None = None, needs_project: bool = False) -> QAction:
        """WindowServices: an extension's menu item (ui.menus.MenuBar.add_action)."""
        return self.menu_bar.add_action(menu, text, slot, name=name, shortcut=shortcut, roles=roles,
                                        needs_project=needs_project)

    def _install_extensions(self) -> None:
        for name in EXTENSIONS:  # a missing or broken page module is a bug: it fails loudly, never silently
            self.extensions[name.rsplit(".", 1)[-1]] = importlib.import_module(name).install(self.context)

    # ----- session ------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        """The open project — the workspace's; the window keeps no copy of its own."""
        return self.workspace.session

    @property
    def validator(self) -> Validator:
        """The one validator (the workspace's)."""
        return self.workspace.validator

    def set_session(self, session: Session | None) -> None:
        if self.session is not None:
            self._flush()
            self.session.close()
        self.workspace.set_session(session)  # an empty history, no findings yet
        self._generation += 1
        if session is None:
            self.issues.set_findings(None)
            self.save_state.setText("")  # the closed project's 已保存 and 最近截止 go with it
            self._update_deadline()
            self.show_start()
        else:
            for page in self.pages.values():
                page.set_session()
            self._nav_visibility()
            self._set_editable(not session.readonly)
            self.central.setCurrentIndex(1)
            self.show_page("overview")
            self.validate_now() if self._small() else self._validate_in_background()
            self.save_state.setText("只读" if session.readonly else "已保存")
        self._update_title()
        self.menu_bar.project_open(session is not None)

    def _set_editable(self, editable: bool) -> None:
        """A read-only project can be browsed but its editors take no input."""
        for page in self.pages.values():
            page.set_editable(editable)

    def show_start(self) -> None:
        self.start.set_recent(settings.get("recent_files") or [])
        self.central.setCurrentIndex(0)

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("govcat — 政务数据资源目录编制工具")
        else:
            ro = "（只读）" if self.session.readonly else ""
            folder = self.session.path.absolute().parent  # a relative path would show as "."
            package = packages.banner(self.session)  # a 科室's work package says so (issue 23)
            mark = f" 【{package}】" if package else ""
            self.setWindowTitle(f"{self.session.path.name}{ro}{mark} — {folder} — govcat")
        self.package_state.setText(packages.banner(self.session) if self.session is not None else "")

    # ----- edits --------------------------------------------------------------------
    @property
    def history(self) -> cmds.UndoStack:
        """The command history (the workspace's; the CLI uses the same class)."""
        return self.workspace.history

    def push(self, command: cmds.Command) -> bool:
        """Do a services command and keep it in the history (the context's push: it is saved at once)."""
        return self.context.push(command)

    def undo(self) -> None:
        self._flush()  # what is being typed becomes a command first
        command = self.history.undo_command
        if command is not None and self.context.step(self.history.undo):  # the status bar says what was undone
            self.notifier.info(f"已撤销：{command.text}" if command.text else "已撤销。")

    def redo(self) -> None:
        self._flush()
        command = self.history.redo_command
        if command is not None and self.context.step(self.history.redo):
            self.notifier.info(f"已重做：{command.text}" if command.text else "已重做。")

    def _applied(self, changes: Changes) -> None:
        """A step of the history wrote `changes`: each page repaints what they name; the findings of the entries
        rechecked on the way are shown at once, the whole validation follows in the background."""
        if self.session is None:
            return
        self.save_state.setText(f"已保存 {time.strftime('%H:%M:%S')}")
        self._repaint(changes)

    def apply(self, changes: Changes) -> None:
        """WindowServices: a write outside the history (AppContext.recorded: an export marking its codes) — its
        entries rechecked as after a step, the pages repaint what it names."""
        if self.session is None:
            return
        self.workspace.recheck_written()
        self._repaint(changes)

    def _repaint(self, changes: Changes) -> None:
        if "info" in changes.settings:
            self._nav_visibility()
        for page in self.pages.values():
            page.apply(changes)
        self._show_rechecked()
        self.schedule_validation()

    def _rechecked(self, owners: set[tuple]) -> None:
        if not self._rechecked_owners:  # a recheck outside a step of the history (an entry opened): shown next
            QTimer.singleShot(0, self._show_rechecked)
        self._rechecked_owners |= owners  # shown once the step is done (a bulk edit rechecks 3,000 entries)

    def _show_rechecked(self) -> None:
        if not self._rechecked_owners or self.session is None:  # (the project was closed in between)
            self._rechecked_owners = set()
            return
        self._rechecked_owners = set()
        self.issues.set_findings(self.workspace.findings)
        for page in self.pages.values():
            page.show_findings()

    def refresh(self) -> None:
        """WindowServices: reload every view and the findings (the file was read again after a failed write)."""
        if self.session is None:
            return
        self._nav_visibility()
        for page in self.pages.values():
            page.apply(Changes.everything())
        self.schedule_validation()

    def _flush(self) -> None:
        if self.session is None or self.session.readonly:
            return
        for page in self.pages.values():
            page.flush()

    def delete_selected(self) -> None:
        page = self.pages.get(self.current_page_key())
        if page is not None:
            page.delete_selected()

    def start_search(self) -> None:
        """Edit ▸ Find: the catalog page's search field."""
        self.show_page("catalog")
        self.pages["catalog"].start_search()

    def open_matter_wizard(self, matter_id: int | None) -> None:
        """Tools ▸ 梳理事项数据: the catalog page's wizard (what is being typed anywhere is kept first)."""
        if self.session is not None:
            self._flush()
            catalog: CatalogPage = self.pages["catalog"]  # type: ignore[assignment]
            catalog.open_matter_wizard(matter_id)

    def project_settings(self) -> bool:
        from govcat_desktop.ui.project_settings_dialog import edit_settings

        if self.session is None or self.session.readonly:
            return False
        return edit_settings(self.interaction, self.session, self.forms, self.context.push)

    def add_demand(self) -> None:
        """Tools ▸ 新增共享数据需求."""
        if self.session is not None:
            demands: RecordsPage = self.show_page("demands")  # type: ignore[assignment]
            demands.add_demand()

    # ----- findings -----------------------------------------------------------------
    def _small(self) -> bool:
        return self.session is not None and len(self.session.entries) < SYNC_VALIDATION_ENTRIES

    def schedule_validation(self) -> None:
        """The whole validation (the rules that compare records) in the background, soon after the last edit."""
        self._generation += 1
        self._validate_timer.start(50 if self._small() else 400)

    def validate_now(self) -> None:
        if self.session is None:
            return
        self._generation += 1
        self._set_findings(self.session.findings())

    def validate_all(self) -> None:
        if self.session is None:
            return
        self._flush()
        session = self.session
        findings = self.run_in_background(lambda _n: session.findings(), "正在检查整个项目…", cancellable=False)
        if self.session is session:
            self._set_findings(findings)
            errors = sum(1 for f in findings if f.is_error)
            self.notifier.info(f"检查完成：{errors} 个错误，{len(findings) - errors} 个提醒。")

    def _validate_in_background(self) -> None:
        if self.session is None:
            return
        job = ValidationJob(self._generation, self.workspace.background_job())  # its own connection
        job.setAutoDelete(False)
        self._jobs.add(job)
        job.signals.done.connect(lambda gen, found, j=job: self._validated(j, gen, found),
                                 Qt.ConnectionType.QueuedConnection)
        QThreadPool.globalInstance().start(job)

    def _validated(self, job, generation: int, findings) -> None:
        self._jobs.discard(job)
        if generation != self._generation or findings is None:
            if generation == self._generation:
                self._validate_timer.start()
            return
        self._set_findings(findings)

    def wait_for_validation(self, timeout_ms: int = 10000) -> None:
        """Block until background validation has finished (tests, screenshots)."""
        deadline = time.monotonic() + timeout_ms / 1000
        from PySide6.QtWidgets import QApplication

        while (self._jobs or self._validate_timer.isActive()) and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)

    @property
    def findings(self) -> list:
        """The current findings (the workspace's)."""
        return self.workspace.findings

    def _set_findings(self, findings: list) -> None:
        self.workspace.set_findings(findings)
        self._rechecked_owners = set()  # shown below with everything else
        self.issues.set_findings(findings)
        for page in self.pages.values():
            page.show_findings()
        self._update_deadline()

    def findings_for(self, ref: tuple, items: bool = False) -> list:
        return self.workspace.findings_for(ref, items)

    def task_statuses(self) -> list[TaskStatus]:
        return task_statuses(self.session.project, self.findings) if self.session else []

    def _update_deadline(self) -> None:
        pending = [s for s in self.task_statuses() if s.days_left is not None and s.state != "可报送"]
        if not pending:
            self.deadline.setText("各项任务均可报送" if self.session else "")
            return
        s = min(pending, key=lambda s: s.days_left or 0)
        days = s.days_left or 0
        when = f"已过期 {-days} 天" if days < 0 else f"还剩 {days} 天"
        self.deadline.setText(f"最近截止：{s.task} {s.name} {s.deadline}（{when}）")

    def jump_to(self, finding) -> bool:
        """WindowServices: open the record of a finding and put the cursor in its field (highlighted)."""
        if self.session is None or not finding.ref:
            return False
        key = self.kind_page.get(finding.ref[0])
        if key not in self.pages:
            return False
        self.show_page(key)
        return bool(self.pages[key].focus(finding.ref, finding.field))

    def field_help(self) -> None:
        page = self.pages.get(self.current_page_key())
        field = page.current_field() if page is not None else None
        if field is None:
            self.notifier.info("把光标放在一个填写项中，再按 F1 查看它的释义。")
            return
        text = f"<b>{field.label}</b><br>{field.help or '（无释义）'}"
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        pos = focus.mapToGlobal(focus.rect().bottomLeft()) if focus else self.mapToGlobal(self.rect().center())
        QWhatsThis.showText(pos, text, focus)
        self.statusBar().showMessage(f"{field.label}：{field.help}", 15000)

    def about(self) -> None:
        self.interaction.inform("关于 govcat",
                                "govcat 政务数据资源目录编制工具\n离线使用，不联网；每次修改立即保存到项目文件。")

    # ----- extension API ----------------------------------------------------------
    def run_in_background(self, fn: Callable[[Any], Any], label: str, cancellable: bool = True) -> Any:
        """WindowServices: run fn(notifier) off the GUI thread with a progress dialog; returns its result."""
        def on_message(kind: str, message: str) -> None:
            (self.notifier.warning if kind == "warning" else self.notifier.info)(message)

        return background.run_in_background(self, fn, label, cancellable=cancellable, on_message=on_message)

    # ----- window state ---------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = settings.get("window_geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        state = settings.get("window_state")
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode("ascii")))
        clamp_to_screen(self)  # a geometry saved on a bigger screen

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._flush()
        settings.update(window_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
                        window_state=bytes(self.saveState().toBase64().data()).decode("ascii"))
        self._generation += 1
        QThreadPool.globalInstance().waitForDone(10000)  # a validation still reading the project
        if self.session is not None:
            self.session.close()
            self.workspace.set_session(None)
        super().closeEvent(event)
