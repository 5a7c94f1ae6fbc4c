"""Read a workbook's values with python-calamine (or a CSV with the csv module), after the safety checks."""

from __future__ import annotations

import csv
import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook


from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.safety import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, sniff

Row = list[object]


@dataclass
class Book:
    """The values of a workbook: sheet name → rows (lists of raw cell values), in workbook order."""

    path: Path
    format: str
    sheet_names: list[str]
    _wb: CalamineWorkbook | None = None
    _cache: dict[str, list[Row]] = field(default_factory=dict)
    _ahead: threading.Thread | None = None  # read_ahead's worker, until rows() or close() waits for it
    _parsed: dict[str, object] = field(default_factory=dict)  # sheet → calamine sheet (or its error), read ahead

    @property
    def name(self) -> str:
        return self.path.name

    def read_ahead(self) -> None:
        """Let calamine parse every sheet on a worker thread while the caller goes on (loading its modules, opening
        its project): calamine releases the GIL while it parses. rows() waits for the worker. Only after open_book's
        safety checks, like every read."""
        if self._wb is None or self._ahead is not None:
            return
        wb, parsed = self._wb, self._parsed

        def work() -> None:
            for name in self.sheet_names:
                try:
                    parsed[name] = wb.get_sheet_by_name(name)
                except Exception as exc:  # noqa: BLE001 - calamine's own error types, raised by rows() as a refusal
                    parsed[name] = exc

        self._ahead = threading.Thread(target=work, name="govcat-read-ahead", daemon=True)
        self._ahead.start()

    def _wait(self) -> None:
        if self._ahead is not None:
            self._ahead.join()
            self._ahead = None

    def rows(self, sheet: str) -> list[Row]:
        """All rows of `sheet` (empty cells as ''), trailing empty rows dropped."""
        if sheet not in self._cache:
            self._wait()
            if self._wb is None:
                raise KeyError(sheet)
            try:
                parsed = self._parsed.pop(sheet, None)
                if isinstance(parsed, Exception):
                    raise parsed
                data = (parsed or self._wb.get_sheet_by_name(sheet)).to_python(skip_empty_area=False)
            except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
                raise ImportRefused(
                    f"文件“{self.name}”的工作表“{sheet}”内容已损坏，无法读取。请在 Excel 或 WPS 中打开该文件、另存为 .xlsx 后再导入。",
                    detail=str(exc),
                ) from None
            while data and not any(v not in ("", None) for v in data[-1]):
                data.pop()
            self._cache[sheet] = data
        return self._cache[sheet]

    def close(self) -> None:
        self._wait()
        self._parsed.clear()
        if self._wb is not None:
            try:
                self._wb.close()
            except Exception:  # noqa: BLE001 - closing twice or a closed file is harmless
                pass
            self._wb = None


def open_book(path: str | os.PathLike[str]) -> Book:
    """Open a workbook for reading values; ImportRefused when it is not a workbook we can read safely."""
    path = Path(path)
    kind = sniff(path)
    if kind == "csv":
        return Book(path, "csv", [path.stem], None, {path.stem: read_csv(path)})
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        if "password" in str(exc).lower():
            raise ImportRefused(
                f"文件“{path.name}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码、另存后再导入。"
            ) from None
        raise ImportRefused(
            f"文件“{path.name}”无法作为工作簿打开（文件可能已损坏或不完整）。请在 Excel 或 WPS 中打开、另存为 .xlsx 后再导入。",
            detail=str(exc),
        ) from None
    return Book(path, kind, names, wb)


def decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else GB18030, else UTF-16 with BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace")


def read_csv(path: Path) -> list[Row]:
    """Rows of a CSV file; the delimiter is guessed among , ; tab."""
    try:
        text = decode_text(path.read_bytes())
    except OSError as exc:
        raise ImportRefused(f"无法读取文件“{path.name}”：{exc.strerror or exc}。") from None
    if "\x00" in text:
        raise ImportRefused(f"文件“{path.name}”不是文本表格（含有二进制内容）。")
    sample = text[:8192]
    delimiter = max((",", "\t", ";"), key=sample.count) if sample else ","
    rows: list[Row] = []
    try:
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(list(r))
            if len(rows) > MAX_SHEET_ROWS or len(r) > MAX_SHEET_COLUMNS:
                raise ImportRefused(
                    f"文件“{path.name}”第 {len(rows)} 行起超过 {MAX_SHEET_ROWS} 行或 {MAX_SHEET_COLUMNS} 列的上限，不予读取。"
                )
    except csv.Error as exc:
        why = "有单元格超过 131072 个字" if "field larger" in str(exc) else "引号或换行不成对"
        raise ImportRefused(f"文件“{path.name}”不是有效的 CSV 表格（第 {len(rows) + 1} 行起{why}）。", detail=str(exc)) from None
    while rows and not any(v.strip() for v in rows[-1]):
        rows.pop()
    return rows
