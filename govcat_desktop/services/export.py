"""Export use cases: a task's submission files (盖章版 print file, 可编辑版 editable copy), written all or none."""

from __future__ import annotations

import datetime as _dt
import functools
import os
from collections.abc import Callable
from pathlib import Path

from govcat_desktop.domain.filenames import FileNameError, safe_filename
from govcat_desktop.domain.roles import duties
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.errors import ExportCancelled
from govcat_desktop.services.atomic import AtomicSet, AtomicWriteError
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.services.session import Session

TASKS = ("contacts", "mechanism", "catalog", "demand", "review", "all")


class TransferError(Exception):
    """An export that could not be written; str() is the Chinese message."""


class Cancelled(Exception):
    """The clerk cancelled a long export or import; nothing was changed."""



# ----- export ---------------------------------------------------------------------
def export_filename(org_name: str, kind: str, variant: str, day: _dt.date, folder: Path | None = None) -> str:
    """E.g. 阳泉市民政局_政务数据资源目录_盖章版_20260920.xlsx (the unit's name made safe by domain.filenames)."""
    return safe_filename(org_name.strip() or "未命名单位", f"_{L.KIND_LABEL[kind]}_{variant}_{day:%Y%m%d}", ".xlsx",
                         folder=folder)


def export_task(
    session: Session,
    task: str,
    out_dir: str | os.PathLike[str],
    *,
    blank: bool = False,
    notifier: Notifier | None = None,
    today: _dt.date | None = None,
    pdf: bool = True,
    mark_codes: bool = True,
) -> list[Path]:
    """Write the submission workbook, its print PDF and the editable copy of `task` (or each task for "all").

    A catalog export then marks the 信息资源代码 it wrote as exported (national.mark_codes_exported) — unless
    `mark_codes` is False: the window exports on a worker thread and marks them on its own thread afterwards
    (exports_catalog says whether to), where the views that hear the entries change live."""
    if task not in TASKS:
        raise TransferError(f"未知的导出任务“{task}”，应为：{'、'.join(TASKS)}。")
    if not blank:  # a 科室's work package never goes to the bureau (issue 23)
        from govcat_desktop.services.packages import own_package, NOT_FOR_BUREAU

        package = own_package(session)
        if package is not None:
            raise TransferError(NOT_FOR_BUREAU.format(assignee=package.assignee))
    notifier = notifier or SilentNotifier()
    # the writers (openpyxl, the PDF writer) load only when something is exported: an import does not pay for them
    from govcat_desktop.exchange.editable import copy_fingerprint, write_editable
    from govcat_desktop.exchange.pdf_forms import write_submission_pdf
    from govcat_desktop.exchange.submission import write_submission

    kinds = duties().export_kinds(session.project.info.role) if task == "all" else (task,)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TransferError(f"无法创建文件夹“{out}”：{exc.strerror or exc}。") from None
    day = today or _dt.date.today()
    stamp = _dt.datetime.now().replace(microsecond=0).isoformat()
    project, forms = session.project, session.forms
    version = 0
    if not blank and "catalog" in kinds:  # issue 22: identities, the 注销 list and the number of this version
        from govcat_desktop.services import revisions

        revisions.prepare_export(session)
        project = session.project
        version = revisions.next_version(session, copy_fingerprint("catalog", project, forms))
    written: list[Path] = []
    steps = len(kinds) * (1 if blank else 2 + pdf) + (0 if blank or "catalog" not in kinds else 1 + pdf)
    done = 0
    for kind in kinds:
        # (variant, job), or (variant, suffix, job) for a file of its own name; a job is (path, tick) -> None
        jobs: list[tuple[str, Callable[..., object]] | tuple[str, str, Callable[..., object]]] = []
        versioned = project.model_copy(update={"version": version}) if kind == "catalog" and version else project
        if blank:
            jobs.append(("空白模板", lambda p, t, k=kind: write_editable(
                p, k, project, forms, exported_at=stamp, blank=True, tick=t)))
        else:
            code = copy_fingerprint(kind, project, forms)
            printed: dict[str, int] = {}  # the print PDF's page count, carried in the editable copy written after it
            n = version if kind == "catalog" else 0
            jobs.append(("盖章版", lambda p, t, k=kind, c=code, v=versioned: write_submission(
                p, k, v, forms, c, tick=t)))
            if pdf:  # the print file next to the workbook (exchange/pdf_forms)
                jobs.append(("盖章版.pdf", lambda p, t, k=kind, c=code, v=versioned, pr=printed: pr.update(
                    pages=write_submission_pdf(p, k, v, forms, c, day, t))))
            jobs.append(("可编辑版", lambda p, t, k=kind, n=n, pr=printed: write_editable(
                p, k, project, forms, exported_at=stamp, tick=t, print_pages=pr.get("pages", 0), version=n)))
            if kind == "catalog" and version:  # issue 22: the 目录变更表 when anything changed since the base
                from govcat_desktop.services import change_sheet

                jobs += change_sheet.export_jobs(session, versioned, forms, code, day, pdf)
        # The files of one task are one set: all renamed into place together, or none (a third file, such as a PDF
        # of the 盖章版, joins with one more add()).
        files = AtomicSet(out)
        for spec in jobs:
            variant = spec[0]
            label = f"正在导出{L.KIND_LABEL[kind]}{variant}"
            try:
                if len(spec) == 3:  # a file of its own name (the 目录变更表): (label, suffix, job)
                    from govcat_desktop.services.change_sheet import file_name

                    _, suffix, job = spec
                    label = f"正在导出{variant.removesuffix('.pdf')}"
                    path = out / file_name(project.info.org_name, suffix, day, out)
                else:
                    job = spec[1]
                    path = out / export_filename(project.info.org_name, kind, variant.removesuffix(".pdf"), day, out)
                    path = path.with_suffix(".pdf") if variant.endswith(".pdf") else path  # the 盖章版's print file
            except FileNameError as exc:
                raise TransferError(str(exc)) from None
            files.add(path, functools.partial(_write_one, job=job, notifier=notifier, done=done, steps=steps,
                                              label=label))
            done += 1
        written += _commit(files)
        if kind == "catalog" and version:
            from govcat_desktop.services import revisions

            revisions.record_version(session, version, stamp, copy_fingerprint("catalog", project, forms))
    if mark_codes and not blank and "catalog" in kinds:  # the codes have left the project: never renumber them
        from govcat_desktop.services.national import mark_codes_exported

        mark_codes_exported(session, day)
    notifier.progress(steps, steps, "导出完成")
    return written


def exports_catalog(session: Session, task: str, blank: bool = False) -> bool:
    """Whether export_task(session, task, blank=blank) writes the catalog (and so marks its codes exported)."""
    return not blank and (task == "catalog" or (task == "all" and "catalog" in duties().export_kinds(
        session.project.info.role)))


def _write_one(path: Path, job: Callable[..., object], notifier: Notifier, done: int, steps: int, label: str) -> None:
    if not notifier.progress(done, steps, label):
        raise Cancelled("已取消导出。")
    job(path, lambda: notifier.progress(done, steps, label))


def _commit(files: AtomicSet) -> list[Path]:
    try:
        return files.commit()
    except AtomicWriteError as exc:
        raise TransferError(str(exc)) from None
    except ExportCancelled:
        raise Cancelled("已取消导出，未完成的文件已删除，原有的文件保持不变。") from None
    except Cancelled:
        raise Cancelled("已取消导出，未完成的文件已删除，原有的文件保持不变。") from None


