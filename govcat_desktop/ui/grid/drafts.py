"""The 目录总表's drafts: generated for the matters without an entry (previewed, not saved), 接受/拒绝, 确认草稿."""

from __future__ import annotations

from typing import Any, Protocol

from govcat_desktop.services import bulk, drafts
from govcat_desktop.ui.grid.dialogs import ConfirmDraftsDialog
from govcat_desktop.ui.grid.host import GridHost


class DraftPreview(Protocol):
    """Where the grid shows the previewed drafts (blue rows after the entries)."""

    @property
    def previewed(self) -> list[Any]: ...
    def set_drafts(self, found: list[Any]) -> None: ...
    def show_preview(self) -> None: ...  # the 草稿预览 filter on, the cursor on the first draft
    def end_preview(self) -> None: ...  # no draft left: from 草稿预览 to 未确认草稿 (the accepted ones)


class Drafts:
    def __init__(self, host: GridHost, preview: DraftPreview) -> None:
        self.host = host
        self.ctx = host.ctx
        self.preview = preview

    def generate(self) -> int:
        session = self.ctx.session
        if session is None or self.host.readonly:
            return 0
        found = drafts.propose(session)
        self.preview.set_drafts(found)
        if not found:
            self.ctx.notifier.info("每个事项都已有目录，没有需要生成的草稿。")
            return 0
        self.preview.show_preview()
        self.ctx.notifier.info(f"已为 {len(found)} 个未编目的事项拟好草稿（蓝色行，尚未保存）："
                               "核对后“全部接受”或逐行接受、拒绝。")
        return len(found)

    def _accept(self, chosen: list[Any]) -> bool:
        if not chosen:
            return False
        keep = [d for d in self.preview.previewed if d not in chosen]
        ok = self.host.push(drafts.accept(chosen))
        if ok:
            self.preview.set_drafts(keep)
            if not keep:
                self.preview.end_preview()
            self.ctx.notifier.info(f"已新增 {len(chosen)} 个目录（草稿，未经人工确认；核对后可“确认草稿”）。")
        return ok

    def accept_all(self) -> bool:
        return self._accept(list(self.preview.previewed))

    def accept_selected(self) -> bool:
        return self._accept(self.host.selection.selected_drafts())

    def reject_selected(self) -> None:
        chosen = self.host.selection.selected_drafts()
        self.preview.set_drafts([d for d in self.preview.previewed if d not in chosen])

    def confirm_selected(self) -> bool:
        """确认草稿: the selected entries' unconfirmed drafts, listed once to untick (ConfirmDraftsDialog)."""
        session = self.ctx.session
        ids = ConfirmDraftsDialog.choose(self.ctx.interaction, session, self.host.targets(), self.host.parent)
        return bool(ids) and self.host.push(bulk.confirm_drafts(session, ids))
