"""A thin QUndoCommand adapter around services commands (each do/undo commits to the file at once)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from govcat_desktop.services.commands import Command
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFileError


class CommandAdapter(QUndoCommand):
    """Wraps one services Command. The first redo() is skipped: the window has already done it."""

    def __init__(self, command: Command, session: Session, after: Callable[[Command], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(command.text or "修改")
        self.command = command
        self.session = session
        self._after = after
        self._failed = failed
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._run(self.command.do)

    def undo(self) -> None:
        self._run(self.command.undo)

    def _run(self, fn: Callable[[Session], None]) -> None:
        try:
            fn(self.session)
        except ProjectFileError as exc:
            self._failed(exc.message)
            return
        self._after(self.command)
