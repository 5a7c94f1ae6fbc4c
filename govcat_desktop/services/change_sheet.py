"""The 目录变更表 of a catalog export (issue 22): the changes since the base as printed rows, and the files' jobs.

Exported with the catalog (same AtomicSet: all files or none) when there are changes, nothing extra when there are
none (the first export, or a resubmission of the same content). The rows: 新增 (its info items), 变更 (each field
before → after, each info item added / changed / removed), 注销 — with the reason and note the unit gave.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence

from govcat_desktop.domain import revisions as R
from govcat_desktop.domain.filenames import safe_filename
from govcat_desktop.domain.models import Project
from govcat_desktop.formspec import FormSet

VARIANT = "目录变更表"


def change_rows(found: Sequence[R.Change], forms: FormSet | None = None) -> list:
    """The change sheet's rows (exchange.change_sheet.ChangeRow) of `found`."""
    from govcat_desktop.exchange.change_sheet import ChangeRow
    from govcat_desktop.services.bureau.review import field_label

    def label(key: str) -> str:
        return "事项编码" if key == "matter_code" else field_label("catalog", key, forms)

    rows = []
    for c in found:
        lines: list[tuple[str, str, str]] = []
        if c.mark == R.NEW:
            names = "、".join(name for _, name, _, _ in c.items)
            lines.append(("新增目录", "", f"信息项 {len(c.items)} 个：{names}" if c.items else "（无信息项）"))
        elif c.mark == R.WITHDRAWN:
            lines.append(("注销目录", c.name, "（注销）"))
        else:
            lines += [(label(key), before or "（空）", after or "（空）") for key, before, after in c.fields]
            lines += [(f"信息项“{name}”{mark}", before or "（无）", after or "（无）")
                      for mark, name, before, after in c.items]
        rows.append(ChangeRow(c.mark, c.matter_code, c.name, c.reason, c.note, lines))
    return rows


def summary_line(session, found: Sequence[R.Change]) -> str:
    from govcat_desktop.services import revisions

    base, accepted = revisions.base_version(session)
    counts = revisions.summary(found)
    what = (f"上级已审核的第{base.version}版" if accepted and base
            else (f"上次报送的第{base.version}版" if base else "上次报送"))
    return (f"与{what}相比：新增 {counts[R.NEW]} 条，变更 {counts[R.CHANGED]} 条，注销 {counts[R.WITHDRAWN]} 条，"
            f"共 {len(found)} 条。")


def file_name(org_name: str, suffix: str, day: _dt.date, folder=None) -> str:
    """E.g. 阳泉市民政局_政务数据资源目录变更表_盖章版_20260920.xlsx (or .pdf)."""
    return safe_filename(org_name.strip() or "未命名单位", f"_政务数据资源目录变更表_盖章版_{day:%Y%m%d}", suffix,
                         folder=folder)


def export_jobs(session, project: Project, forms: FormSet, code: str, day: _dt.date, pdf: bool = True
                ) -> list[tuple[str, str, Callable]]:
    """(progress label, file suffix, job(path, tick)) of the change sheet's files; [] when nothing changed. Call before
    the export records its version (the changes are counted against the base as it was)."""
    from govcat_desktop.exchange.change_sheet import write_change_pdf, write_change_sheet
    from govcat_desktop.services import revisions

    found = revisions.changes(session)
    if not found:
        return []
    rows = change_rows(found, forms)
    summary = summary_line(session, found)
    jobs: list[tuple[str, str, Callable]] = [
        ("目录变更表盖章版", ".xlsx", lambda p, t: write_change_sheet(p, project, rows, summary, code, day, t))]
    if pdf:
        jobs.append(("目录变更表盖章版.pdf", ".pdf",
                     lambda p, t: write_change_pdf(p, project, rows, summary, code, day, t)))
    return jobs
