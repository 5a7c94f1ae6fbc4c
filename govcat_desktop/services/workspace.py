"""The application core without Qt: the open session, its command history, one validator, the findings.

The GUI (through a thin Qt adapter) and the CLI both use it. It listens to the session's fine-grained
events and says, per record, whose findings changed (`events.findings_changed(refs)`), so a view
repaints only those records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from govcat_desktop.formspec import FormSet, default_forms
from govcat_desktop.services.commands import Command, UndoStack
from govcat_desktop.services.events import Signal
from govcat_desktop.services.session import Session
from govcat_desktop.validation import Finding, Validator


@dataclass
class _View:
    """What extra_findings reads of a session: a store (here the worker's own) and the records."""

    store: Any
    project: Any


def _owner(ref: tuple) -> tuple:
    """The record a finding belongs to: an item's findings are its entry's."""
    return ("catalog", ref[1]) if ref and ref[0] == "item" else tuple(ref)


class Workspace:
    def __init__(self, forms: FormSet | None = None) -> None:
        self.forms = forms or default_forms()
        self.validator = Validator(self.forms)
        self.session: Session | None = None
        self.history = UndoStack(None)  # THE command history (GUI and CLI): cleared when another project opens
        self._flat: list[Finding] | None = []  # every finding; None after a recheck until asked for again
        self._by_owner: dict[tuple, list[Finding]] = {}
        self.session_changed = Signal("session_changed")  # (session | None)
        self.findings_changed = Signal("findings_changed")  # (owners: set of record refs, e.g. ("catalog", 7))
        self._written: set[int] = set()  # entries written since the last step of the history
        self.history.applied.connect(self._step_done)  # first of its listeners: views see the rechecked findings

    # ----- the open project -----------------------------------------------------------
    def set_session(self, session: Session | None) -> None:
        if self.session is not None:
            self.session.events.entry_changed.disconnect(self._entry_written)
        self.session = session
        self._written = set()
        self.history.reset(session)
        if session is not None:
            session.validator = self.validator  # one validator (and its memo) for the whole application
            session.events.entry_changed.connect(self._entry_written)
        self._set([])
        self.session_changed.emit(session)

    def do(self, command: Command) -> None:
        """Do a command on the open project and keep it in the history (a ProjectFileError goes to the caller)."""
        self.history.push(command)

    def _entry_written(self, entry_id: int) -> None:
        self._written.add(entry_id)

    def _step_done(self, _changes: Any) -> None:
        """A step of the history is done: the entries it wrote are rechecked at once — unless there are more than
        RECHECK_AT_ONCE (a bulk edit of 3,000): their findings come with the whole validation (the GUI runs it in
        the background after every step; rechecking 3,000 entries on the GUI thread cost more than the edit)."""
        written, self._written = self._written, set()
        if len(written) <= RECHECK_AT_ONCE:
            for entry_id in written:
                self.recheck_entry(entry_id)

    def recheck_written(self) -> None:
        """Entries written outside the history (an export marking its codes as exported) are rechecked as a step's."""
        self._step_done(None)

    # ----- findings ---------------------------------------------------------------------
    def validate(self) -> list[Finding]:
        """Every finding of the open project (the caller may run this on a snapshot in a worker)."""
        return self.session.findings() if self.session is not None else []

    def background_job(self) -> Callable[[], list[Finding]]:
        """Whole validation for a worker thread, never on the GUI's connection: the records are validated in
        memory, and what validation reads from the file (bureau comments, cross-unit checks) is read through
        the worker's own read-only connection, opened and closed in that thread."""
        if self.session is None:
            return list
        session, validator = self.session, self.validator
        path, project = session.path, session.project

        def job() -> list[Finding]:
            from govcat_desktop.services.bureau.checks import extra_findings
            from govcat_desktop.storage import ProjectFile

            reader = ProjectFile.open(path, readonly=True, make_backup=False, untrusted_source=False)
            try:
                return validator.validate(project) + extra_findings(_View(reader, project))
            finally:
                reader.close()

        return job

    def set_findings(self, findings: Iterable[Finding]) -> set[tuple]:
        """Take a whole validation's result; returns (and announces) the records whose findings changed."""
        return self._set(list(findings))

    def _set(self, findings: list[Finding]) -> set[tuple]:
        by_owner: dict[tuple, list[Finding]] = {}
        for f in findings:
            by_owner.setdefault(_owner(f.ref), []).append(f)
        changed = {k for k in by_owner.keys() | self._by_owner.keys() if by_owner.get(k) != self._by_owner.get(k)}
        self._flat, self._by_owner = findings, by_owner
        if changed:
            self.findings_changed.emit(changed)
        return changed

    def recheck_entry(self, entry_id: int) -> set[tuple]:
        """One entry changed: its own findings (and its items') are recomputed at once, the others kept.

        Findings that compare entries with each other come with the next whole validation."""
        if self.session is None or entry_id not in self.session.entries:
            return set()
        matter, entry = self.session.entries[entry_id]
        fresh = self.validator.check_entry(entry, matter)
        owner = ("catalog", entry_id)
        if any(_owner(f.ref) != owner for f in fresh):  # not expected of check_entry: take the whole-list path
            kept = [f for f in self.findings if _owner(f.ref) != owner or f.rule in CROSS_ENTRY_RULES]
            return self._set(kept + fresh)
        # Only this owner's list changes: a bulk edit of 3,000 entries rechecks 3,000 owners, and rebuilding the
        # whole list and comparing every owner each time made it quadratic (2.4 s in the window).
        old = self._by_owner.get(owner, [])
        new = [f for f in old if f.rule in CROSS_ENTRY_RULES] + fresh
        if new == old:
            return set()
        self._by_owner.pop(owner, None)
        if new:
            self._by_owner[owner] = new
        self._flat = None
        self.findings_changed.emit({owner})
        return {owner}

    @property
    def findings(self) -> list[Finding]:
        """Every current finding (a whole validation's order; rechecked records' findings last)."""
        if self._flat is None:
            self._flat = [f for group in self._by_owner.values() for f in group]
        return self._flat

    def findings_for(self, ref: tuple, items: bool = False) -> list[Finding]:
        out = [f for f in self._by_owner.get(_owner(ref), []) if f.ref == ref]
        if items and ref and ref[0] == "catalog":
            out += [f for f in self._by_owner.get(ref, []) if f.ref and f.ref[0] == "item"]
        return out


RECHECK_AT_ONCE = 200

# Findings on an entry that compare it with other records (not check_entry's): kept until the next whole run.
CROSS_ENTRY_RULES = frozenset({"same-name-different-items", "name-drag-fill", "bureau-comment"})
