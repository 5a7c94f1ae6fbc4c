"""Feedback workbooks (`_govcat` kind feedback) and the unit's reply (kind feedback-reply): write and read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.domain.roles import KIND_SHORT
from govcat_desktop.exchange.bureau.common import print_setup, read_meta, save, table, write_meta

FEEDBACK = "feedback"
FEEDBACK_REPLY = "feedback-reply"
SHEET = "审核意见"
HEADERS = ("序号", "意见编号", "对象", "事项编码", "目录或记录名称", "信息项名称", "字段", "审核结论", "审核意见",
           "处理情况", "处理说明", "处理时间")
WIDTHS = (6, 14, 10, 18, 24, 16, 12, 10, 40, 10, 30, 18)
KIND_NAME = KIND_SHORT  # forms/roles.toml
STATUS_NAME = {"open": "未处理", "resolved": "已处理"}

__all__ = ["FEEDBACK", "FEEDBACK_REPLY", "FeedbackError", "FeedbackRow", "read_feedback", "read_meta", "read_reply",
           "write_feedback"]


@dataclass(frozen=True)
class FeedbackRow:
    """One line of a feedback workbook (a comment pinned to a record, field or info item)."""

    token: str
    kind: str
    matter_code: str
    record_name: str
    item_name: str
    field: str  # field key
    decision: str
    message: str
    status: str = "open"
    resolution: str = ""
    resolved_at: str = ""


class FeedbackError(ValueError):
    """A feedback workbook that cannot be read; str() is the Chinese message."""


def write_feedback(path: Path, unit: ProjectInfo, issuer: ProjectInfo, rows: Sequence, label: Callable[[str, str], str],
                   *, reply: bool = False, stamp: str = "", version: int = 0) -> Path:
    """Write the comments (FeedbackRow-like) for `unit`; `label(kind, key)` names a field in Chinese."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    data = [
        (
            i, r.token, KIND_NAME.get(r.kind, r.kind), r.matter_code, r.record_name, r.item_name,
            label(r.kind, r.field),
            r.decision, r.message, STATUS_NAME.get(r.status, r.status), r.resolution, r.resolved_at,
        )
        for i, r in enumerate(rows, start=1)
    ]
    table(ws, 1, HEADERS, data, WIDTHS, center=(0, 2, 7, 9))
    status = DataValidation(type="list", formula1='"未处理,已处理"', allow_blank=True)
    ws.add_data_validation(status)
    status.add(f"J2:J{max(len(data) + 1, 2)}")
    ws.freeze_panes = "A2"
    what = "审核意见答复" if reply else "审核意见"
    print_setup(ws, "1:1", header=f"{unit.org_name} {what}（{issuer.org_name}）")
    write_meta(wb, {
        "kind": FEEDBACK_REPLY if reply else FEEDBACK,
        "org_name": unit.org_name,
        "org_code": unit.org_code,
        "region": unit.region,
        "issuer": issuer.org_name,
        "fingerprint": stamp or str(len(data)),
        **({"version": str(version)} if version else {}),  # issue 22: the unit's catalog version these reviews are of
    })
    return save(wb, Path(path))


def _rows(path: Path) -> list[list[str]]:
    from govcat_desktop.exchange.errors import ImportRefused
    from govcat_desktop.exchange.reader import open_book

    try:
        book = open_book(path)  # the one safe opener: extents, zip bombs and DTDs refused before calamine reads
        try:
            if SHEET not in book.sheet_names:
                raise FeedbackError(f"“{path.name}”中没有“{SHEET}”工作表，不是审核意见文件。")
            rows = book.rows(SHEET)
        finally:
            book.close()
    except ImportRefused as exc:
        raise FeedbackError(exc.message) from None
    if not rows or [str(c).strip() for c in rows[0][: len(HEADERS)]] != list(HEADERS):
        raise FeedbackError(f"“{path.name}”工作表“{SHEET}”第1行的表头与审核意见文件的格式不一致，未导入。")
    return [[_text(c) for c in r] + [""] * (len(HEADERS) - len(r)) for r in rows[1:] if any(_text(c) for c in r)]


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def read_feedback(path: Path, key: Callable[[str, str], str]) -> tuple[dict[str, str], list]:
    """(meta, FeedbackRow list) of a feedback workbook; `key(kind, label)` maps a field label to its key."""
    path = Path(path)
    meta = _meta(path, (FEEDBACK, FEEDBACK_REPLY))
    kinds = {v: k for k, v in KIND_NAME.items()}
    out = []
    for n, r in enumerate(_rows(path), start=2):
        if not r[1]:
            raise FeedbackError(f"“{path.name}”工作表“{SHEET}”第{n}行缺少意见编号（B列），未导入。")
        kind = kinds.get(r[2], r[2])
        status = {v: k for k, v in STATUS_NAME.items()}.get(r[9], "open")
        out.append(FeedbackRow(r[1], kind, r[3], r[4], r[5], key(kind, r[6]), r[7], r[8], status, r[10], r[11]))
    return meta, out


def read_reply(path: Path) -> list[tuple[str, str, str]]:
    """(token, resolution, resolved_at) of each comment the unit marked 已处理."""
    path = Path(path)
    _meta(path, (FEEDBACK_REPLY,))
    return [(r[1], r[10], r[11]) for r in _rows(path) if r[1] and r[9] == "已处理" and r[7] != "已审核"]


def _meta(path: Path, kinds: tuple[str, ...]) -> dict[str, str]:
    from govcat_desktop.exchange.errors import ImportRefused

    try:
        meta = read_meta(path)
    except ImportRefused as exc:  # the safe opener's Chinese reason (file, sheet, cell)
        raise FeedbackError(exc.message) from None
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        raise FeedbackError(f"无法读取“{path.name}”：文件可能已损坏或不是 Excel 工作簿。") from exc
    if meta.get("format") != "govcat-exchange" or meta.get("kind") not in kinds:
        raise FeedbackError(f"“{path.name}”不是本程序导出的审核意见文件（缺少 _govcat 工作表或类型不符）。")
    return meta
