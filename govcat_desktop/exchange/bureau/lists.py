"""City-wide lists: each as a print-ready submission workbook (盖章版) and an editable copy (§6.2 + appended
columns)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.domain.filenames import safe_filename
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.bureau.common import char_width
from govcat_desktop.exchange.bureau.xlsx import BODY, HEAD, TITLE, PageSetup, Sheet, write_workbook

CATALOG_HEADERS = L.CATALOG.headers  # the §6.2 catalog columns, headers from the column registry (forms/)
MATTER_HEADERS = ("序号", "事项编码", "事项名称", "事项类型", "实施部门")
DEMAND_HEADERS = (
    "序号", "数据提供方层级", "数据提供部门", "提供方已有目录", "需求目录名称", "数据名称", "数据来源依据",
    "信息项名称", "关联事项编码", "关联事项名称", "应用场景", "应用描述", "是否在国办前三批共享责任清单",
    "共享方式", "更新频率", "是否已申请", "驳回理由",
)
UNIT_COLUMNS = ("填报单位", "所属地区")  # appended after the contract columns (§6.2 allows columns at the end)
MATCH_COLUMNS = ("需求单位", "本地可提供单位", "本地匹配目录", "匹配信息项")
VOCAB_COLUMNS = {
    "安全级别": "1级,2级,3级,4级",
    "共享类型": "无条件共享,有条件共享,不予共享",
    "网络环境": "互联网,政务外网,部门专网",
}


def _widths(headers: Sequence[str], rows: list[list[str]], sample: int = 200) -> list[float]:
    """Column widths from the header and the first rows (enough to read, capped)."""
    widest = [char_width(h) for h in headers]
    for row in rows[:sample]:
        for i, value in enumerate(row[: len(widest)]):
            widest[i] = max(widest[i], char_width(str(value)))
    return [max(6.0, min(36.0, w + 2)) for w in widest]


def _editable(path: Path, sheets: list[tuple[str, Sequence[str], Iterable[list[str]], dict[str, str]]],
              info: ProjectInfo, kind: str, stamp: str | Callable[[], str]) -> Path:
    """A §6.2 editable copy: row 1 headers, data from row 2, no merges, text cells, dropdowns, hidden `_govcat`.

    `stamp` may be a function: asked when the hidden sheet is written, after the data (a streamed list's
    fingerprint is known once its rows have gone by)."""
    from datetime import datetime

    def meta():
        yield from {"format": "govcat-exchange", "format_version": "1", "kind": kind, "org_name": info.org_name,
                    "org_code": info.org_code, "region": info.region,
                    "exported_at": datetime.now().replace(microsecond=0).isoformat(), "spec_version": "1",
                    "fingerprint": stamp() if callable(stamp) else stamp, "scope": "全市汇总"}.items()

    parts = []
    for name, headers, rows, vocab in sheets:
        rows = iter(rows)
        first = list(itertools.islice(rows, 200))  # widths from the first rows; the rest streams to the file
        parts.append(Sheet(name, headers, itertools.chain(first, rows), _widths(headers, first), dict(vocab)))
    parts.append(Sheet("_govcat", ("key", "value"), meta(), (16, 40), hidden=True, bold_header=False))
    return write_workbook(path, parts)


def _printable(path: Path, title: str, info: ProjectInfo, headers: Sequence[str], widths: Sequence[float],
               blocks, merge_cols: int, stamp: str, kind: str = "city_catalog") -> Path:
    # blocks: a list of (entry cells, item lines), or a function giving them afresh (read twice: workbook, PDF)
    """A 盖章版: title, header repeated, entry columns merged over their item rows, signature block, fingerprint."""
    n = len(headers)
    last = get_column_letter(n)
    merges = [f"A1:{last}1", f"A2:{last}2"]
    width_of = {}

    def lines_of(value: object, width: float) -> float:
        text = str(value)
        if text not in width_of:
            width_of[text] = char_width(text)
        return width_of[text] / max(width - 1, 1)

    def rows():
        yield [title] + [""] * (n - 1), [TITLE] * n, 30
        yield [f"汇总单位：{info.org_name}    内容指纹：{stamp}"] + [""] * (n - 1), None, 20
        yield list(headers), [HEAD] * n, 32
        r = 3
        body = [BODY] * n
        for own, lines in (blocks() if callable(blocks) else blocks):
            lines = lines or [[""] * (n - merge_cols)]
            spread = (max(lines_of(v, w) for v, w in zip(own, widths)) + 1) / len(lines)
            first = r + 1
            for k, line in enumerate(lines):
                r += 1
                here = max(lines_of(v, w) for v, w in zip(line, widths[merge_cols:])) + 1
                height = min(409, 15 * int(max(here, spread)) + 5)
                yield (own if k == 0 else [""] * merge_cols) + list(line), body, height
            if len(lines) > 1:
                merges.extend(f"{get_column_letter(c)}{first}:{get_column_letter(c)}{r}"
                              for c in range(1, merge_cols + 1))
        yield [], None, None
        for text in ("填报单位（盖章）：", "负责人（签字）：            联系人：            联系电话：",
                     "填报日期：        年    月    日"):
            yield [text], None, 20

    page = PageSetup(title_rows=(3, 3), header=title, footer_right=f"指纹 {stamp}")
    write_workbook(path, [Sheet("清单", (), rows(), widths, styled=True, merges=merges, page=page)])
    from govcat_desktop.exchange.pdf_bureau import write_list_pdf  # the print file next to it

    write_list_pdf(path.with_suffix(".pdf"), kind, title, info, headers, widths,
                   list(blocks() if callable(blocks) else blocks), merge_cols, stamp)
    return path


def write_catalog_list(out_dir: Path, name: str, info: ProjectInfo, rows: Callable[[], Iterable],
                       stamp: Callable[[], str], matters: list[list[str]], title: str | None = None, *,
                       full_print: bool = False) -> list[Path]:
    """Catalog-like list (all entries, or the shareable ones): [可编辑电子版], and with `full_print` its 盖章版
    workbook and print PDF too. `rows()` gives the list's rows afresh each time (streamed from the project file);
    `stamp()` is the list's fingerprint once the editable copy has read them all."""
    city = info.profile.city or info.region
    title = title or f"{city}{name.removeprefix('全市')}".replace("全市", city)

    def data():
        n = 0
        for r in rows():
            v = r.values
            own = [r.matter_code, r.matter_name, v["目录名称"], v["资源摘要"], v["数据领域"], v["安全级别"],
                   v["共享类型"], v["共享条件"], v["不予共享依据"], v["共享方式"], v["网络环境"], v["更新周期"]]
            tail = [v["审核状态"], v["审核意见"], r.unit, r.region]
            for item in r.items or [("", "", "", "")]:
                n += 1
                yield [str(n), *own, *item, *tail]

    editable = _editable(
        out_dir / safe_filename(name, "（可编辑电子版）", ".xlsx", folder=out_dir),
        [("服务事项", (*MATTER_HEADERS, *UNIT_COLUMNS), matters, {}),
         ("数据资源目录", (*CATALOG_HEADERS, *UNIT_COLUMNS), data(), VOCAB_COLUMNS)],
        info, "catalog", stamp,
    )
    if not full_print:
        return [editable]
    headers = ("序号", "填报单位", "事项编码", "事项名称", "目录名称", "资源摘要", "数据领域", "安全级别", "共享类型",
               "共享条件或不予共享依据", "共享方式", "网络环境", "更新周期", "信息项名称", "数据类型", "数据长度")
    widths = (6, 16, 14, 16, 16, 24, 10, 7, 10, 20, 14, 9, 8, 16, 10, 7)

    def blocks():  # streamed: at city scale the rows of both workbooks never exist in memory all at once
        for i, r in enumerate(rows(), start=1):
            v = r.values
            own = [i, r.unit, r.matter_code, r.matter_name, v["目录名称"], v["资源摘要"], v["数据领域"], v["安全级别"],
                   v["共享类型"], v["共享条件"] or v["不予共享依据"], v["共享方式"], v["网络环境"], v["更新周期"]]
            yield own, [[it[0], it[1], it[2]] for it in r.items]

    printable = _printable(out_dir / safe_filename(name, "（盖章版）", ".xlsx", folder=out_dir), title, info, headers,
                           widths, blocks, 13, stamp(), "city_offer" if "可提供" in name else "city_catalog")
    return [printable, printable.with_suffix(".pdf"), editable]


