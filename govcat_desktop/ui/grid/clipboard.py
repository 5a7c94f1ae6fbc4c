"""The 目录总表's cells and the clipboard: clear (Delete), copy (Ctrl+C), paste (Ctrl+V), fill down (Ctrl+D)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from govcat_desktop.services import bulk
from govcat_desktop.ui.grid.host import GridHost


class Clipboard:
    """Each edit is one command through the host, the errors it would bring asked about first."""

    def __init__(self, host: GridHost) -> None:
        self.host = host
        self.ctx = host.ctx

    def clear(self) -> bool:
        cells = {entry_id: {key: "" for key in keys} for entry_id, keys in self.host.selection.selected_cells().items()}
        if not cells:
            return False
        text = f"清空 {sum(len(v) for v in cells.values())} 个单元格"
        return self.host.push(bulk.set_cells(self.ctx.session, cells, text=text), ask_errors=True)

    def copy(self) -> str:
        table = self.host.selection.selected_table()
        if not table:
            return ""
        text = bulk.to_tsv(table)
        QGuiApplication.clipboard().setText(text)
        self.ctx.notifier.info(f"已复制 {len(table)} 行 × {len(table[0])} 列，可粘贴到 Excel/WPS。")
        return text

    def paste(self, text: str | None = None) -> bool:
        """`text` (else the clipboard's) from the cursor down; rows past the last entry become new entries."""
        session = self.ctx.session
        if session is None:
            return False
        text = QGuiApplication.clipboard().text() if text is None else text
        selection = self.host.selection
        keys = selection.visible_keys()
        if not text.strip():
            return False
        key = selection.current_key() or keys[0]
        if key not in keys:
            key = keys[0]
        plan = bulk.paste(session, text, selection.shown_entry_ids(from_cursor=True), key, keys)
        if plan.problems:
            self.ctx.notifier.warning("\n".join(plan.problems[:10]))
        if plan.command is None:
            return False
        ok = self.host.push(plan.command, ask_errors=True)
        if ok:
            self.ctx.notifier.info(f"已粘贴：修改 {plan.updated} 个、新增 {plan.created} 个目录"
                                   + ("（已跳过表头行）" if plan.skipped_header else "") + "。")
        return ok

    def fill_down(self) -> bool:
        ids = self.host.selection.selected_entry_ids()
        keys = self.host.selection.selected_keys()
        if len(ids) < 2 or not keys:
            self.ctx.notifier.info("先选中一列中的几个单元格（第一个是要向下复制的值），再按 Ctrl+D。")
            return False
        return self.host.push(bulk.fill_down(self.ctx.session, ids, keys), ask_errors=True)
