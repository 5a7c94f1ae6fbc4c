"""What every page and extension gets: a plain application context (git-cola's ApplicationContext), not the window.

An `AppContext` holds the Qt-free core (the workspace: session, command history, one validator, the findings by
record), the forms, the notifier, the one Interaction (every question to the user), and `window`: the few services
only the window can give (`WindowServices`: show a page, a parent for dialogs, work off the GUI thread, …), through
which extensions also register their pages, menu actions and finding routes — they never edit the window's menus.
No page imports ui.main_window (an import-linter contract); the main window implements WindowServices, a test passes
a small fake instead (tests/ui/fakes.py). `push` holds what every edit does on the way to the history: refused on a
read-only project, a rule's refusal said through the notifier, a failed write said and the file reloaded.

Every page is a `Page`: the window calls these hooks on all pages, with no hasattr() guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from govcat_desktop.services.rules import READ_ONLY, Refused
from govcat_desktop.storage.errors import ProjectFileError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from govcat_desktop.formspec import FormSet
    from govcat_desktop.services.changes import Changes
    from govcat_desktop.services.commands import Command
    from govcat_desktop.services.interaction import Interaction
    from govcat_desktop.services.notify import Notifier
    from govcat_desktop.services.session import Session
    from govcat_desktop.services.workspace import Workspace
    from govcat_desktop.validation import Finding

T = TypeVar("T")
MENUS = ("file", "view", "tools")  # where an extension may add actions (File: before 退出; View: after the pages)


class WindowServices(Protocol):
    """What only the window does for a page or an extension."""

    def dialog_parent(self) -> QWidget | None: ...
    def show_page(self, key: str) -> QWidget: ...
    def current_page_key(self) -> str: ...
    def apply(self, changes: Changes) -> None: ...  # a write outside the history (AppContext.recorded): repaint it
    def refresh(self) -> None: ...  # reload every view: after the file was read again (a failed write)
    def run_in_background(self, fn: Callable[[Any], Any], label: str, cancellable: bool = True) -> Any: ...
    def jump_to(self, finding: Finding) -> bool: ...
    def add_page(self, key: str, title: str, widget: QWidget, *, roles: Iterable[str] | None = None) -> None: ...
    def add_action(self, menu: str, text: str, slot: Callable[[], object], *, name: str = "",
                   shortcut: Any = None, roles: Iterable[str] | None = None, needs_project: bool = False) -> Any: ...
    def route(self, ref_kind: str, page_key: str) -> None: ...  # findings of `ref_kind` open on that page


class AppContext:
    """The core, the seams and the window's services, handed to every page (a plain object, no Qt)."""

    def __init__(self, workspace: Workspace, notifier: Notifier, interaction: Interaction,
                 window: WindowServices) -> None:
        self.workspace = workspace
        self.forms: FormSet = workspace.forms
        self.notifier = notifier
        self.interaction = interaction
        self.window = window

    @property
    def session(self) -> Session | None:
        """The open project (the workspace's)."""
        return self.workspace.session

    def push(self, command: Command) -> bool:
        """Do a command and keep it in the history (it is saved at once); False when it was refused or not saved."""
        session = self.session
        if session is None:
            return False
        if session.readonly:
            self.notifier.warning(READ_ONLY)
            return False
        return self.step(lambda: self.workspace.do(command))

    def recorded(self, run: Callable[[], T]) -> T:
        """run() writing outside the history (an export marks the codes it wrote as exported): what the session
        says it wrote is collected (services.changes.Recorder) and the window repaints just that, as after a step —
        also when run() fails part way (what was written stays written)."""
        from govcat_desktop.services.changes import Changes, Recorder

        session = self.session
        if session is None:
            return run()
        changes = Changes()
        try:
            with Recorder(session.events) as changes:
                return run()
        finally:
            if changes:
                self.window.apply(changes)

    def step(self, run: Callable[[], object]) -> bool:
        """A step of the history (push, undo, redo): a refusal or a failed write is said, nothing is half done."""
        try:
            run()
        except Refused as exc:  # a rule of the domain said no before anything was written
            self.notifier.warning(exc.message)
            return False
        except ProjectFileError as exc:  # nothing changed in the file; memory follows it. The history keeps every
            # step (a failed one stays where it was), so the clerk can try again once the disk has room.
            self.notifier.warning(f"修改没有保存：{exc.message}\n已重新载入文件中的内容，可以在腾出空间后再试一次。")
            if self.session is not None:
                self.session.reload()
            self.window.refresh()
            return False
        return True  # the pages hear what it wrote (history.applied)


class Page:
    """Hooks every page offers the window (the defaults do nothing)."""

    def set_session(self) -> None:
        """A project was opened (context.session is set)."""

    def apply(self, changes: Changes) -> None:
        """A step of the history (or a write recorded outside it, or refresh()) wrote these records
        (services.changes): repaint what it names."""

    def flush(self) -> None:
        """Commit what the clerk is typing (before save, undo, switching pages)."""

    def show_findings(self) -> None:
        """context.workspace.findings changed (a whole validation, or the records an edit rechecked)."""

    def delete_selected(self) -> None:
        """Edit ▸ Delete on this page."""

    def delete_targets(self) -> list[QWidget]:
        """The widgets in which the Delete key means Edit ▸ Delete (a list or tree of records)."""
        return []

    def set_editable(self, editable: bool) -> None:
        """A read-only project: the page's editors take no input (browsing still works)."""

    def start_search(self) -> bool:
        """Edit ▸ Find on this page: focus its search field; False when it has none."""
        return False

    def focus(self, ref: tuple, field: str) -> bool:
        """Show the record of a finding, cursor in its field; False when this page does not hold it."""
        return False

    def current_field(self) -> Any:
        """The form field the cursor is in (F1 help), or None."""
        return None
