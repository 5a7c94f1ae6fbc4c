"""Undoable edits: each holds old and new values; do() and undo() each commit to the file at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from govcat_desktop.domain.models import CatalogEntry, Matter
from govcat_desktop.services.changes import Changes, Recorder
from govcat_desktop.services.events import Signal
from govcat_desktop.services.rules import EntryWrite, check_write
from govcat_desktop.services.session import Session

T = TypeVar("T")


class Command:
    """Base of every edit. `text` is what Edit ▸ Undo shows."""

    text = ""

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]:
        """The catalog entries do() would write, as (matter, entry now or None when new, entry after): what the
        rules (services.rules.check_write) look at before the command is done. Commands writing entries say so."""
        return ()

    def do(self, session: Session) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def undo(self, session: Session) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def forget(self) -> None:
        """The command left the history for good (undone, then another step was pushed): free what it kept aside
        for its redo (MergeSubmissions: its copies in the project's TEMP tables). Nothing for most commands."""


@dataclass
class SetSingleton(Command):
    """Replace the project info, the contacts or the mechanism form."""

    kind: str
    old: Any
    new: Any
    text: str = "修改"

    def do(self, session: Session) -> None:
        session.set_singleton(self.kind, self.new)

    def undo(self, session: Session) -> None:
        session.set_singleton(self.kind, self.old)



def _done(value: T | None) -> T:
    """What do() recorded, for undo() and redo: an undo before its do is a bug, said as one."""
    if value is None:
        raise RuntimeError("undo() of a command that was never done")
    return value


@dataclass
class AddMatter(Command):
    matter: Matter
    pos: int | None = None
    text: str = "新增事项"
    _id: int | None = None

    def do(self, session: Session) -> None:
        matter = self.matter.model_copy(deep=True)
        if self._id is not None:
            matter.id = self._id
        stored = session.add_matter(matter, self.pos)
        self._id = stored.id
        self.matter = stored.model_copy(deep=True)

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]:
        return [(self.matter, None, entry) for entry in self.matter.entries]

    def undo(self, session: Session) -> None:
        session.remove_matter(_done(self._id))

    @property
    def matter_id(self) -> int | None:
        return self._id


@dataclass
class UpdateMatter(Command):
    old: Matter
    new: Matter
    text: str = "修改事项"

    def do(self, session: Session) -> None:
        session.replace_matter(self.new)

    def undo(self, session: Session) -> None:
        session.replace_matter(self.old)


@dataclass
class DeleteMatter(Command):
    """Delete a matter with its entries; undo restores them with the same ids and place."""

    matter_id: int
    text: str = "删除事项"
    _saved: Matter | None = None
    _pos: int | None = None

    def do(self, session: Session) -> None:
        self._saved, self._pos = session.remove_matter(self.matter_id)

    def undo(self, session: Session) -> None:
        session.add_matter(_done(self._saved), self._pos)


@dataclass
class AddEntry(Command):
    matter_id: int
    entry: CatalogEntry
    pos: int | None = None
    text: str = "新增目录"
    _id: int | None = None

    def do(self, session: Session) -> None:
        entry = self.entry.model_copy(deep=True)
        if self._id is not None:
            entry.id = self._id
        self._id = session.add_entry(self.matter_id, entry, self.pos).id

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]:
        return [(session.matters.get(self.matter_id) or Matter(), None, self.entry)]

    def undo(self, session: Session) -> None:
        session.remove_entry(_done(self._id))

    @property
    def entry_id(self) -> int | None:
        return self._id


@dataclass
class UpdateEntry(Command):
    """A person's edit of one entry; it also confirms a proposed draft (clears `unconfirmed`)."""

    old: CatalogEntry
    new: CatalogEntry
    text: str = "修改目录"

    def __post_init__(self) -> None:
        if (self.new.unconfirmed or self.new.bulk_confirmed) and self.new != self.old:
            self.new = self.new.model_copy(update={"unconfirmed": False, "bulk_confirmed": False})

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]:
        current = session.entries.get(self.new.id) if self.new.id is not None else None
        return [] if current is None else [(current[0], current[1], self.new)]

    def do(self, session: Session) -> None:
        session.replace_entry(self.new)

    def undo(self, session: Session) -> None:
        session.replace_entry(self.old)


@dataclass
class DeleteEntry(Command):
    entry_id: int
    text: str = "删除目录"
    _matter_id: int | None = None
    _saved: CatalogEntry | None = None
    _pos: int | None = None

    def do(self, session: Session) -> None:
        self._matter_id, self._saved, self._pos = session.remove_entry(self.entry_id)

    def undo(self, session: Session) -> None:
        session.add_entry(_done(self._matter_id), _done(self._saved), self._pos)


