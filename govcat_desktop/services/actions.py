"""Rules as preconditions of commands (git-cola's ConfirmAction: ok_to_run → confirm → action).

An action checks its rules against the session (`refusal`: a Chinese sentence, or "" when it may run),
asks the user through an Interaction when a question is due (`confirm`), and then builds the undoable
command (`command`). The GUI pushes that command on its undo stack; the CLI does it at once. Either way
the same rules apply, worded the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcat_desktop.domain.models import CatalogEntry
from govcat_desktop.services.commands import Command, DeleteMatter, UndoStack, UpdateEntry
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.rules import (  # noqa: F401 - Refused and READ_ONLY are part of this module's API
    READ_ONLY,
    Refused,
    decision_refusal,
    entry_refusal,
    state_refusal,
    transition_refusal,
)
from govcat_desktop.services.session import Session


class Action:
    """Base: ok_to_run → confirm → command."""

    def refusal(self, session: Session) -> str:
        return ""

    def confirm(self, session: Session, interaction: Interaction) -> bool:
        return True

    def command(self, session: Session) -> Command:  # pragma: no cover - abstract
        raise NotImplementedError

    def prepare(self, session: Session, interaction: Interaction) -> Command | None:
        """The command to do, None when the user declined; raises Refused when a rule forbids it."""
        if session.readonly:  # before any question: a read-only project takes no edit, whatever the answer
            raise Refused(READ_ONLY)
        reason = self.refusal(session)
        if reason:
            raise Refused(reason)
        if not self.confirm(session, interaction):
            return None
        return self.command(session)

    def run(self, session: Session, interaction: Interaction, history: UndoStack | None = None) -> Command | None:
        """Headless use (CLI): prepare and push at once (on `history`, else a history of its own); returns it."""
        command = self.prepare(session, interaction)
        if command is not None:
            (history or UndoStack(session)).push(command)
        return command


@dataclass
class SetEntryStatus(Action):
    """Move a catalog entry through the unit's own review: 已审核 only without errors, 退回 with a note."""

    entry_id: int
    status: str
    note: str | None = None

    def refusal(self, session: Session) -> str:
        if self.entry_id not in session.entries:
            return "找不到该目录。"
        matter, entry = session.entries[self.entry_id]
        current = entry.review_status or "草稿"
        reason = state_refusal(self.status) or transition_refusal(entry.name, current, self.status)
        if not reason and self.status == "退回":
            reason = decision_refusal("退回", self.note)  # the note asked for now, not one left from before
        if reason:
            return reason
        return entry_refusal(session, matter, entry, self._new(entry))  # the rules every write passes

    def _new(self, entry: CatalogEntry) -> CatalogEntry:
        note = self.note.strip() if self.note is not None else ("" if self.status != "退回" else entry.review_note)
        return entry.model_copy(update={"review_status": self.status, "review_note": note})

    def command(self, session: Session) -> Command:
        entry = session.entries[self.entry_id][1]
        return UpdateEntry(entry, self._new(entry), text=f"目录“{entry.name}”{self.status}")


@dataclass
class RemoveMatter(Action):
    """Delete a matter; when it holds entries, the user confirms (they go with it)."""

    matter_id: int

    def refusal(self, session: Session) -> str:
        return "" if self.matter_id in session.matters else "找不到该事项。"

    def confirm(self, session: Session, interaction: Interaction) -> bool:
        matter = session.matters[self.matter_id]
        if not matter.entries:
            return True
        return interaction.confirm(
            "删除事项",
            f"事项“{matter.name}”下有 {len(matter.entries)} 个数据资源目录，删除事项会一并删除这些目录。\n"
            "删除后可用“编辑 ▸ 撤销”恢复。确定删除吗？", yes="删除",
        )

    def command(self, session: Session) -> Command:
        return DeleteMatter(self.matter_id, text=f"删除事项“{session.matters[self.matter_id].name}”")