def write_demand_list(out_dir: Path, name: str, info: ProjectInfo, rows: list, stamp: str, *,
                      full_print: bool = False) -> list[Path]:
    """全市供需对接清单: each demand with the local entries that can serve it: [可编辑电子版], with `full_print` its
    盖章版 workbook and print PDF before it."""
    data = []
    for i, r in enumerate(rows, start=1):
        v = r.values
        match = [
            "；".join(c[0] for c in r.candidates), "；".join(c[1] for c in r.candidates),
            "；".join(c[2] for c in r.candidates),
        ]
        data.append([str(i), *(v[h] for h in DEMAND_HEADERS[1:]), r.unit, *match])
    editable = _editable(out_dir / safe_filename(name, "（可编辑电子版）", ".xlsx", folder=out_dir),
                         [("共享数据需求", (*DEMAND_HEADERS, *MATCH_COLUMNS), data, {})], info, "demand", stamp)
    if not full_print:
        return [editable]
    city = info.profile.city or info.region
    headers = ("序号", "需求单位", "数据提供方层级", "数据提供部门", "需求目录或数据名称", "信息项名称", "关联事项",
               "应用场景", "共享方式", "更新频率", "是否已申请", "本地可提供单位", "本地匹配目录", "匹配信息项")
    widths = (6, 16, 10, 14, 18, 22, 18, 10, 14, 8, 10, 16, 18, 20)
    blocks = []
    for i, r in enumerate(rows, start=1):
        v = r.values
        own = [i, r.unit, v["数据提供方层级"], v["数据提供部门"], v["需求目录名称"] or v["数据名称"], v["信息项名称"],
               v["关联事项名称"], v["应用场景"], v["共享方式"], v["更新频率"], v["是否已申请"]]
        blocks.append((own, [[c[0], c[1], c[2]] for c in r.candidates] or [["（本地暂无）", "", ""]]))
    printable = _printable(out_dir / safe_filename(name, "（盖章版）", ".xlsx", folder=out_dir),
                           f"{city}政务数据供需对接清单", info, headers, widths, blocks, 11, stamp, "city_demand")
    return [printable, printable.with_suffix(".pdf"), editable]
