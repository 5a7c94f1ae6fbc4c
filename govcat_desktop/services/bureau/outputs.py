"""City-wide outputs and the report: rows for the lists, counts for the report, and writing them all."""

from __future__ import annotations

import datetime as _dt
import os
import secrets
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.filenames import safe_filename
from govcat_desktop.formspec import FormSet, default_forms
from govcat_desktop.services.bureau import KIND_TASK
from govcat_desktop.services.bureau.board import STATES, TASKS, board, summary, task_title
from govcat_desktop.services.bureau.checks import matches
from govcat_desktop.services.bureau.intake import fingerprint
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.services import atomic
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.bureau_store import BureauStore

SHAREABLE = ("无条件共享", "有条件共享")


@dataclass
class CatalogRow:
    """One entry of the city-wide catalog list (values as written in §6.2 copies)."""

    unit: str
    region: str
    matter_code: str
    matter_name: str
    values: dict[str, str]  # §6.2 header → cell text, entry columns
    items: list[tuple[str, str, str, str]]  # (name, 数据类型 as written, length, note)


@dataclass
class DemandRow:
    """One demand of the city-wide supply–demand list, with local candidates."""

    unit: str
    values: dict[str, str]
    candidates: list[tuple[str, str, str, str]] = field(default_factory=list)  # (unit, entry, items, score)


@dataclass
class Report:
    """Counts for 编制工作情况报告."""

    by_unit: list[tuple[str, str, int, int, int]]  # (unit, region, entries, items, demands)
    dimensions: dict[str, list[tuple[str, int]]]  # 数据领域/共享类型/安全级别/更新周期 → [(value, count)]
    completion: list[tuple[str, int, int, int, int]]  # (task title, owed, submitted, approved, overdue)
    states: dict[str, dict[str, int]]
    totals: dict[str, int]


def _vocab_text(forms: FormSet):
    dt = forms.vocab("data_type")

    def data_type(value: str) -> str:
        return dt.label_of(value) if value in dt else value

    return data_type


def catalog_rows(store: ProjectFile, *, shareable_only: bool = False, forms: FormSet | None = None) -> list[CatalogRow]:
    """Every current entry of every unit (or only 无条件/有条件共享 ones), in unit order."""
    forms = forms or default_forms()
    data_type = _vocab_text(forms)
    units = {u.id: u for u in BureauStore(store).units()}
    all_items = BureauStore(store).current_item_rows()
    out = []
    labels: dict[str, str] = {}
    for unit_id, eid, code, mname, e in BureauStore(store).current_entries(with_items=False):
        if shareable_only and e.share_type not in SHAREABLE:
            continue
        u = units[unit_id]
        values = {
            "目录名称": e.name, "资源摘要": e.summary,
            "数据领域": e.domain_other if e.domain == "其他" and e.domain_other else e.domain,
            "安全级别": e.security_level, "共享类型": e.share_type, "共享条件": e.share_condition,
            "不予共享依据": e.no_share_basis, "共享方式": "、".join(e.share_methods), "网络环境": e.network,
            "更新周期": e.update_cycle_other if e.update_cycle == "其他" and e.update_cycle_other else e.update_cycle,
            "审核状态": e.review_status, "审核意见": e.review_note,
        }
        items = []
        for name, dt, length, note in all_items.pop(eid, ()):
            label = labels.get(dt)
            if label is None:
                label = labels[dt] = data_type(dt)
            items.append((name, label, length, note))
        out.append(CatalogRow(u.org_name, u.region, code, mname, values, items))
    return out


def demand_rows(store: ProjectFile) -> list[DemandRow]:
    """Every current demand with the local entries that can serve it."""
    demands, found = matches(store)
    out = []
    for ud in demands:
        d = ud.demand
        values = {
            "数据提供方层级": d.provider_level, "数据提供部门": d.provider, "提供方已有目录": d.has_provider_catalog,
            "需求目录名称": d.catalog_name, "数据名称": d.data_name, "数据来源依据": d.source_basis,
            "信息项名称": "、".join(d.items), "关联事项编码": d.matter_code, "关联事项名称": d.matter_name,
            "应用场景": "、".join(d.usage), "应用描述": d.usage_detail, "是否在国办前三批共享责任清单": d.in_state_lists,
            "共享方式": "、".join(d.share_method),
            "更新频率": d.update_cycle_other if d.update_cycle == "其他" and d.update_cycle_other else d.update_cycle,
            "是否已申请": d.applied, "驳回理由": d.reject_reason,
        }
        cands = [(c.entry.unit, c.entry.name, "、".join(c.shared_items), f"{c.score:.0f}") for c in found.get(ud.id, [])]
        out.append(DemandRow(ud.unit, values, cands))
    return out


