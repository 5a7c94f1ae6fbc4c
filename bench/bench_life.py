"""The catalog's life (issue 22) at department scale: the changes of a 3,000-entry / 60,000-item resubmission
(goal ≤ 1 s), and the bureau's merge of it against the version it accepted (goal ≤ 1.2× a first submission's merge)."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Result, best_of, read_tables  # noqa: E402

CHANGED, ADDED, WITHDRAWN = 30, 10, 10
REPEAT = 2
SIZE = {"n_matters": 1000, "entries": 3000, "items": 60000}  # SPEC §7's department


def _copies(workdir: Path) -> tuple[Path, Path, Path, int]:
    """(unit project, first editable copy, resubmitted copy, entries) — the resubmission changes 30 entries' 资源摘要,
    deletes 10 and adds 10."""
    from bench.generate import write_department
    from govcat_desktop.domain.models import CatalogEntry
    from govcat_desktop.services.commands import AddEntry, DeleteEntry, UndoStack, UpdateEntry
    from govcat_desktop.services.export import export_task
    from govcat_desktop.services.session import Session

    path = write_department(workdir / "life-unit.govcat", **SIZE)
    for d in ("v1", "v2"):
        shutil.rmtree(workdir / d, ignore_errors=True)
    session = Session.open(path)
    try:
        entries = session.project.entry_count()
        first = next(p for p in export_task(session, "catalog", workdir / "v1", pdf=False) if "可编辑" in p.name)
        from govcat_desktop.services.revisions import accept_reviewed

        assert accept_reviewed(session, 1, [("catalog", "", "", "已审核")])  # the bureau's feedback: v1 accepted
        history = UndoStack(session)
        with_entries = [m for m in session.project.matters if m.entries]
        for m in with_entries[:CHANGED]:
            e = m.entries[0]
            history.push(UpdateEntry(e, e.model_copy(update={"summary": e.summary + "（更新）",
                                                              "change_reason": "纠错"}, deep=True)))
        for m in with_entries[CHANGED:CHANGED + WITHDRAWN]:
            history.push(DeleteEntry(m.entries[0].id))
        for n, m in enumerate(with_entries[-ADDED:]):
            template = m.entries[0]
            history.push(AddEntry(m.id, CatalogEntry(**{**template.model_dump(exclude={"id", "uid"}),
                                                        "name": f"新增目录{n}"})))
        second = next(p for p in export_task(session, "catalog", workdir / "v2", pdf=False) if "可编辑" in p.name)
    finally:
        session.close()
    return path, first, second, entries


def _bureau(path: Path):
    from govcat_desktop.domain.models import ProjectInfo
    from govcat_desktop.storage import ProjectFile

    for p in (path, path.with_name(path.name + "-journal")):
        if p.exists():
            p.unlink()
    return ProjectFile.create(path, ProjectInfo(role="市大数据局", org_name="阳泉市大数据局",
                                                org_code="11511301008778183N", region="阳泉市"))


def run(workdir: Path) -> list[Result]:
    from python_calamine import CalamineWorkbook

    from govcat_desktop.services import revisions
    from govcat_desktop.services.bureau import review
    from govcat_desktop.services.bureau.intake import merge
    from govcat_desktop.services.session import Session
    from govcat_desktop.storage.bureau_store import BureauStore

    workdir.mkdir(parents=True, exist_ok=True)
    path, first, second, entries = _copies(workdir)

    session = Session.open(path, readonly=True)
    try:
        found = revisions.changes(session)
        counts = revisions.summary(found)
        assert counts == {"新增": ADDED, "变更": CHANGED, "注销": WITHDRAWN}, counts
        changes_s = best_of(lambda: revisions.changes(session), 3)
        marks_s = best_of(lambda: revisions.marks(session), 3)
    finally:
        session.close()
    base_read = best_of(lambda: read_tables(path), 3)

    def bare_calamine() -> None:
        wb = CalamineWorkbook.from_path(str(second))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
        wb.close()

    base_x = best_of(bare_calamine, 3)
    firsts, agains = [], []
    kept = 0
    for n in range(REPEAT):
        store = _bureau(workdir / f"life-city-{n}.govcat")
        try:
            t0 = time.perf_counter()
            merge(store, [first], workers=0)
            firsts.append(time.perf_counter() - t0)
            bureau = BureauStore(store)
            [sub] = [s.id for s in bureau.submissions(current_only=True) if s.kind == "catalog"]
            review.mark_submission(store, sub, "已审核")
            t0 = time.perf_counter()
            outcome = merge(store, [second], workers=0)
            agains.append(time.perf_counter() - t0)
            kept = outcome.taken[0].merged.kept
        finally:
            store.close()
    first_s, again_s = min(firsts), min(agains)
    items = "3,000 entries / 60,000 items" if entries == 3000 else f"{entries:,} entries"
    return [
        Result(f"changes of a resubmission since the base ({items}: {CHANGED} 变更, {ADDED} 新增, {WITHDRAWN} 注销)",
               changes_s, "sqlite3 SELECT of matters+entries+items", base_read, goal=round(1.0 / base_read, 1),
               note="median of 3; goal = 1 s absolute (issue 22)"),
        Result(f"the grid's 与上次报送相比 marks ({items})", marks_s, "sqlite3 SELECT of matters+entries+items",
               base_read, note="median of 3; read again after each edit while the filter is on; no goal set"),
        Result(f"merge the resubmission at the bureau ({items}, v1 accepted)", again_s,
               "merge of the first submission, same bureau, same run", first_s, goal=1.2,
               note=f"best of {REPEAT}, one process; {kept:,} unchanged entries keep 已审核"),
        Result(f"merge of the first submission ({items})", first_s, "python-calamine read of the copy", base_x,
               note=f"best of {REPEAT}, one process; for scale"),
    ]


if __name__ == "__main__":
    import tempfile

    for r in run(Path(tempfile.mkdtemp(prefix="govcat-bench-life-"))):
        print(r.row())
