"""What a controller of the 目录总表 is given instead of the page: the context, the selection, a dialog parent.

The page (ui.grid.page) builds the widgets and wires its buttons, shortcuts and context menu to the controllers
(clipboard, bulk, drafts, reuse, edits); each controller sees only a `GridHost` — and, where it needs one more thing
of the page, a small protocol of its own (drafts: `DraftPreview`, columns: `GridColumns`). A test drives a
controller through a fake host with no page at all (tests/ui/test_grid_controllers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from govcat_desktop.services import bulk
from govcat_desktop.services.rules import write_refusal

if TYPE_CHECKING:
    from govcat_desktop.services.commands import Command
    from govcat_desktop.ui.context import AppContext


class GridSelection(Protocol):
    """The grid's selection and cursor, in the terms a controller needs (entry ids and column keys)."""

    def selected_entry_ids(self) -> list[int]: ...  # the selected rows' entries, in view order (else the cursor's)
    def selected_drafts(self) -> list[Any]: ...  # the selected draft previews (services.drafts)
    def current_entry_id(self) -> int | None: ...  # the entry under the cursor (None on a draft or nothing)
    def current_key(self) -> str | None: ...  # the column key under the cursor
    def selected_keys(self) -> list[str]: ...  # the editable columns of the selection, in column order
    def selected_cells(self) -> dict[int, list[str]]: ...  # entry id → its selected editable column keys
    def selected_table(self) -> list[list[str]]: ...  # the selected cells' texts as shown ('' where not selected)
    def shown_entry_ids(self, from_cursor: bool = False) -> list[int]: ...  # the filtered rows' (from the cursor)
    def visible_keys(self) -> list[str]: ...  # the shown columns, in the order they are shown


def _open(dialog: Any) -> None:
    dialog.open()


@dataclass
class GridHost:
    """The context, the selection, a parent for dialogs and `open(dialog)` (the page keeps it as `page.dialog`)."""

    ctx: AppContext
    selection: GridSelection
    parent: Any = None  # a QWidget
    open: Callable[[Any], None] = field(default=_open)

    @property
    def readonly(self) -> bool:
        return self.ctx.session is None or self.ctx.session.readonly

    def confirm(self, title: str, text: str) -> bool:
        return self.ctx.interaction.confirm(title, text, parent=self.ctx.window.dialog_parent())

    def push(self, command: Command | None, ask_errors: bool = False) -> bool:
        """Do `command` through the history; with `ask_errors`, a rule's refusal is said and the errors it would
        bring are asked about first (修改会产生错误)."""
        session = self.ctx.session
        if command is None or session is None:
            return False
        if ask_errors:
            if reason := write_refusal(session, command):  # the rules first: no question about an edit they refuse
                self.ctx.notifier.warning(reason)
                return False
            warning = bulk.warning_text(session, command)
            if warning and not self.confirm("修改会产生错误", warning + "\n仍要修改吗？"):
                return False
        return self.ctx.push(command)

    def targets(self) -> list[int]:
        """The selected entries, or a hint how to select them."""
        ids = self.selection.selected_entry_ids()
        if not ids:
            self.ctx.notifier.info("先在目录总表中选中要修改的目录（Ctrl+A 选中筛选出的全部）。")
        return ids
