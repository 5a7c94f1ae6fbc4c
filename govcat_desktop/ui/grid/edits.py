"""The 目录总表's own edits of one entry: a cell typed in, its info items below, the findings while typing, 删除."""

from __future__ import annotations

from typing import Any

from govcat_desktop.services import bulk, entry_cells as EC
from govcat_desktop.services.commands import Composite, DeleteEntry, UpdateEntry
from govcat_desktop.ui.grid.host import GridHost


class EntryEdits:
    def __init__(self, host: GridHost) -> None:
        self.host = host
        self.ctx = host.ctx

    def commit_cell(self, entry_id: int, key: str, text: str) -> bool:
        """A cell's text, parsed as the forms do; one undoable edit (nothing when the entry stays the same)."""
        session = self.ctx.session
        if key == EC.ASSIGNEE:  # the matter's 承办科室 (issue 23): one undoable edit of the matter
            return self.host.push(bulk.set_fields(session, [entry_id], {key: text}))
        old = session.entries[entry_id][1]
        new = old.model_copy(update=EC.parse_cell(old, EC.column(key), text, self.ctx.forms), deep=True)
        if new == old:
            return False
        return self.host.push(UpdateEntry(old, new, text=f"修改“{old.name}”的{EC.column(key).header}"))

    def commit_items(self, entry_id: int | None, items: list[Any]) -> bool:
        session = self.ctx.session
        if entry_id is None or session is None or entry_id not in session.entries:
            return False
        old = session.entries[entry_id][1]
        if items == old.items:
            return False
        new = old.model_copy(update={"items": items}, deep=True)
        return self.host.push(UpdateEntry(old, new, text=f"修改“{old.name}”的信息项"))

    def live_findings(self, key: str, text: str) -> list[Any] | None:
        """While a cell of the current entry is typed in: the findings it would have (None: no entry there)."""
        entry_id = self.host.selection.current_entry_id()
        session = self.ctx.session
        if entry_id is None or session is None:
            return None
        matter, entry = session.entries[entry_id]
        draft = entry.model_copy(update=EC.parse_cell(entry, EC.column(key), text, self.ctx.forms))
        return self.ctx.workspace.validator.check_entry(draft, matter)

    def delete_selected(self) -> bool:
        ids = self.host.selection.selected_entry_ids()
        if not ids:
            return False
        question = f"删除所选的 {len(ids)} 个目录（连同信息项）？删除后可用“编辑 ▸ 撤销”恢复。"
        if not self.host.confirm("删除目录", question):
            return False
        return self.host.push(Composite([DeleteEntry(i) for i in ids], text=f"删除 {len(ids)} 个目录"))
