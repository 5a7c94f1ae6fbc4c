"""City-scale merge: 100 units' editable copies (30,000 entries / 600,000 items) against bare python-calamine reads."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Result, best_of  # noqa: E402

UNITS = 100
ENTRIES_PER_UNIT = 300
ITEMS_PER_UNIT = 6000
MATTERS_PER_UNIT = 100


def _unit_files(workdir: Path) -> tuple[list[Path], list[Path]]:
    """(editable copies, .govcat files) of 100 units; generated once and kept in workdir."""
    from bench.generate import write_unit
    from govcat_desktop.services import transfer

    src = workdir / "merge-units-own-codes"  # units of one shared code (before the intake's identity check) are stale
    copies = src / "copies"
    copies.mkdir(parents=True, exist_ok=True)
    govcats, xlsx = [], []
    for n in range(UNITS):
        path = src / f"unit{n:03d}.govcat"
        session = write_unit(path, n, MATTERS_PER_UNIT, ENTRIES_PER_UNIT, ITEMS_PER_UNIT)
        if session is not None:
            try:
                session.reload()
                written = transfer.export_task(session, "catalog", copies, pdf=False)
            finally:
                session.close()
            editable = [p for p in written if "可编辑" in p.name][0]
            editable.rename(copies / f"unit{n:03d}-catalog.xlsx")
            for p in written:
                if p.exists():
                    p.unlink()
            print(f"\r生成单位文件 {n + 1}/{UNITS}", end="", file=sys.stderr, flush=True)
        govcats.append(path)
        xlsx.append(copies / f"unit{n:03d}-catalog.xlsx")
    print(file=sys.stderr)
    return xlsx, govcats


def _govcat_files(workdir: Path) -> list[Path]:
    """The 100 units' .govcat files only (the undo rows need no editable copies); made once, shared with run()."""
    from bench.generate import write_unit

    src = workdir / "merge-units-own-codes"
    src.mkdir(parents=True, exist_ok=True)
    paths = [src / f"unit{n:03d}.govcat" for n in range(UNITS)]
    for n, path in enumerate(paths):
        session = write_unit(path, n, MATTERS_PER_UNIT, ENTRIES_PER_UNIT, ITEMS_PER_UNIT)
        if session is not None:
            session.close()
    return paths