def _count(store: ProjectFile, column: str, other: str | None = None) -> list[tuple[str, int]]:
    return [(value or "（未填）", n) for value, n in BureauStore(store).count_entries_by(column, other)]


def report(store: ProjectFile, today: _dt.date | None = None) -> Report:
    """Counts by unit and by 数据领域, 共享类型, 安全级别, 更新周期, and completion per task (SQL aggregates)."""
    bureau = BureauStore(store)
    units = bureau.units()
    per: dict[int, list[int]] = {u.id: [0, 0, 0] for u in units}
    for uid, kind, records, items in bureau.current_sizes():
        if kind == "catalog":
            per[uid][0] += records
            per[uid][1] += items
        elif kind == "demand":
            per[uid][2] += records
    by_unit = sorted(((u.org_name, u.region, *per[u.id]) for u in units), key=lambda r: (-r[2], r[0]))
    rows = board(store, today)
    states = summary(rows)
    completion = []
    for task in TASKS:
        owed = sum(1 for r in rows if r.cells[task].owed)
        if not owed:
            continue
        done = owed - states[task]["未报送"]
        overdue = sum(1 for r in rows if r.cells[task].overdue)
        completion.append((task_title(task), owed, done, states[task]["已审核"], overdue))
    dims = {
        "数据领域": _count(store, "domain", "domain_other"),
        "共享类型": _count(store, "share_type"),
        "安全级别": _count(store, "security_level"),
        "更新周期": _count(store, "update_cycle", "update_cycle_other"),
    }
    totals = {
        "units": len(units),
        "entries": sum(r[2] for r in by_unit),
        "items": sum(r[3] for r in by_unit),
        "demands": sum(r[4] for r in by_unit),
        "overdue_units": sum(1 for r in rows if r.overdue),
    }
    return Report(by_unit, dims, completion, states, totals)


