"""Scanned stamped copies: take them in (one row per page) and match them with the electronic copies on file.

A scan is matched by unit (统一社会信用代码), kind and fingerprint when the board is read, so a scan that
arrives before its electronic copy is kept and matched as soon as the copy is merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.scan import ScanFile, ScanRefused, read_scan
from govcat_desktop.services.bureau import KIND_LABEL, KIND_TASK
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore, Submission
from govcat_desktop.storage.paper_store import PaperPage, PaperStore

UNIT_KINDS = ("contacts", "mechanism", "catalog", "demand", "review")
SAME, MISSING, DIFFERENT, UNREADABLE, NONE, WAITING = "一致", "缺页", "与电子版不一致", "无法识别", "未收到", "待电子版"
RANK = {SAME: 0, NONE: 1, WAITING: 2, MISSING: 3, UNREADABLE: 4, DIFFERENT: 5}


@dataclass
class ScanTaken:
    path: Path
    forms: list[tuple[str, str, str, list[int], int]]  # (org_code, kind, fingerprint, pages found, page count)
    unreadable: list[int] = field(default_factory=list)  # positions in the file


@dataclass
class PaperCell:
    state: str
    detail: str = ""

    @property
    def text(self) -> str:
        return self.state + (f"（{self.detail}）" if self.detail else "")


def norm_code(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def page_rows(scan: ScanFile) -> tuple[list[PaperPage], ScanTaken]:
    """The rows to store for one decoded file; an unreadable page belongs to the form of its neighbour pages."""
    decoded = [(p.position, pl) for p in scan.pages for pl in p.payloads]
    if not decoded:
        raise ScanRefused(f"“{scan.path.name}”的 {len(scan.pages)} 页中都没有找到 govcat 页码二维码：不是本程序打印的盖章版扫描件，"
                          "或扫描太模糊（请以 150 dpi 以上、二维码完整清晰地重新扫描）")
    rows: list[PaperPage] = []
    forms: dict[tuple[str, str, str], tuple[set[int], int]] = {}
    for position, pl in decoded:
        if pl.kind not in UNIT_KINDS:
            continue
        rows.append(PaperPage(scan.path.name, position, "", pl.org_code, pl.kind, pl.fingerprint, pl.page, pl.pages,
                              pl.export_date.isoformat()))
        forms.setdefault((pl.org_code, pl.kind, pl.fingerprint), (set(), pl.pages))[0].add(pl.page)
    if not rows:
        raise ScanRefused(f"“{scan.path.name}”是汇总单位自己的打印件（督办表或全市清单），不是单位报送的盖章版")
    unreadable = scan.unreadable
    gaps = {key for key, (found, count) in forms.items() if len(found) < count}
    for position in unreadable:
        # A page whose code is unreadable belongs to a form of this file that lacks pages, the nearest such
        # (pages of one form lie together unless the stack was shuffled); else to the page before or after it.
        pool = [r for r in rows if r.page and (r.org_code, r.kind, r.fingerprint) in gaps] or [r for r in rows if r.page]
        near = min(pool, key=lambda r: (abs(r.position - position), r.position))
        rows.append(PaperPage(scan.path.name, position, "", near.org_code, near.kind, near.fingerprint, 0, near.pages,
                              near.export_date))
    taken = ScanTaken(scan.path, [(o, k, f, sorted(p), n) for (o, k, f), (p, n) in forms.items()], unreadable)
    return rows, taken


def take_scans(store: ProjectFile, paths: Iterable[Path], notifier: Notifier | None = None
               ) -> tuple[list[ScanTaken], list[tuple[Path, str]]]:
    """Decode and store each scan (one transaction a file); returns (taken, skipped with reason)."""
    notifier = notifier or SilentNotifier()
    paper = PaperStore(store)
    units = {norm_code(u.org_code): u.org_name for u in BureauStore(store).units()}
    taken: list[ScanTaken] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        try:
            scan = read_scan(path, lambda done, total, p=path: notifier.progress(done, total, f"正在识别扫描件 {p.name}"))
            rows, result = page_rows(scan)
        except ScanRefused as exc:
            skipped.append((path, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - an unreadable file is reported and skipped, never a crash
            skipped.append((path, f"无法读取该扫描件（{type(exc).__name__}），可能已损坏"))
            continue
        with store.transaction():
            paper.add_pages(rows)
        taken.append(result)
        for org, kind, _fp, found, count in result.forms:
            unit = units.get(org, f"统一社会信用代码 {org} 的单位")
            notifier.info(f"已收到纸质版：{unit} {KIND_LABEL.get(kind, kind)}，共 {count} 页，扫描件中有第 {_pages(found)} 页")
            if org not in units:
                notifier.warning(f"{unit}的电子版尚未收到；纸质版已保存，收到电子版后自动比对")
        if result.unreadable:
            notifier.warning(f"“{path.name}”第 {_pages(result.unreadable)} 页的二维码无法识别，请重新扫描这几页")
    return taken, skipped


def _pages(numbers: Iterable[int]) -> str:
    return "、".join(str(n) for n in sorted(set(numbers)))


def paper_cells(store: ProjectFile) -> dict[tuple[int, str], PaperCell]:
    """(unit id, kind) → the paper state of that unit's current submission of that kind."""
    bureau = BureauStore(store)
    units = {u.id: norm_code(u.org_code) for u in bureau.units()}
    exported = PaperStore(store).exported_at()
    pages: dict[tuple[str, str], list[PaperPage]] = {}
    for p in PaperStore(store).pages():
        pages.setdefault((norm_code(p.org_code), p.kind), []).append(p)
    history: dict[tuple[int, str], list[Submission]] = {}
    for s in bureau.submissions():
        history.setdefault((s.unit_id, s.kind), []).append(s)
    out: dict[tuple[int, str], PaperCell] = {}
    for (unit_id, kind), subs in history.items():
        current = [s for s in subs if not s.superseded]
        if not current:
            continue
        scans = pages.get((units.get(unit_id, ""), kind), [])
        out[(unit_id, kind)] = _cell(current[-1], [s for s in subs if s.superseded], scans, exported)
    for unit_id, org in units.items():
        for kind in UNIT_KINDS:
            if (unit_id, kind) not in out and pages.get((org, kind)):
                out[(unit_id, kind)] = PaperCell(WAITING, "已收到纸质版，未收到电子版")
    return out


