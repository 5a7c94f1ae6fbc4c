"""A tiny observer for the application core (no Qt): the session and the workspace say what changed.

Like Orange's Scheme signals (node_inserted(int, node) …) and napari's evented models: fine-grained
events with ids, so a view refreshes only what changed. Handlers run synchronously in the emitting
thread (the GUI's: every write is on it). The command history gathers them per step into one
services.changes.Changes, which the views repaint from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Signal:
    """connect(fn) / disconnect(fn) / emit(*args); handlers in connection order."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._handlers: list[Callable[..., Any]] = []

    def connect(self, handler: Callable[..., Any]) -> None:
        if handler not in self._handlers:
            self._handlers.append(handler)

    def disconnect(self, handler: Callable[..., Any]) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    def emit(self, *args: Any) -> None:
        for handler in list(self._handlers):
            handler(*args)

    def __repr__(self) -> str:
        return f"Signal({self.name!r}, {len(self._handlers)} handlers)"


class SessionEvents:
    """What a session says when its records change (each after the file write succeeded)."""

    def __init__(self) -> None:
        self.entry_changed = Signal("entry_changed")  # (entry_id)
        self.entry_inserted = Signal("entry_inserted")  # (matter_id, entry_id, position)
        self.entry_removed = Signal("entry_removed")  # (matter_id, entry_id)
        self.matter_changed = Signal("matter_changed")  # (matter_id): its own fields
        self.matters_changed = Signal("matters_changed")  # (): matters inserted, removed or reordered
        self.records_changed = Signal("records_changed")  # (kind): "demand" | "review"
        self.settings_changed = Signal("settings_changed")  # (kind): "info" | "contacts" | "mechanism" | "versions" …
        self.bureau_changed = Signal("bureau_changed")  # (what): "review" | "comments" | "units": bureau tables
        self.bureau_entry_changed = Signal("bureau_entry_changed")  # (unit entry id): the bureau's mark on it
        self.reloaded = Signal("reloaded")  # (): everything may have changed
        self.findings_changed = Signal("findings_changed")  # (refs: set of finding refs whose findings changed)
