"""The bureau's merge (and its decision on a held file) as one undoable step of the session's history.

The merge's rules stay in intake.merge; this step tells it a journal (itself): before a file first writes a unit, that
unit's rows in every bureau table are copied aside (storage.unit_snapshot, TEMP tables of the same connection), and a
new unit is only noted. Undo copies what the merge wrote aside too, then puts every touched unit back as it was (a new
one is removed), with the scanned pages and the held-files list; redo puts back what the merge wrote, without reading
the files again. Each step says `bureau_changed("units")`, from which the bureau page repaints.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.text import visible
from govcat_desktop.services.bureau.intake import MergeOutcome, decide_held, merge
from govcat_desktop.services.commands import Command
from govcat_desktop.services.notify import Notifier
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.unit_snapshot import AFTER, BEFORE, UnitSnapshots


@dataclass(eq=False)
class MergeSubmissions(Command):
    """汇总: take in the units' files. run() does the merge (the window runs it in the background before push());
    do() without a run first runs it (the CLI)."""

    sources: list[str]
    same_unit: bool | Collection[Path] = False
    notifier: Notifier | None = None
    text: str = "汇总报送材料"
    outcome: MergeOutcome | None = None
    units: list[int] = field(default_factory=list)  # every unit the merge wrote, in the order it first did
    _new: set[int] = field(default_factory=set)
    _snap: UnitSnapshots | None = None
    _undone: bool = False

    # ----- the merge's journal (intake.Journal) ----------------------------------------------------------------------
    def touch(self, unit_id: int, *, new: bool = False) -> None:
        if unit_id in self._new or unit_id in self.units:
            return
        self.units.append(unit_id)
        if new:
            self._new.add(unit_id)
        else:
            self._snapshots().snapshot([unit_id], BEFORE)

    def _snapshots(self) -> UnitSnapshots:
        if self._snap is None:
            raise RuntimeError("the merge step was not started")
        return self._snap

    # ----- the step ---------------------------------------------------------------------------------------------------
    def run(self, session: Session, notifier: Notifier | None = None) -> MergeOutcome:
        """The merge itself, once; a merge that raises half way is taken back whole (nothing of it stays)."""
        if self.outcome is not None:
            return self.outcome
        self._snap = UnitSnapshots(session.store)
        try:
            self.outcome = self._merge(session.store, notifier or self.notifier)
        except BaseException:
            try:
                if self.units or self._snap.outside_units():
                    self._snap.put(self.units, BEFORE)
            finally:
                self._snap.discard()
            raise
        self.text = self._describe(self.outcome)
        return self.outcome

    def _merge(self, store: ProjectFile, notifier: Notifier | None) -> MergeOutcome:
        return merge(store, self.sources, notifier, same_unit=self.same_unit, journal=self)

    def _describe(self, outcome: MergeOutcome) -> str:
        what = [f"{len(self.units)} 个单位的报送材料"] if self.units else []
        what += [f"{len(outcome.scans)} 个盖章版扫描件"] if outcome.scans else []
        held = f"（待定 {len(outcome.held)} 个）" if outcome.held else ""
        return f"汇总 {'、'.join(what)}{held}" if what else f"汇总报送材料{held}"

    @property
    def changed(self) -> bool:
        """Whether the merge wrote anything (a step that took nothing in is not kept in the history)."""
        return bool(self.units) or self._snapshots().outside_units()

    def do(self, session: Session) -> None:
        if self.outcome is None:
            self.run(session)
        elif self._undone:  # redo: what the merge wrote, as it wrote it
            self._snapshots().put(self.units, AFTER)
        self._undone = False
        session.events.bureau_changed.emit("units")

    def undo(self, session: Session) -> None:
        snap = self._snapshots()
        with session.store.transaction():  # what the merge wrote is copied aside (for redo) in the same transaction
            snap.drop(AFTER)
            snap.snapshot(self.units, AFTER)
            snap.put(self.units, BEFORE)
        self._undone = True
        session.events.bureau_changed.emit("units")


    def forget(self) -> None:
        if self._snap is not None:
            self._snap.discard()


@dataclass(eq=False)
class DecideHeld(MergeSubmissions):
    """The bureau's decision on a held file: 作为同一单位接收 (a merge of it as that unit) or 拒收."""

    take: bool = True

    def _merge(self, store: ProjectFile, notifier: Notifier | None) -> MergeOutcome:
        return decide_held(store, self.sources[0], take=self.take, notifier=notifier, journal=self)

    def _describe(self, outcome: MergeOutcome) -> str:
        name = visible(Path(self.sources[0]).name)
        return f"作为同一单位接收“{name}”" if self.take else f"拒收“{name}”"


class Collecting:
    """A notifier passing progress through and keeping the warnings for one summary, not a message box each."""

    def __init__(self, inner: Notifier, notes: list[str]) -> None:
        self.inner = inner
        self.notes = notes

    def info(self, message: str) -> None:
        self.inner.info(message)

    def warning(self, message: str) -> None:
        self.notes.append(message)

    def progress(self, done: int, total: int, label: str = "") -> bool:
        return self.inner.progress(done, total, label)


def summary(outcome: MergeOutcome, notes: list[str]) -> str:
    """The window's one message after a merge: what was taken, held, skipped, left aside, and the warnings."""
    scans = f"、{len(outcome.scans)} 个盖章版扫描件" if outcome.scans else ""
    lines = [f"已汇总 {len(outcome.taken)} 个文件{scans}。"]
    held = f"待定 {len(outcome.held)} 个（在“待定和拒收”中作为同一单位接收或拒收）："
    for rows, head, most in ((outcome.held, held, 10), (outcome.skipped, f"跳过 {len(outcome.skipped)} 个：", 15),
                             (outcome.ignored, f"略过 {len(outcome.ignored)} 个不需汇总的文件：", 10),
                             (outcome.passed, f"略过 {len(outcome.passed)} 条答复：", 10)):
        if rows:
            lines.append(head)
            lines += [_said(p, reason) for p, reason in rows[:most]]
    if notes:
        lines.append("请留意：")
        lines += [f"· {n}" for n in notes[:10]]
    return visible("\n".join(lines), keep="\n")


def _said(path: str | Path, reason: str) -> str:
    """“· name：reason”, or “· reason” when the reason names the file itself (the scans' reasons do)."""
    name = Path(path).name
    return f"· {reason}" if reason.startswith(f"“{name}”") else f"· {name}：{reason}"
