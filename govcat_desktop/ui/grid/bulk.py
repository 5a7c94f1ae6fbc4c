"""The 目录总表's dialogs over many entries: 批量设置 (Ctrl+B), 查找替换 (Ctrl+H), and which columns are shown (列…)."""

from __future__ import annotations

from typing import Protocol

from govcat_desktop import settings
from govcat_desktop.services import bulk, entry_cells as EC
from govcat_desktop.ui.grid.dialogs import BulkSetDialog, ChecklistDialog, FindReplaceDialog
from govcat_desktop.ui.grid.host import GridHost
from govcat_desktop.ui.grid.model import COLUMNS, KEYS

HIDDEN_SETTING = "grid_hidden_columns"
DEFAULT_HIDDEN = ("resource_code", "resource_format", "resource_subformat", "open_to_public", "open_condition",
                  "publish_date", "res_class", "res_item", "res_target", "res_detail", "related_codes")


def remembered_hidden() -> set[str]:
    """The columns hidden the last time (settings), else the default ones."""
    hidden = settings.get(HIDDEN_SETTING)
    return {k for k in hidden if isinstance(k, str)} if isinstance(hidden, list) else set(DEFAULT_HIDDEN)


class GridColumns(Protocol):
    """The grid's column visibility, by column key."""

    def hidden_keys(self) -> set[str]: ...
    def hide_columns(self, hidden: set[str]) -> None: ...


class BulkEdits:
    def __init__(self, host: GridHost, columns: GridColumns) -> None:
        self.host = host
        self.ctx = host.ctx
        self.columns = columns

    def bulk_set(self) -> None:
        ids = self.host.targets()
        session = self.ctx.session
        if not ids or session is None:
            return
        key = self.host.selection.current_key() or ""
        key = key if key in EC.BY_KEY and EC.BY_KEY[key].editable else ""

        def preview(values: dict[str, str]) -> tuple[int, str]:
            command = bulk.set_fields(session, ids, values)
            if command is not None and command.refusal:
                return 0, command.refusal
            warning = bulk.warning_text(session, command)
            if command is not None and command.skipped:
                warning += f"{command.skipped_text}这些目录将保持原状。"
            return (command.count if command else 0), warning

        def apply() -> None:
            command = bulk.set_fields(session, ids, dialog.values())
            if self.host.push(command) and command.skipped:
                self.ctx.notifier.info(f"已修改 {len(command.pairs)} 个目录；{command.skipped_text}")

        dialog = BulkSetDialog(self.host.parent, self.ctx.forms, len(ids), preview, key)
        dialog.applied.connect(apply)
        self.host.open(dialog)

    def find_replace(self) -> None:
        """In the selected entries (two or more), else in all the filtered ones."""
        session = self.ctx.session
        if session is None:
            return
        selected = self.host.selection.selected_entry_ids()
        ids = selected if len(selected) > 1 else self.host.selection.shown_entry_ids()
        key = self.host.selection.current_key() or "name"

        def preview(k: str, find: str, replace: str) -> int:
            command = bulk.find_replace(session, ids, k, find, replace)
            return command.count if command else 0

        dialog = FindReplaceDialog(self.host.parent, key if key in EC.BY_KEY else "name", preview)
        dialog.applied.connect(lambda: self.host.push(bulk.find_replace(
            session, ids, dialog.column.currentData(), dialog.find.text(), dialog.replace.text()), ask_errors=True))
        self.host.open(dialog)

    def choose_columns(self) -> None:
        """列…: tick the columns to show; the choice is remembered (settings) for the next start."""
        hidden = self.columns.hidden_keys()
        entries = [(c.header, n, c.key not in hidden) for n, c in enumerate(COLUMNS)]
        dialog = ChecklistDialog(self.host.parent, "显示的列", entries,
                                 "勾选要显示的列（事项编码、事项名称、目录名称固定在左侧）。")

        def apply() -> None:
            shown = set(dialog.checked())
            hide = [KEYS[n] for n in range(len(COLUMNS)) if n not in shown]
            self.columns.hide_columns(set(hide))
            settings.update(**{HIDDEN_SETTING: hide})

        dialog.applied.connect(apply)
        self.host.open(dialog)
