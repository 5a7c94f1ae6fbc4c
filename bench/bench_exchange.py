"""Exchange at department scale (60,000 info items): catalog export pair, import, peak memory."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

from bench.generate import write_department
from bench.harness import Result, best_of

ROOT = Path(__file__).resolve().parent.parent
MEMORY_GOAL_MB = 500.0


def _bare_write(path: Path, rows: list[list[str]], title: str) -> None:
    """The baseline: one openpyxl write-only pass over the same cells, plain values, no styles."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append([v if v != "" else None for v in row])
    wb.save(path)


def _bare_read(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    wb.close()


def _peak_memory_mb(project: Path, workdir: Path) -> float:
    """Export the catalog pair and import the copy into a new project in a fresh process; its peak RSS."""
    script = textwrap.dedent(
        f"""
        import resource, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from govcat_desktop.services.session import Session
        from govcat_desktop.services.transfer import export_task, preview_import
        from govcat_desktop.services.commands import UndoStack
        work = Path({str(workdir)!r})
        source = Session.open({str(project)!r}, readonly=True)
        paths = export_task(source, "catalog", work / "mem-out", pdf=False)
        target_path = work / "mem-target.govcat"
        if target_path.exists():
            target_path.unlink()
        target = Session.create(target_path, source.project.info)
        preview = preview_import(target, [p for p in paths if "可编辑版" in p.name])
        UndoStack(target).push(preview.command)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=900)
    return int(proc.stdout.strip().splitlines()[-1]) / 1024.0  # ru_maxrss is in KiB on Linux


def run(workdir: Path) -> list[Result]:
    from govcat_desktop.exchange.rows import RowWriter, catalog_sheet, matter_sheet
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.session import Session
    from govcat_desktop.services.transfer import export_task, preview_import

    project = write_department(workdir / "dept-exchange.govcat")
    session = Session.open(project, readonly=True)
    try:
        writer = RowWriter(session.forms)
        sheets = [catalog_sheet(session.project.matters, writer), matter_sheet(session.project.matters, writer)]
        rows = [r for s in sheets for r in s.rows]

        def bare_pair() -> None:
            _bare_write(workdir / "bare-1.xlsx", rows, "a")
            _bare_write(workdir / "bare-2.xlsx", rows, "b")

        out = workdir / "exchange-out"
        export_paths: list[Path] = []

        def export_pair() -> None:
            export_paths[:] = export_task(session, "catalog", out, today=dt.date(2026, 9, 20), pdf=False)

        baseline_write = best_of(bare_pair, repeat=1)
        export_time = best_of(export_pair, repeat=1)
        copy = [p for p in export_paths if "可编辑版" in p.name][0]

        targets = iter(range(100))

        def fresh_target() -> Session:
            path = workdir / f"exchange-target-{next(targets)}.govcat"
            if path.exists():
                path.unlink()
            return Session.create(path, session.project.info)

        baseline_read = best_of(lambda: _bare_read(copy))
        target = fresh_target()
        try:
            import_time = best_of(lambda: preview_import(target, [copy]))
            preview = preview_import(target, [copy])
            commit_time = best_of(lambda: UndoStack(target).push(preview.command), repeat=1)
            items = target.project.item_count()
        finally:
            target.close()
    finally:
        session.close()
    peak = _peak_memory_mb(project, workdir)
    return [
        Result("export catalog pair (盖章版 + 可编辑版, 60,000 items)", export_time,
               "2 bare openpyxl write-only passes, same cells", baseline_write, goal=1.5),
        Result("import preview (read + repair + compare, 60,000 items)", import_time,
               "bare python-calamine read of the same file", baseline_read, goal=2.0,
               note=f"commit into a new project afterwards: {commit_time:.1f} s ({items} items)"),
        Result("import commit (one Composite command)", commit_time,
               "bare python-calamine read of the same file", baseline_read,
               note="one Composite: a bulk AddMatters (one insert pass, mirrored in memory, no reload); no goal set"),
        Result("peak memory, export pair + import + commit (MB)", peak, "goal 500 MB", MEMORY_GOAL_MB, goal=1.0,
               note=f"ru_maxrss of a fresh process: {peak:.0f} MB", unit="MB"),
    ]


if __name__ == "__main__":
    import tempfile

    from bench.harness import HEADER

    with tempfile.TemporaryDirectory() as tmp:
        print(HEADER)
        for result in run(Path(tmp)):
            print(result.row())
