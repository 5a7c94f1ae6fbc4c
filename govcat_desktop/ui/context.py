"""The written contract between the window and its pages (git-cola's ContextCommand(context)).

A page receives a PageContext — the open session, the forms, one validator and the findings, the
notifier, the Interaction seam, the undo-aware push and the command history (the workspace's, the same
the CLI uses), remembered UI settings, and the few window services a page may ask for — never the main
window itself: no page imports ui.main_window (an import-linter contract). The main window implements
the protocol; a test passes a small fake instead (tests/ui/fakes.py).

Every page is a `Page`: the window calls these hooks on all pages, with no hasattr() guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QWidget

    from govcat_desktop.formspec import FormSet
    from govcat_desktop.services.changes import Changes
    from govcat_desktop.services.commands import Command, UndoStack
    from govcat_desktop.services.interaction import Interaction
    from govcat_desktop.services.session import Session
    from govcat_desktop.validation import Finding, Validator


class PageContext(Protocol):
    session: Session | None
    forms: FormSet
    validator: Validator
    findings: list[Finding]
    notifier: Any  # services.notify.Notifier (info / warning / progress)
    interaction: Interaction
    menus: dict[str, QMenu]
    history: UndoStack  # push() does a command and keeps it here; Edit ▸ 撤销/重做 step through it

    def dialog_parent(self) -> QWidget | None: ...
    def push(self, command: Command) -> bool: ...
    def settings_get(self, key: str) -> Any: ...
    def settings_set(self, key: str, value: Any) -> None: ...
    def show_page(self, key: str) -> QWidget: ...
    def refresh(self) -> None: ...
    def findings_for(self, ref: tuple, items: bool = False) -> list[Finding]: ...
    def run_in_background(self, fn: Callable[[Any], Any], label: str, cancellable: bool = True) -> Any: ...
    def jump_to(self, finding: Finding) -> bool: ...
    def task_statuses(self) -> list: ...
    def open_matter_wizard(self, matter_id: int | None) -> None: ...
    def add_page(self, key: str, title: str, widget: QWidget, *, roles: Iterable[str] | None = None) -> None: ...
    def route(self, ref_kind: str, page_key: str) -> None: ...
    def scope_action(self, action: QAction, roles: Iterable[str]) -> None: ...


class Page:
    """Hooks every page offers the window (the defaults do nothing)."""

    def set_session(self) -> None:
        """A project was opened (context.session is set)."""

    def apply(self, changes: Changes) -> None:
        """A step of the history (or refresh()) wrote these records (services.changes): repaint what it names."""

    def flush(self) -> None:
        """Commit what the clerk is typing (before save, undo, switching pages)."""

    def show_findings(self) -> None:
        """context.findings changed (a whole validation, or the records an edit rechecked)."""

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