def _cell(sub: Submission, older: list[Submission], scans: list[PaperPage], exported: dict[int, tuple[str, str]]
          ) -> PaperCell:
    if not scans:
        return PaperCell(NONE)
    mine = [p for p in scans if p.fingerprint == sub.fingerprint]
    if not mine:
        latest = max(scans, key=lambda p: (p.export_date, p.received_at))
        if any(s.fingerprint == latest.fingerprint for s in older):
            return PaperCell(DIFFERENT, f"纸质版是此前报送的版本（校验码 {latest.fingerprint}），电子版较新")
        electronic = (exported.get(sub.id, ("", ""))[1] or "")[:10]
        paper = latest.export_date
        if not electronic:
            detail = f"纸质版导出于 {paper}，校验码 {latest.fingerprint}，电子版 {sub.fingerprint or '无校验码'}"
        elif paper < electronic:
            detail = f"纸质版较旧：导出于 {paper}，电子版导出于 {electronic}"
        elif paper > electronic:
            detail = f"纸质版较新：导出于 {paper}，电子版导出于 {electronic}，请单位重新报送电子版"
        else:
            detail = f"同一天（{paper}）导出的另一版本，纸质版校验码 {latest.fingerprint}，电子版 {sub.fingerprint}"
        return PaperCell(DIFFERENT, detail)
    count = max(p.pages for p in mine)
    found = {p.page for p in mine if p.page}
    missing = [n for n in range(1, count + 1) if n not in found]
    if not missing:
        return PaperCell(SAME)
    bad = [p for p in mine if not p.page]
    if bad:
        where = "；".join(f"{src} 第 {_pages(p.position for p in bad if p.source == src)} 页"
                         for src in dict.fromkeys(p.source for p in bad))
        return PaperCell(UNREADABLE, f"缺第 {_pages(missing)} 页，无法识别：{where}")
    return PaperCell(MISSING, _pages(missing))


def task_cell(cells: dict[tuple[int, str], PaperCell], unit_id: int, task: str, kinds: Iterable[str]) -> PaperCell:
    """One task's paper state (T4 = demand + review: the worse, each named)."""
    parts = [(k, cells[(unit_id, k)]) for k in kinds if KIND_TASK.get(k) == task and (unit_id, k) in cells]
    if not parts:
        return PaperCell(NONE)
    if len(parts) == 1:
        return parts[0][1]
    worst = max(parts, key=lambda kc: RANK[kc[1].state])[1]
    if all(c.state == worst.state and not c.detail for _, c in parts):
        return worst
    return PaperCell(worst.state, "；".join(f"{KIND_LABEL.get(k, k)}：{c.text}" for k, c in parts))


def payload_kinds() -> tuple[str, ...]:
    return tuple(pdf_qr.KIND_CODES)
