"""Scanned stamped copies: take them in (one row per page found) and match them with the electronic copies on file.

Pages are counted by code, not by sheet: a sheet carries as many pages as codes were read on it (2-up: two), and a
page is 收到 only when its own code was read. A sheet whose code cannot be read is given to a form only where the
page numbers around it say which page of which form it must be; otherwise it stays the unit's unplaced unreadable
page (never another kind's). Blank sheets (the backs of a duplex scan) are 空白页, never unreadable. A code is taken
only when it is valid: the kind of a unit's form, a 统一社会信用代码 with its GB 32100 check character, an export
date not after the day of intake, page ≤ pages ≤ MAX_FORM_PAGES. A scan is matched by unit, kind and fingerprint when
the board is read, so a scan that arrives before its electronic copy is kept and matched once the copy is merged.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.codes import is_valid_uscc
from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.scan import BLANK, ScanFile, ScanRefused, read_scans
from govcat_desktop.services.bureau import KIND_LABEL, KIND_TASK
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore, Submission
from govcat_desktop.storage.paper_store import BLANK_PAGE, PaperPage, PaperStore

UNIT_KINDS = ("contacts", "mechanism", "catalog", "demand", "review")
# Printed with a unit's form but not one of its forms: the 目录变更表 of a catalog (exchange.change_sheet). Its pages
# are taken under their own kind, so they never count as (or against) the catalog's pages.
ATTACHED_KINDS = {"changes": "目录变更表"}
SAME, MISSING, DIFFERENT, UNREADABLE, NONE, WAITING = "一致", "缺页", "与电子版不一致", "无法识别", "未收到", "待电子版"
RANK = {SAME: 0, NONE: 1, WAITING: 2, MISSING: 3, UNREADABLE: 4, DIFFERENT: 5}
MAX_FORM_PAGES = pdf_qr.MAX_FORM_PAGES


@dataclass
class ScanTaken:
    path: Path
    forms: list[tuple[str, str, str, list[int], int]]  # (org_code, kind, fingerprint, pages found, page count)
    unreadable: list[int] = field(default_factory=list)  # positions in the file (a sheet whose code was not read)
    blank: list[int] = field(default_factory=list)  # positions of blank sheets
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (position, why its code was not taken)


@dataclass
class PaperCell:
    state: str
    detail: str = ""
    blank: str = ""  # where blank sheets of this form were (“扫描.pdf 第 2、4 页”)
    blank_at: tuple[tuple[str, int], ...] = ()  # those sheets: (file, position), so that T4 can say its two forms' once

    @property
    def text(self) -> str:
        text = self.state + (f"（{self.detail}）" if self.detail else "")
        return text + (f"；空白页：{self.blank}" if self.blank else "")


def norm_code(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def code_problem(pl: pdf_qr.PagePayload, today: _dt.date) -> str:
    """Why a decoded page code is not taken ('' when it is valid)."""
    if pl.kind not in UNIT_KINDS and pl.kind not in ATTACHED_KINDS:
        return "汇总单位自己的打印件（督办表或全市清单），不是单位报送的盖章版"
    if not pl.org_code:
        return "二维码中没有统一社会信用代码"
    if not is_valid_uscc(pl.org_code):
        return "二维码中的统一社会信用代码无效（校验位不符）"
    if pl.export_date > today:
        return f"二维码中的导出日期 {pl.export_date:%Y-%m-%d} 晚于今天"
    if pl.pages > MAX_FORM_PAGES:
        return f"二维码中的页数 {pl.pages} 超过上限 {MAX_FORM_PAGES} 页"
    return ""


def page_rows(scan: ScanFile, today: _dt.date | None = None) -> tuple[list[PaperPage], ScanTaken]:
    """The rows to store for one decoded file (see the module's note on how sheets become pages)."""
    today = today or _dt.date.today()
    name = scan.path.name
    invalid: list[tuple[int, str]] = []
    sheets: list[tuple[int, list[pdf_qr.PagePayload]]] = []  # (position, valid codes) of sheets with a code
    for p in scan.pages:
        good = []
        for pl in p.payloads:
            why = code_problem(pl, today)
            if why:
                invalid.append((p.position, why))
            else:
                good.append(pl)
        if good:
            sheets.append((p.position, good))
    if not sheets:
        if invalid:
            raise ScanRefused(f"“{name}”中的二维码不能采用：{invalid[0][1]}")
        if scan.pages and all(p.state == BLANK for p in scan.pages):
            raise ScanRefused(f"“{name}”的 {len(scan.pages)} 页都是空白页")
        raise ScanRefused(f"“{name}”的 {len(scan.pages)} 页中都没有找到 govcat 页码二维码："
                          "不是本程序打印的盖章版扫描件，"
                          "或扫描太模糊（请以 150 dpi 以上、二维码完整清晰地重新扫描）")
    rows: list[PaperPage] = []
    claims: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for position, payloads in sheets:
        for pl in payloads:
            rows.append(PaperPage(name, position, "", pl.org_code, pl.kind, pl.fingerprint, pl.page, pl.pages,
                                  pl.export_date.isoformat()))
            claims.setdefault(_key(pl), []).append((pl.page, pl.pages))
    counts = {key: agreed_count(pairs) for key, pairs in claims.items()}
    forms = {key: ({n for n, c in pairs if c == counts[key]}, counts[key]) for key, pairs in claims.items()}
    missing = {key: {n for n in range(1, count + 1) if n not in found} for key, (found, count) in forms.items()}
    by_position = dict(sheets)
    codes = sorted(by_position)
    unreadable: list[int] = []
    for position, pl in _hidden_pages(sheets, missing):
        unreadable.append(position)
        rows.append(PaperPage(name, position, "", pl.org_code, pl.kind, pl.fingerprint, 0, pl.pages,
                              pl.export_date.isoformat()))
    forged = {position for position, _ in invalid}
    for p in scan.pages:
        if p.state == BLANK or p.position in by_position or p.position in forged:
            continue  # a sheet whose only codes were not taken is said as such (invalid), not as unreadable
        unreadable.append(p.position)
        owner = _owner(p.position, codes, by_position, missing)
        if owner is not None:
            rows.append(PaperPage(name, p.position, "", owner.org_code, owner.kind, owner.fingerprint, 0, owner.pages,
                                  owner.export_date.isoformat()))
        else:  # the unit's, when the file holds one unit's pages only; never another kind's
            orgs = {key[0] for key in forms}
            rows.append(PaperPage(name, p.position, "", orgs.pop() if len(orgs) == 1 else "", "", "", 0, 0, ""))
    for p in scan.pages:
        if p.state == BLANK:
            near = _neighbour(p.position, codes, by_position)
            if near is not None:
                rows.append(PaperPage(name, p.position, "", near.org_code, near.kind, near.fingerprint, BLANK_PAGE,
                                      near.pages, near.export_date.isoformat()))
    taken = ScanTaken(scan.path, [(o, k, f, sorted(p), n) for (o, k, f), (p, n) in forms.items()],
                      sorted(set(unreadable)), scan.blank, invalid)
    return rows, taken


def agreed_count(pairs: Iterable[tuple[int, int]]) -> int:
    """A form's page count from its codes' (page, pages): the one they agree on. A forged code claiming more pages
    than the others cannot stretch the form: a count whose pages are all there wins, then the count most codes
    claim, then the smallest."""
    claims: dict[int, set[int]] = {}
    for page, pages in pairs:
        claims.setdefault(pages, set()).add(page)
    return min(claims, key=lambda n: (len(claims[n]) < n, -len(claims[n]), n))


def _key(pl: pdf_qr.PagePayload) -> tuple[str, str, str]:
    return (pl.org_code, pl.kind, pl.fingerprint)


def _hidden_pages(sheets: list[tuple[int, list[pdf_qr.PagePayload]]], missing: dict
                  ) -> list[tuple[int, pdf_qr.PagePayload]]:
    """(position, a code read there) of each page hidden on a sheet of an n-up file: a sheet with fewer codes read
    than the file's others carry, next to a page its form lacks, has that page physically there, unreadable."""
    per_sheet = max(len(p) for _, p in sheets)
    if per_sheet < 2:
        return []
    out = []
    for position, payloads in sheets:
        pl = payloads[0]
        numbers = sorted(q.page for q in payloads if _key(q) == _key(pl))
        near = {n for k in range(1, per_sheet) for n in (numbers[0] - k, numbers[-1] + k)}
        gaps = sorted(missing.get(_key(pl), set()) & near)
        for n in gaps[:per_sheet - len(payloads)]:
            missing[_key(pl)].discard(n)
            out.append((position, pl))
    return out


def _owner(position: int, codes: list[int], by_position: dict, missing: dict) -> pdf_qr.PagePayload | None:
    """The form an unreadable sheet must belong to, by the page numbers of the sheets around it, or None."""
    before = [c for c in codes if c < position]
    after = [c for c in codes if c > position]
    fitting: dict[tuple[tuple[str, str, str], int], pdf_qr.PagePayload] = {}
    if before:
        for pl in by_position[before[-1]]:
            n = max(q.page for q in by_position[before[-1]] if _key(q) == _key(pl)) + position - before[-1]
            if n in missing.get(_key(pl), set()):
                fitting[(_key(pl), n)] = pl
    if after:
        for pl in by_position[after[0]]:
            n = min(q.page for q in by_position[after[0]] if _key(q) == _key(pl)) - (after[0] - position)
            if n in missing.get(_key(pl), set()):
                fitting[(_key(pl), n)] = pl
    if not fitting:  # a shuffled stack: the one form of the file that still lacks pages, if only one does
        lacking = [key for key, numbers in missing.items() if numbers]
        if len(lacking) != 1:
            return None
        key = lacking[0]
        missing[key].discard(min(missing[key]))
        return next(pl for c in codes for pl in by_position[c] if _key(pl) == key)
    if len({key for key, _ in fitting}) != 1:
        return None  # two forms could have that page: it is not given to either
    (key, n), pl = next(iter(fitting.items()))
    for k, m in fitting:
        missing[k].discard(m)
    return pl


def _neighbour(position: int, codes: list[int], by_position: dict) -> pdf_qr.PagePayload | None:
    before = [c for c in codes if c < position]
    if before:
        return by_position[before[-1]][-1]
    after = [c for c in codes if c > position]
    return by_position[after[0]][0] if after else None


def take_scans(store: ProjectFile, paths: Iterable[Path], notifier: Notifier | None = None
               ) -> tuple[list[ScanTaken], list[tuple[Path, str]]]:
    """Decode (in the scan child process) and store each scan, one transaction a file; (taken, skipped with reason)."""
    notifier = notifier or SilentNotifier()
    paper = PaperStore(store)
    units = {norm_code(u.org_code): u.org_name for u in BureauStore(store).units()}
    taken: list[ScanTaken] = []
    skipped: list[tuple[Path, str]] = []
    paths = list(paths)
    today = _dt.date.today()

    def tick(path: Path, done: int, total: int) -> bool:
        return notifier.progress(done, total, f"正在识别扫描件 {path.name}")

    try:
        for path, scan in read_scans(paths, tick):
            if isinstance(scan, ScanRefused):
                skipped.append((path, str(scan)))
                continue
            try:
                rows, result = page_rows(scan, today)
            except ScanRefused as exc:
                skipped.append((path, str(exc)))
                continue
            with store.transaction():
                paper.add_pages(rows)
            taken.append(result)
            _tell(notifier, units, result)
    except ScanRefused:  # cancelled: the files not yet read are said so
        done = {p for p, _ in skipped} | {t.path for t in taken}
        skipped.extend((p, "已取消，未汇总") for p in paths if p not in done)
    return taken, skipped


def _tell(notifier: Notifier, units: dict[str, str], result: ScanTaken) -> None:
    name = result.path.name
    for org, kind, _fp, found, count in result.forms:
        unit = units.get(org, f"统一社会信用代码 {org} 的单位")
        label = KIND_LABEL.get(kind) or ATTACHED_KINDS.get(kind, kind)
        notifier.info(f"已收到纸质版：{unit} {label}，共 {count} 页，扫描件中有{at_pages(found)}")
        if org not in units:
            notifier.warning(f"{unit}的电子版尚未收到；纸质版已保存，收到电子版后自动比对")
    if result.unreadable:
        notifier.warning(f"“{name}”{at_pages(result.unreadable)}的二维码无法识别，请重新扫描这几页")
    if result.blank:
        notifier.info(f"“{name}”{at_pages(result.blank)}是空白页，已略过")
    for position, why in result.invalid[:3]:
        notifier.warning(f"“{name}”第 {position} 页的二维码未采用：{why}")


def pages_text(numbers: Iterable[int]) -> str:
    """1、2、3、5 → “1–3、5”: ranges, so a long list stays one short line."""
    values = sorted(set(numbers))
    parts: list[str] = []
    k = 0
    while k < len(values):
        j = k
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        parts.append(str(values[k]) if j == k else f"{values[k]}、{values[j]}" if j == k + 1
                     else f"{values[k]}–{values[j]}")
        k = j + 1
    if len(parts) > 8:
        return "、".join(parts[:8]) + f" 等 {len(values)} 页"
    return "、".join(parts)


_pages = pages_text


def paper_cells(store: ProjectFile) -> dict[tuple[int, str], PaperCell]:
    """(unit id, kind) → the paper state of that unit's current submission of that kind."""
    bureau = BureauStore(store)
    units = {u.id: norm_code(u.org_code) for u in bureau.units()}
    exported = PaperStore(store).exported_at()
    printed = PaperStore(store).print_pages()
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
        cell = _cell(current[-1], [s for s in subs if s.superseded], scans, exported, printed.get(current[-1].id, 0))
        unplaced = pages.get((units.get(unit_id, ""), ""), [])
        if unplaced and cell.state in (NONE, MISSING):
            cell = PaperCell(UNREADABLE, ("未找到本项的页码二维码" if cell.state == NONE else f"缺第 {cell.detail} 页")
                             + f"，无法识别：{_where(unplaced)}", cell.blank, cell.blank_at)
        out[(unit_id, kind)] = cell
    for unit_id, org in units.items():
        for kind in UNIT_KINDS:
            if (unit_id, kind) not in out and pages.get((org, kind)):
                out[(unit_id, kind)] = PaperCell(WAITING, "已收到纸质版，未收到电子版")
    return out


def at_pages(numbers: Iterable[int]) -> str:
    """“第 1–3、5 页” (“第 1、3 … 15 等 40 页” for a long list, not “… 等 40 页 页”)."""
    text = pages_text(numbers)
    return f"第 {text}" if text.endswith(" 页") else f"第 {text} 页"


def _where(pages: list[PaperPage]) -> str:
    return _where_at([(p.source, p.position) for p in pages])


def _where_at(at: Iterable[tuple[str, int]]) -> str:
    pairs = list(at)
    return "；".join(f"{src} {at_pages(pos for s, pos in pairs if s == src)}"
                    for src in dict.fromkeys(s for s, _ in pairs))


def _count(mine: list[PaperPage]) -> int:
    pairs = [(p.page, p.pages) for p in mine if p.page > 0]
    return agreed_count(pairs) if pairs else max(p.pages for p in mine)


def _cell(sub: Submission, older: list[Submission], scans: list[PaperPage], exported: dict[int, tuple[str, str]],
          printed: int = 0) -> PaperCell:
    """The paper state of one submission. `printed`: the page count of the print PDF exported with its copy (0 =
    unknown: the count the codes agree on stands in); codes saying another count are of another export's print."""
    if not scans:
        return PaperCell(NONE)
    mine = [p for p in scans if p.fingerprint == sub.fingerprint]
    blank_at = tuple((p.source, p.position) for p in mine if p.page == BLANK_PAGE)
    blank = _where_at(blank_at)
    mine = [p for p in mine if p.page != BLANK_PAGE]
    others = [p for p in scans if p.fingerprint != sub.fingerprint and p.page > 0]
    if not mine:
        if not others:
            return PaperCell(NONE, "", blank, blank_at)
        latest = max(others, key=lambda p: (p.export_date, p.received_at))
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
    count = printed or _count(mine)
    found = {p.page for p in mine if 0 < p.page <= count and p.pages == count}
    missing = [n for n in range(1, count + 1) if n not in found]
    foreign = _foreign([p for p in mine if p.page > 0 and p.pages != count], printed)
    if not missing:
        return PaperCell(SAME, foreign.removeprefix("，"), blank, blank_at)
    stale = sorted({p.page for p in others if p.page in missing and any(s.fingerprint == p.fingerprint for s in older)})
    note = (f"，{at_pages(stale)}是此前报送的版本" if stale else "") + foreign
    bad = [p for p in mine if p.page == 0]
    if bad:
        return PaperCell(UNREADABLE, f"缺{at_pages(missing)}，无法识别：{_where(bad)}{note}", blank, blank_at)
    return PaperCell(MISSING, f"{pages_text(missing)}{note}", blank, blank_at)


def _foreign(pages: list[PaperPage], printed: int) -> str:
    """'，…' naming the scanned pages whose codes give another page count than the copy's print (another export's
    print, or a forged count), or ''."""
    if not pages or not printed:
        return ""
    counts = "、".join(str(n) for n in sorted({p.pages for p in pages}))
    return (f"，{_where(pages)}的二维码为共 {counts} 页，不是这份电子版导出时的打印件（共 {printed} 页），"
            "是另一次导出的打印件")


def task_cell(cells: dict[tuple[int, str], PaperCell], unit_id: int, task: str, kinds: Iterable[str]) -> PaperCell:
    """One task's paper state (T4 = demand + review: the worse, each named, in the forms' order whatever order
    `kinds` comes in: the line is part of the 督办表's fingerprint)."""
    order = sorted(set(kinds), key=lambda k: (UNIT_KINDS.index(k) if k in UNIT_KINDS else len(UNIT_KINDS), k))
    parts = [(k, cells[(unit_id, k)]) for k in order if KIND_TASK.get(k) == task and (unit_id, k) in cells]
    if not parts:
        return PaperCell(NONE)
    if len(parts) == 1:
        return parts[0][1]
    worst = max(parts, key=lambda kc: RANK[kc[1].state])[1]
    if all(c.state == worst.state and not c.detail and (c.blank_at or not c.blank) for _, c in parts):
        at = tuple(dict.fromkeys(pair for _, c in parts for pair in c.blank_at))
        return PaperCell(worst.state, "", _where_at(at), at)  # both forms alike: one short line
    return PaperCell(worst.state, "；".join(f"{KIND_LABEL.get(k, k)}：{c.text}" for k, c in parts))


