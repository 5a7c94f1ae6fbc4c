"""City-wide outputs and the report: rows for the lists, counts for the report, and writing them all."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import secrets
import shutil
from functools import partial
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.filenames import safe_filename
from govcat_desktop.exchange.fingerprint import format_code
from govcat_desktop.formspec import FormSet, default_forms
from govcat_desktop.services.bureau import KIND_TASK
from govcat_desktop.services.bureau.board import STATES, TASKS, board, summary, task_title
from govcat_desktop.services.bureau.checks import matches
from govcat_desktop.services.bureau.intake import fingerprint
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.services import atomic
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.bureau_store import ENTRY_COLUMNS, BureauStore

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


class StreamStamp:
    """The fingerprint of a list taken row by row: the same code as intake.fingerprint(list of the rows) (the JSON
    of a list is its items' JSON joined by ", " in brackets), without the list or its JSON in memory."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b"[")
        self._first = True
        self.rows = 0

    def add(self, data: object) -> None:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        self._hash.update((text if self._first else ", " + text).encode("utf-8"))
        self._first = False
        self.rows += 1

    def code(self) -> str:
        done = self._hash.copy()
        done.update(b"]")
        return format_code(done.digest())


_AT = {c: i for i, c in enumerate(ENTRY_COLUMNS)}


def iter_catalog_rows(store: ProjectFile, *, shareable_only: bool = False, forms: FormSet | None = None,
                      stamp: StreamStamp | None = None) -> Iterator[CatalogRow]:
    """Every current entry of every unit (or only 无条件/有条件共享 ones) in unit order, one at a time from the
    file (a city's 600,000 items never all in memory); `stamp` takes each row's part of the list's fingerprint."""
    forms = forms or default_forms()
    dt = forms.vocab("data_type")
    bureau = BureauStore(store)
    units = {u.id: u for u in bureau.units()}
    labels: dict[str, str] = {}
    at = _AT
    for unit_id, _eid, code, mname, e, item_rows in bureau.stream_entries("shareable" if shareable_only else ""):
        domain, cycle = e[at["domain"]], e[at["update_cycle"]]
        values = {
            "目录名称": e[at["name"]], "资源摘要": e[at["summary"]],
            "数据领域": e[at["domain_other"]] if domain == "其他" and e[at["domain_other"]] else domain,
            "安全级别": e[at["security_level"]], "共享类型": e[at["share_type"]], "共享条件": e[at["share_condition"]],
            "不予共享依据": e[at["no_share_basis"]], "共享方式": "、".join(json.loads(e[at["share_methods"]])),
            "网络环境": e[at["network"]],
            "更新周期": e[at["update_cycle_other"]] if cycle == "其他" and e[at["update_cycle_other"]] else cycle,
            "审核状态": e[at["review_status"]], "审核意见": e[at["review_note"]],
        }
        items = []
        for name, kind, length, note in item_rows:
            label = labels.get(kind)
            if label is None:
                label = labels[kind] = dt.label_of(kind) if kind in dt else kind
            items.append((name, label, length, note))
        u = units[unit_id]
        row = CatalogRow(u.org_name, u.region, code, mname, values, items)
        if stamp is not None:
            stamp.add((row.unit, row.matter_code, row.values, row.items))
        yield row


def catalog_rows(store: ProjectFile, *, shareable_only: bool = False, forms: FormSet | None = None) -> list[CatalogRow]:
    """Every current entry of every unit (or only 无条件/有条件共享 ones), in unit order."""
    return list(iter_catalog_rows(store, shareable_only=shareable_only, forms=forms))


def list_matters(store: ProjectFile, *, shareable_only: bool = False) -> list[list[str]]:
    """The 服务事项 sheet of a city list: each (unit, matter) with entries in the list, in the list's order."""
    bureau = BureauStore(store)
    units = {u.id: u for u in bureau.units()}
    out: list[list[str]] = []
    seen: set[tuple[int, str, str]] = set()
    for unit_id, _eid, code, mname, _e, _items in bureau.stream_entries("shareable" if shareable_only else "",
                                                                         with_items=False):
        if (unit_id, code, mname) not in seen:
            seen.add((unit_id, code, mname))
            out.append([str(len(out) + 1), code, mname, "", "", units[unit_id].org_name, units[unit_id].region])
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
            "应用场景": "、".join(d.usage), "应用描述": d.usage_detail,
            "是否在国办前三批共享责任清单": d.in_state_lists,
            "共享方式": "、".join(d.share_method),
            "更新频率": d.update_cycle_other if d.update_cycle == "其他" and d.update_cycle_other else d.update_cycle,
            "是否已申请": d.applied, "驳回理由": d.reject_reason,
        }
        cands = [(c.entry.unit, c.entry.name, "、".join(c.shared_items), f"{c.score:.0f}")
                 for c in found.get(ud.id, [])]
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
    by_unit: list[tuple[str, str, int, int, int]] = sorted(
        ((u.org_name, u.region, per[u.id][0], per[u.id][1], per[u.id][2]) for u in units),
        key=lambda r: (-r[2], r[0]))
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
                  today: _dt.date | None = None, *, full_print: bool = False) -> list[Path]:
    """What the bureau prints and stamps — the 督办表 and the 各单位汇总表 (workbook + print PDF each) — and what
    stays electronic: the city-wide lists as editable workbooks, the 目录注册表 and the report. With `full_print`
    each list's 盖章版 workbook and print PDF too (46,550 pages for a city of 100 units: on request only).

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
            paths = _write_outputs(store, staging, notifier, today, full_print)
        except OSError as exc:
            reason = atomic.describe(exc)
            atomic.release(exc)  # quietly: no "Exception ignored in …" from half-written workbooks
            raise ProjectFileError(f"无法生成报表：{reason}。没有写入任何新文件，“{out_dir}”中原有的文件保持不变。",
                code="write") from None
        files = atomic.AtomicSet(out_dir)
        for p in paths:
            files.add(out_dir / p.name, partial(_move, p))
        try:
            return files.commit()
        except atomic.AtomicWriteError as exc:
            raise ProjectFileError(str(exc), code="write") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_outputs(store: ProjectFile, out_dir: Path, notifier: Notifier | None,
                   today: _dt.date | None, full_print: bool) -> list[Path]:
    from govcat_desktop.exchange.bureau import board as bureau_board
    from govcat_desktop.exchange.bureau import lists as bureau_lists
    from govcat_desktop.exchange.bureau import report as bureau_report

    notifier = notifier or SilentNotifier()
    info = store.get_info()
    city = info.profile.city or info.region
    day = today or _dt.date.today()
    forms = default_forms()
    steps = 7
    paths: list[Path] = []
    notifier.progress(0, steps, "正在生成督办表")
    rows = board(store, today)
    paths.append(bureau_board.write_board(out_dir / safe_filename(city, "政务数据资源目录编制工作督办表", ".xlsx",
                                                                  folder=out_dir), info, rows, summary(rows), day))
    paths.append(_board_pdf(paths[-1].with_suffix(".pdf"), info, rows, day))
    lists: list[tuple[str, str, int]] = []  # (list, 校验码, rows) for the summary that vouches for them
    full_lists = (("全市政务数据资源目录清单", False), ("全市可提供数据资源清单", True))
    for step, (name, shareable) in enumerate(full_lists, 1):
        notifier.progress(step, steps, f"正在生成{name}")
        stamps: list[StreamStamp] = []

        def listed(shareable=shareable, stamps=stamps):
            stamps.append(StreamStamp())  # each pass over the rows takes the fingerprint afresh; all agree
            return iter_catalog_rows(store, shareable_only=shareable, forms=forms, stamp=stamps[-1])

        title = (f"{city}可提供政务数据资源清单（报送《{info.profile.province}政务数据共享清单（第三批）》）"
                 if shareable else None)
        paths += bureau_lists.write_catalog_list(out_dir, name, info, listed, partial(_first_code, stamps),
                                                 list_matters(store, shareable_only=shareable), title=title,
                                                 full_print=full_print)
        lists.append((name.replace("全市", city, 1), stamps[0].code(), stamps[0].rows))
    notifier.progress(3, steps, "正在生成全市供需对接清单")
    demands = demand_rows(store)
    stamp = fingerprint([(r.unit, r.values, r.candidates) for r in demands])
    paths += bureau_lists.write_demand_list(out_dir, "全市供需对接清单", info, demands, stamp, full_print=full_print)
    lists.insert(1, (f"{city}供需对接清单", stamp, len(demands)))
    notifier.progress(4, steps, "正在生成各单位汇总表")
    paths += _summary(store, out_dir, info, lists, day)
    notifier.progress(5, steps, "正在生成全市政务数据资源目录注册表")
    paths.append(_registration(store, out_dir, info, day))
    notifier.progress(6, steps, "正在生成编制工作情况报告")
    data = report(store, today)
    report_name = safe_filename(city, "政务数据资源目录编制工作情况报告", ".xlsx", folder=out_dir)
    paths.append(bureau_report.write_report(out_dir / report_name, info, data))
    notifier.progress(steps, steps, "完成")
    return paths


def _summary(store: ProjectFile, out_dir: Path, info, lists: list[tuple[str, str, int]], day: _dt.date) -> list[Path]:
    """各单位汇总表 (workbook + print PDF): per unit its counts and catalog 校验码, the city's total, the lists."""
    from govcat_desktop.exchange.bureau.summary import HEADERS, WIDTHS, lists_line, summary_title, write_summary
    from govcat_desktop.exchange.pdf_bureau import write_summary_pdf

    bureau = BureauStore(store)
    counts = bureau.unit_entry_counts()
    sizes: dict[int, list[int]] = {}
    for uid, kind, records, items in bureau.current_sizes():
        at = sizes.setdefault(uid, [0, 0])
        if kind == "catalog":
            at[0] += items
        elif kind == "demand":
            at[1] += records
    rows: list[list[object]] = []
    for u in bureau.units():
        entries, free, conditional, closed, accepted, code = counts.get(u.id, (0, 0, 0, 0, 0, ""))
        items, demands = sizes.get(u.id, [0, 0])
        rows.append([u.org_name, u.region, entries, items, free, conditional, closed, accepted, demands,
                     code or "未报送"])
    sums = [sum(int(str(r[k])) for r in rows) for k in range(2, 9)]
    total = ["合计", f"{len(rows)} 个单位", *sums, ""]
    code = fingerprint([rows, lists])
    rows.append(total)
    path = out_dir / safe_filename(summary_title(info), "", ".xlsx", folder=out_dir)
    write_summary(path, info, rows, lists, code, day)
    write_summary_pdf(path.with_suffix(".pdf"), info, HEADERS, [w * 0.8 for w in WIDTHS], rows,
                      "全市清单（电子版）：" + lists_line(lists), summary_title(info), day, code)
    return [path, path.with_suffix(".pdf")]


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
    from govcat_desktop.services.registration import iter_bureau_entries, iter_registration_rows, registration_spec

    forms = default_forms()
    title, sheet, cols = registration_spec(forms)
    city = info.profile.city or info.region
    path = out_dir / safe_filename(title.replace("全市", city, 1), f"_{day:%Y%m%d}", ".xlsx", folder=out_dir)
    write_sheet(path, sheet, [c.header for c in cols], iter_registration_rows(forms, iter_bureau_entries(store)),
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


def _move(staged: Path, temp: Path) -> None:
    """An output written to its staging folder becomes the atomic set's temporary file."""
    os.replace(staged, temp)


def _first_code(stamps: list[StreamStamp]) -> str:
    """The list's 校验码, as the first pass over its rows took it (every pass takes the same)."""
    return stamps[0].code()
