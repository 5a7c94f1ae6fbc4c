"""Work packages (issue 23): merging back a 科室's package of 1,000 entries / 20,000 items, against bare sqlite3 reads
of the same two files. Goal: the merge (read + three-way comparison + one undoable command, saved) ≤ 1 s absolute."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Result, best_of, read_tables  # noqa: E402

ENTRIES, ITEMS, MATTERS = 1000, 20000, 400
EDITED_THERE, EDITED_HERE, CONFLICTS, ADDED = 300, 100, 50, 50
GOAL_S = 1.0


def _prepare(workdir: Path) -> tuple[Path, Path]:
    """The unit's file with every matter assigned to one 科室, its package cut; then both sides edit (the
    package: 300 entries changed, 50 added; the unit: 100 entries, 50 of them the same field differently)."""
    from bench.generate import write_department
    from govcat_desktop.domain.models import CatalogEntry, InfoItem
    from govcat_desktop.services import packages
    from govcat_desktop.services.commands import AddEntry, Composite, UndoStack, UpdateEntry
    from govcat_desktop.services.session import Session

    home = write_department(workdir / "packages-unit.govcat", n_matters=MATTERS, entries=ENTRIES, items=ITEMS)
    pkg = workdir / "packages-科室.govcat"
    if pkg.exists():
        pkg.unlink()
    session = Session.open(home)
    try:
        UndoStack(session).push(packages.assign_command(session, session.project.matters, "登记科"))
        packages.export_package(session, "登记科", pkg)
        entries = [e for m in session.project.matters for e in m.entries]
        steps = [UpdateEntry(e.model_copy(deep=True), e.model_copy(update={"summary": f"本单位改的摘要{n}"}))
                 for n, e in enumerate(entries[:EDITED_HERE])]
        UndoStack(session).push(Composite(steps))
    finally:
        session.close()
    there = Session.open(pkg)
    try:
        entries = [e for m in there.project.matters for e in m.entries]
        steps = []
        for n, e in enumerate(entries[EDITED_HERE - CONFLICTS:EDITED_HERE - CONFLICTS + EDITED_THERE]):
            steps.append(UpdateEntry(e.model_copy(deep=True), e.model_copy(update={"summary": f"科室改的摘要{n}"})))
        for n, m in enumerate(there.project.matters[:ADDED]):
            items = [InfoItem(name=f"新增信息项{k}", data_type="C", length="50") for k in range(20)]
            steps.append(AddEntry(m.id, CatalogEntry(name=f"科室新增目录{n}", summary="科室新增", items=items)))
        UndoStack(there).push(Composite(steps))
    finally:
        there.close()
    return home, pkg


def run(workdir: Path) -> list[Result]:
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.package_merge import plan_merge
    from govcat_desktop.services.session import Session

    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("GOVCAT_DATA_DIR", str(workdir / "data"))  # backups of the opens stay in the work folder
    os.environ.setdefault("GOVCAT_CONFIG_DIR", str(workdir / "config"))
    home, pkg = _prepare(workdir)

    def bare() -> None:
        read_tables(home)
        read_tables(pkg)

    baseline = best_of(bare)
    session = Session.open(home)
    merges, undos, plans = [], [], []
    try:
        for _ in range(3):
            history = UndoStack(session)
            t0 = time.perf_counter()
            plan = plan_merge(session, pkg)
            t1 = time.perf_counter()
            command = plan.command(session, default="package")
            history.push(command)
            merges.append(time.perf_counter() - t0)
            plans.append(t1 - t0)
            t0 = time.perf_counter()
            history.undo()
            undos.append(time.perf_counter() - t0)
        conflicts, changes = len(plan.conflicts), len(plan.changes)
    finally:
        session.close()
    merge_s, undo_s, plan_s = statistics.median(merges), statistics.median(undos), statistics.median(plans)
    base = "bare sqlite3 SELECT of matter/entry/item, both files"
    note = (f"{ENTRIES} entries / {ITEMS} items in the package; {changes} changes taken, "
            f"{conflicts} conflicts decided; goal = 1 s absolute")
    return [
        Result(f"merge a work package back ({ENTRIES} entries / {ITEMS} items): read + compare + one command, saved",
               merge_s, base, baseline, goal=GOAL_S / baseline, note=note),
        Result("work package: the three-way comparison alone (reading the package included)", plan_s, base, baseline,
               note="plan_merge: nothing written"),
        Result("work package merge undone (Ctrl+Z)", undo_s, base, baseline, goal=GOAL_S / baseline,
               note="goal = 1 s absolute"),
    ]


if __name__ == "__main__":
    import tempfile

    for r in run(Path(tempfile.mkdtemp(prefix="bench-packages-"))):
        print(r.row())