@dataclass
class AddRecord(Command):
    """Add a demand or a review (kind = "demand" | "review")."""

    kind: str
    record: Any
    pos: int | None = None
    text: str = "新增"
    _id: int | None = None

    def do(self, session: Session) -> None:
        record = self.record.model_copy(deep=True)
        if self._id is not None:
            record.id = self._id
        self._id = session.add_record(self.kind, record, self.pos).id

    def undo(self, session: Session) -> None:
        session.remove_record(self.kind, _done(self._id))

    @property
    def record_id(self) -> int | None:
        return self._id


@dataclass
class UpdateRecord(Command):
    kind: str
    old: Any
    new: Any
    text: str = "修改"

    def do(self, session: Session) -> None:
        session.replace_record(self.kind, self.new)

    def undo(self, session: Session) -> None:
        session.replace_record(self.kind, self.old)


@dataclass
class DeleteRecord(Command):
    kind: str
    record_id: int
    text: str = "删除"
    _saved: Any = None
    _pos: int | None = None

    def do(self, session: Session) -> None:
        self._saved, self._pos = session.remove_record(self.kind, self.record_id)

    def undo(self, session: Session) -> None:
        session.add_record(self.kind, self._saved, self._pos)


@dataclass
class Composite(Command):
    """Several commands as one edit and one transaction (a wizard's Finish, an import)."""

    commands: list[Command] = field(default_factory=list)
    text: str = "批量修改"

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]:
        for command in self.commands:
            yield from command.entry_writes(session)

    def do(self, session: Session) -> None:
        try:
            with session.store.transaction():
                for command in self.commands:
                    command.do(session)
        except BaseException:
            session.reload()
            raise

    def undo(self, session: Session) -> None:
        try:
            with session.store.transaction():
                for command in reversed(self.commands):
                    command.undo(session)
        except BaseException:
            session.reload()
            raise


class UndoStack:
    """The command history of one open project, the same for the GUI and the CLI (no Qt).

    push() checks the rules every write passes (services.rules.check_write: a Refused changes nothing), does the
    command and keeps it; undo()/redo() step through the kept ones (they return to states the rules let in). A
    step whose do/undo raises (a ProjectFileError: disk full, file gone) changes nothing here and the error goes to
    the caller, so the history still says what the file holds. `applied(changes)` says what a step wrote
    (services.changes: the ids of entries and matters, the record lists, the settings) — views repaint from it;
    `changed` is emitted after every step and reset(); the GUI labels Edit ▸ 撤销/重做 from can_undo/undo_text and
    can_redo/redo_text.
    """

    def __init__(self, session: Session | None) -> None:
        self.session = session
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self.changed = Signal("history_changed")  # ()
        self.applied = Signal("history_applied")  # (Changes): what the last push, undo or redo wrote
        self.last_changes = Changes()

    def _record(self, step: Callable[[Session], None]) -> Changes:
        session = self._session()
        with Recorder(session.events) as changes:
            step(session)
        self.last_changes = changes
        return changes

    def push(self, command: Command) -> None:
        check_write(self._session(), command)
        changes = self._record(command.do)
        self._done.append(command)
        for gone in self._undone:
            gone.forget()
        self._undone.clear()
        self.applied.emit(changes)
        self.changed.emit()

    def undo(self) -> bool:
        if not self._done:
            return False
        changes = self._record(self._done[-1].undo)  # a failure leaves it done (the file was not changed)
        self._undone.append(self._done.pop())
        self.applied.emit(changes)
        self.changed.emit()
        return True

    def redo(self) -> bool:
        if not self._undone:
            return False
        changes = self._record(self._undone[-1].do)
        self._done.append(self._undone.pop())
        self.applied.emit(changes)
        self.changed.emit()
        return True

    def reset(self, session: Session | None) -> None:
        """An empty history for another open project (or none)."""
        self.session = session
        self._done.clear()
        self._undone.clear()
        self.changed.emit()

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("no project is open")
        return self.session

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_command(self) -> Command | None:
        """The command undo() would take back."""
        return self._done[-1] if self._done else None

    def is_done(self, command: Command) -> bool:
        """Whether `command` is in the history and done (not undone)."""
        return any(c is command for c in self._done)

    @property
    def redo_command(self) -> Command | None:
        """The command redo() would do again."""
        return self._undone[-1] if self._undone else None

    @property
    def undo_text(self) -> str:
        """What Edit ▸ 撤销 names ("" when there is nothing to undo)."""
        return _text(self.undo_command)

    @property
    def redo_text(self) -> str:
        return _text(self.redo_command)


def _text(command: Command | None) -> str:
    return "" if command is None else (command.text or "修改")