def write_outputs(store: ProjectFile, out_dir: Path, notifier: Notifier | None = None,
                  today: _dt.date | None = None) -> list[Path]:
    """The board (督办表), the city-wide lists (submission workbook + editable copy each) and the report.

    All the files are one atomic set: written into a private folder inside `out_dir`, then renamed into place
    together (services.atomic); a failure half-way leaves the previous report whole and nothing new.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic.sweep(out_dir)
        staging = out_dir / f"{atomic.PREFIX}{os.getpid()}-{secrets.token_hex(4)}.d"
        staging.mkdir()
    except OSError as exc:
        raise ProjectFileError(f"无法写入文件夹“{out_dir}”：{atomic.describe(exc)}。", code="write") from None
    try:
        try:
            paths = _write_outputs(store, staging, notifier, today)
        except OSError as exc:
            reason = atomic.describe(exc)
            atomic.release(exc)  # quietly: no "Exception ignored in …" from half-written workbooks
            raise ProjectFileError(f"无法生成报表：{reason}。没有写入任何新文件，“{out_dir}”中原有的文件保持不变。",
                code="write") from None
        files = atomic.AtomicSet(out_dir)
        for p in paths:
            files.add(out_dir / p.name, lambda temp, staged=p: os.replace(staged, temp))
        try:
            return files.commit()
        except atomic.AtomicWriteError as exc:
            raise ProjectFileError(str(exc), code="write") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_outputs(store: ProjectFile, out_dir: Path, notifier: Notifier | None,
                   today: _dt.date | None) -> list[Path]:
    from govcat_desktop.exchange.bureau import board as bureau_board
    from govcat_desktop.exchange.bureau import lists as bureau_lists
    from govcat_desktop.exchange.bureau import report as bureau_report

    notifier = notifier or SilentNotifier()
    info = store.get_info()
    city = info.profile.city or info.region
    steps = 6
    paths: list[Path] = []
    notifier.progress(0, steps, "正在生成督办表")
    rows = board(store, today)
    paths.append(bureau_board.write_board(out_dir / safe_filename(city, "政务数据资源目录编制工作督办表", ".xlsx",
                                                                  folder=out_dir), info, rows,
                                          summary(rows), today or _dt.date.today()))
    paths.append(_board_pdf(paths[-1].with_suffix(".pdf"), info, rows, today or _dt.date.today()))
    notifier.progress(1, steps, "正在生成全市政务数据资源目录清单")
    catalog = catalog_rows(store)
    stamp = fingerprint([(r.unit, r.matter_code, r.values, r.items) for r in catalog])
    paths += bureau_lists.write_catalog_list(out_dir, "全市政务数据资源目录清单", info, catalog, stamp)
    notifier.progress(2, steps, "正在生成全市供需对接清单")
    demands = demand_rows(store)
    stamp = fingerprint([(r.unit, r.values, r.candidates) for r in demands])
    paths += bureau_lists.write_demand_list(out_dir, "全市供需对接清单", info, demands, stamp)
    notifier.progress(3, steps, "正在生成可提供数据资源清单")
    supply = [r for r in catalog if r.values["共享类型"] in SHAREABLE]
    stamp = fingerprint([(r.unit, r.matter_code, r.values, r.items) for r in supply])
    title = f"{city}可提供政务数据资源清单（报送《{info.profile.province}政务数据共享清单（第三批）》）"
    paths += bureau_lists.write_catalog_list(out_dir, "全市可提供数据资源清单", info, supply, stamp, title=title)
    notifier.progress(4, steps, "正在生成全市政务数据资源目录注册表")
    paths.append(_registration(store, out_dir, info, today or _dt.date.today()))
    notifier.progress(4, steps, "正在生成编制工作情况报告")
    data = report(store, today)
    report_name = safe_filename(city, "政务数据资源目录编制工作情况报告", ".xlsx", folder=out_dir)
    paths.append(bureau_report.write_report(out_dir / report_name, info, data))
    notifier.progress(steps, steps, "完成")
    return paths


def _board_pdf(path: Path, info, rows, today: _dt.date) -> Path:
    from govcat_desktop.exchange.pdf_bureau import write_board_pdf
    from govcat_desktop.services.status import TASK_NAMES

    tasks = [t for t in TASKS if any(r.cells[t].owed for r in rows)] or list(TASKS)
    code = fingerprint([(r.unit.org_code, r.unit.org_name, [(t, r.cells[t].state, r.cells[t].paper) for t in tasks])
                        for r in rows])
    return write_board_pdf(path, info, rows, tasks, TASK_NAMES, today, code)


def _registration(store: ProjectFile, out_dir: Path, info, day: _dt.date) -> Path:
    """全市政务数据资源目录注册表: every accepted entry, national template columns, one row per 信息项."""
    from govcat_desktop.exchange.registration import write_sheet
    from govcat_desktop.services.registration import bureau_entries, registration_rows, registration_spec

    forms = default_forms()
    title, sheet, cols = registration_spec(forms)
    city = info.profile.city or info.region
    path = out_dir / safe_filename(title.replace("全市", city, 1), f"_{day:%Y%m%d}", ".xlsx", folder=out_dir)
    write_sheet(path, sheet, [c.header for c in cols], registration_rows(forms, bureau_entries(store)),
                {"org_name": info.org_name, "org_code": info.org_code, "region": info.region, "scope": "全市汇总"})
    return path


def state_counts(rows) -> Counter:
    """Number of cells in each state (the GUI's summary line)."""
    c: Counter = Counter()
    for r in rows:
        for cell in r.cells.values():
            if cell.owed:
                c[cell.state] += 1
    return c


__all__ = ["CatalogRow", "DemandRow", "Report", "STATES", "KIND_TASK", "catalog_rows", "demand_rows", "report",
           "write_outputs"]