def _peak_mb() -> float:
    """The process's peak resident memory in MB (0 where the resource module is missing: Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def undo_rows(workdir: Path, govcats: list[Path], base_g: float) -> list[Result]:
    """The merge of the 100 .govcat files as the window and the CLI do it (one step of the history) against the plain
    intake.merge in the same run, its undo and redo; then all 100 sent again (the same content: every unit's rows are
    copied aside first, nothing new written) and that step's undo — the most a merge's snapshots can hold."""
    from govcat_desktop.services.bureau.intake import merge
    from govcat_desktop.services.bureau.merge_step import MergeSubmissions
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.notify import SilentNotifier
    from govcat_desktop.services.session import Session

    store = _bureau(workdir / "city-govcat-plain.govcat")
    merge(store, govcats[:1], SilentNotifier())  # warm: the first merge of a process loads the forms, the rules
    store.close()
    sources = [str(p) for p in govcats]
    plain = stepped = float("inf")
    for turn in range(3):  # interleaved, best of 3 each: the machine's load drifts within a run
        store = _bureau(workdir / "city-govcat-plain.govcat")
        t0 = time.perf_counter()
        merge(store, govcats, SilentNotifier())
        plain = min(plain, time.perf_counter() - t0)
        store.close()
        session = Session(_bureau(workdir / "city-govcat-history.govcat"))
        history = UndoStack(session)
        t0 = time.perf_counter()
        history.push(MergeSubmissions(sources, notifier=SilentNotifier()))
        stepped = min(stepped, time.perf_counter() - t0)
        if turn < 2:
            session.close()
    t0 = time.perf_counter()
    history.undo()
    undo = time.perf_counter() - t0
    assert session.store.conn.execute("SELECT count(*) FROM unit").fetchone()[0] == 0
    t0 = time.perf_counter()
    history.redo()
    redo = time.perf_counter() - t0
    again = MergeSubmissions(sources, notifier=SilentNotifier())
    peak = _peak_mb()
    t0 = time.perf_counter()
    history.push(again)
    resent = time.perf_counter() - t0
    held = again._snapshots().size()
    t0 = time.perf_counter()
    history.undo()
    undo_resent = time.perf_counter() - t0
    peak_after = _peak_mb()
    pages, page_size = (session.store.conn.execute(f"PRAGMA temp.{p}").fetchone()[0] for p in ("page_count",
                                                                                               "page_size"))
    session.close()
    merge_ratio = stepped / base_g
    temp = (f"TEMP tables {pages * page_size / 2 ** 20:.0f} MB (SQLite's temp file past its cache); the process's "
            f"peak RSS {peak:.0f} MB before the step, {peak_after:.0f} MB after its undo")
    return [
        Result("merge 100 .govcat files, one step of the history", stepped, "sqlite3 SELECT of matter/entry/item",
               base_g, goal=round(plain / base_g * 1.1, 2),
               note=f"best of 3, interleaved with the plain intake.merge of the same run ({plain * 1000:.0f} ms); "
                    "goal: + 10 %"),
        Result("undo of that merge (100 new units)", undo, "sqlite3 SELECT of matter/entry/item", base_g,
               goal=round(merge_ratio, 2), note="goal = the merge's own time; copies its rows aside for redo"),
        Result("redo of that merge (no file read)", redo, "sqlite3 SELECT of matter/entry/item", base_g,
               goal=round(merge_ratio, 2), note="goal = the merge's own time"),
        Result("merge of the same 100 again (resubmission)", resent, "sqlite3 SELECT of matter/entry/item", base_g,
               goal=round(plain / base_g * 1.1, 2),
               note=f"every unit's rows copied aside first: {held:,} rows; goal = plain merge + 10 %"),
        Result("undo of that resubmission", undo_resent, "sqlite3 SELECT of matter/entry/item", base_g,
               goal=round(merge_ratio, 2), note=f"goal = the merge's own time; {temp}"),
    ]


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

    from govcat_desktop.services import transfer
    from govcat_desktop.services.bureau.board import board
    from govcat_desktop.services.bureau.intake import _use_processes, merge
    from govcat_desktop.services.notify import TerminalNotifier

    workdir.mkdir(parents=True, exist_ok=True)
    xlsx, govcats = _unit_files(workdir)

    def bare_calamine() -> None:
        for p in xlsx:
            wb = CalamineWorkbook.from_path(str(p))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()
            wb.close()

    def bare_sqlite() -> None:
        for p in govcats:
            conn = sqlite3.connect(p)
            conn.execute("SELECT * FROM item").fetchall()
            conn.execute("SELECT * FROM entry").fetchall()
            conn.execute("SELECT * FROM matter").fetchall()
            conn.close()

    def exchange_reads() -> None:
        for p in xlsx:
            transfer.read_copy(p)

    base_x = best_of(bare_calamine, 1)
    reads_x = best_of(exchange_reads, 1)
    base_g = best_of(bare_sqlite, 3)
    notifier = TerminalNotifier()

    store = _bureau(workdir / "city-copies-1.govcat")
    t0 = time.perf_counter()
    outcome = merge(store, xlsx, notifier, workers=0)
    merge_1 = time.perf_counter() - t0
    store.close()

    store = _bureau(workdir / "city-copies.govcat")
    t0 = time.perf_counter()
    outcome = merge(store, xlsx, notifier)
    merge_x = time.perf_counter() - t0
    assert not outcome.skipped, outcome.skipped[:3]
    entries, items = store.conn.execute(
        "SELECT (SELECT count(*) FROM unit_entry), (SELECT count(*) FROM unit_item)"
    ).fetchone()
    board_x = best_of(lambda: board(store), 5)
    store.close()

    store = _bureau(workdir / "city-govcat.govcat")
    t0 = time.perf_counter()
    outcome = merge(store, govcats, notifier)
    merge_g = time.perf_counter() - t0
    store.close()
    size = f"{UNITS} files, {entries:,} entries / {items:,} items"
    undone = undo_rows(workdir, govcats, base_g)
    workers = _use_processes(len(xlsx))
    return [
        Result("merge 100 editable copies", merge_x, "python-calamine read of the same files", base_x, goal=1.5,
               note=f"{size}; {workers} worker processes"),
        Result("merge 100 editable copies, one process", merge_1, "python-calamine read of the same files", base_x,
               goal=1.5, note=size),
        Result("exchange read_copy of the 100 files (no merge)", reads_x, "python-calamine read of the same files",
               base_x, note="the reader the merge must use"),
        Result("merge 100 editable copies, one process", merge_1, "exchange read_copy of the same files", reads_x,
               note="the bureau's own share: validate + store"),
        Result("progress board after merge", board_x, "python-calamine read of the same files", base_x,
               note="reads unit + submission rows only"),
        Result("merge 100 .govcat files", merge_g, "sqlite3 SELECT of matter/entry/item", base_g,
               note="reads, validates and stores each unit"),
        *undone,
    ]


if __name__ == "__main__":
    from bench.harness import HEADER

    args = [a for a in sys.argv[1:] if a != "--undo"]
    target = Path(args[0]) if args else Path("/tmp/govcat-bureau-bench")
    print(HEADER)
    if "--undo" in sys.argv:  # the .govcat merge rows only: merge through the history, undo, redo
        paths = _govcat_files(target)

        def _bare() -> None:
            for p in paths:
                conn = sqlite3.connect(p)
                for table in ("item", "entry", "matter"):
                    conn.execute(f"SELECT * FROM {table}").fetchall()
                conn.close()

        for r in undo_rows(target, paths, best_of(_bare, 3)):
            print(r.row())
    else:
        for r in run(target):
            print(r.row())
