"""What one step of the command history changed (Anki's OpChanges): the ids of the records written.

The session says each write as it happens (services.events); a `Recorder` listens while a command is done,
undone or redone and hands the history one `Changes`, which the history announces (UndoStack.applied). Views
repaint from it: the rows of `entries`, the matters in `matters`, a reset only when `structural`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

from govcat_desktop.services.events import SessionEvents, Signal


@dataclass
class Changes:
    entries: set[int] = field(default_factory=set)  # entries whose fields changed (not added or removed)
    matters: set[int] = field(default_factory=set)  # matters whose own fields changed
    structural: bool = False  # matters or entries added, removed or reordered: lists are rebuilt
    records: set[str] = field(default_factory=set)  # "demand" | "review": those lists changed
    # "info" | "contacts" | "mechanism"; "versions" (an export recorded one), "withdrawn" (a 注销's reason)
    settings: set[str] = field(default_factory=set)
    bureau: set[str] = field(default_factory=set)  # "review" | "comments" | "units" (a merge: units, their files)
    bureau_entries: set[int] = field(default_factory=set)  # received entries (unit_entry ids) the bureau marked
    reloaded: bool = False  # everything may have changed (a reload after a failed write, refresh())

    @classmethod
    def everything(cls) -> Changes:
        return cls(structural=True, records={"demand", "review"},
                   settings={"info", "contacts", "mechanism", "versions", "withdrawn"},
                   bureau={"review", "comments", "units"}, reloaded=True)

    @property
    def catalog(self) -> bool:
        """Anything of the catalog (matters, entries) changed."""
        return bool(self.entries or self.matters or self.structural or self.reloaded)

    def __bool__(self) -> bool:
        return bool(self.catalog or self.records or self.settings or self.bureau)


class Recorder:
    """`with Recorder(session.events) as changes:` collects what the session wrote inside the block."""

    def __init__(self, events: SessionEvents) -> None:
        self.events = events
        self.changes = Changes()

    def _entry(self, entry_id: int) -> None:
        self.changes.entries.add(entry_id)

    def _structure(self, *_args: object) -> None:
        self.changes.structural = True

    def _matter(self, matter_id: int) -> None:
        self.changes.matters.add(matter_id)

    def _records(self, kind: str) -> None:
        self.changes.records.add(kind)

    def _settings(self, kind: str) -> None:
        self.changes.settings.add(kind)

    def _bureau(self, what: str) -> None:
        self.changes.bureau.add(what)

    def _bureau_entry(self, entry_id: int) -> None:
        self.changes.bureau.add("review")
        self.changes.bureau_entries.add(entry_id)

    def _reloaded(self) -> None:
        everything = Changes.everything()
        self.changes.structural, self.changes.reloaded = True, True
        self.changes.records |= everything.records
        self.changes.settings |= everything.settings
        self.changes.bureau |= everything.bureau

    def _pairs(self) -> list[tuple[Signal, Callable[..., None]]]:
        e = self.events
        return [(e.entry_changed, self._entry), (e.entry_inserted, self._structure), (e.entry_removed, self._structure),
                (e.matters_changed, self._structure), (e.matter_changed, self._matter),
                (e.records_changed, self._records), (e.settings_changed, self._settings),
                (e.bureau_changed, self._bureau), (e.bureau_entry_changed, self._bureau_entry),
                (e.reloaded, self._reloaded)]

    def __enter__(self) -> Changes:
        for signal, handler in self._pairs():
            signal.connect(handler)
        return self.changes

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for signal, handler in self._pairs():
            signal.disconnect(handler)
