"""The editable electronic copy (可编辑电子版, SPEC §6.2) and its blank template, written with openpyxl."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from govcat_desktop.domain.models import Project
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.errors import ExportCancelled
from govcat_desktop.exchange.fingerprint import fingerprint
from govcat_desktop.exchange.rows import SheetRows, content_sheets, sheets_fingerprint_input
from govcat_desktop.exchange.xlsx import FastSheet
from govcat_desktop.formspec import FormSet

MAX_ROW = 1048576  # validations and input messages cover the whole data column (rows 2 … the sheet's last row)
LIST_LIMIT = 250  # longest literal list kept in the formula (Excel refuses more than 255 characters, quotes included)
PROMPT_LIMIT = 255  # longest input message Excel accepts
LIST_SHEET = "_lists"


def copy_fingerprint(kind: str, project: Project, forms: FormSet, sheets: list[SheetRows] | None = None) -> str:
    """The fingerprint of the records of `kind` as they are exported."""
    sheets = sheets if sheets is not None else content_sheets(kind, project, forms)
    return fingerprint(kind, project.info.org_code, sheets_fingerprint_input(sheets))


def column_help(forms: FormSet, column: L.Column) -> str:
    """The 释义 of a column's field from forms/, for header comments."""
    if not column.form:
        if column.kind == L.SEQ:
            return "序号，导入时不读取。"
        if column.key == "role":
            return "负责人 或 联系人，每人一行。"
        return ""
    try:
        field = forms[column.form].field(column.key.split(".")[-1])
    except KeyError:
        return ""
    text = field.help or field.label
    if column.kind == L.MULTI or column.kind == L.LIST:
        text += "（多个取值用“、”分隔）"
    return text


def _prompt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ListSheet:
    """The hidden sheet that holds dropdown lists too long for a validation formula (Excel: 255 characters),
    and the 格式分类 → 格式类型 lists the linked 格式类型 dropdown reads through INDIRECT and defined names."""

    def __init__(self) -> None:
        self.columns: list[list[str]] = []
        self.format_letter = ""  # column of 信息资源格式 on the sheet being written ("" = none)

    def add(self, values: list[str]) -> str:
        """Store one list in its own column; returns the absolute reference for a validation formula."""
        self.columns.append(list(values))
        letter = get_column_letter(len(self.columns))
        return f"'{LIST_SHEET}'!${letter}$1:${letter}${max(1, len(values))}"

    def write(self, wb: Workbook) -> None:
        if not self.columns:
            return
        fast = FastSheet(wb, LIST_SHEET)
        fast.ws.sheet_state = "hidden"
        plain = fast.style()
        for r in range(max(len(c) for c in self.columns)):
            fast.append([c[r] if r < len(c) else None for c in self.columns], plain)


def _validation(forms: FormSet, column: L.Column, letter: str, lists: ListSheet) -> DataValidation | None:
    """Dropdown (vocabulary columns) and input message (every column with a 释义) over the whole data column.

    The 释义 goes into the input message as well as the header comment: WPS can drop cell comments on re-save,
    the input message survives and shows whenever a cell of the column is selected.
    """
    help_text = column_help(forms, column)
    kwargs: dict = {}
    if column.kind in (L.VOCAB, L.MULTI, L.OTHER) and column.vocab:
        vocab = forms.vocab(column.vocab)
        listing = ",".join(vocab.label_list)
        if len(listing) <= LIST_LIMIT and '"' not in listing:
            formula = f'"{listing}"'
        else:
            formula = lists.add(vocab.label_list)
        strict = column.kind == L.VOCAB and not vocab.open
        kwargs = dict(type="list", formula1=formula, showErrorMessage=strict, errorStyle="warning",
                      errorTitle=_prompt(vocab.label, 32), error=f"请从下拉列表中选择{vocab.label}。")
    elif column.key == "resource_subformat" and lists.format_letter:
        # linked choice: the types of the 格式分类 chosen in the same row (named ranges on the list sheet)
        kwargs = dict(type="list", formula1=f"INDIRECT(${lists.format_letter}2)", showErrorMessage=False)
    if not help_text and not kwargs:
        return None
    dv = DataValidation(allow_blank=True, **kwargs)
    if help_text:
        dv.showInputMessage = True
        dv.promptTitle = _prompt(column.header, 32)
        dv.prompt = _prompt(help_text, PROMPT_LIMIT)
    dv.add(f"{letter}2:{letter}{MAX_ROW}")
    return dv


def _format_names(wb: Workbook, forms: FormSet, lists: ListSheet) -> None:
    """One defined name per 格式分类 (its label), pointing at that class's 格式类型 on the list sheet."""
    for fmt, types in forms.national.get("formats", {}).items():
        if isinstance(types, list) and types:
            ref = lists.add([str(t) for t in types])
            wb.defined_names[fmt] = DefinedName(fmt, attr_text=ref)


def _write_data_sheet(wb: Workbook, forms: FormSet, sheet: SheetRows, lists: ListSheet,
                      tick: Callable[[], bool] | None = None) -> None:
    fast = FastSheet(wb, sheet.layout.name, tick)
    cols = sheet.columns
    fast.widths([c.width for c in cols], text_format=True)
    fast.ws.freeze_panes = "A2"
    header = fast.style(bold=True, wrap=True, horizontal="center", border=True, fill="DDEBF7")
    body = fast.style(vertical="top")
    comments = {i: column_help(forms, c) for i, c in enumerate(cols, 1)}
    keys = [c.key for c in cols]
    lists.format_letter = get_column_letter(keys.index("resource_format") + 1) if "resource_format" in keys else ""
    for i, c in enumerate(cols):
        if c.key == "resource_subformat" and not lists.format_letter:
            continue
        dv = _validation(forms, c, get_column_letter(i + 1), lists)
        if dv is not None:
            fast.ws.data_validations.append(dv)
    if sheet.layout is L.MECHANISM:
        mechanism_help = {
            label: (forms["mechanism"].field(key).help if key else "本县（区）名称。")
            for label, key in L.MECHANISM_ROWS
        }
    else:
        mechanism_help = {}
    fast.append([c.header for c in cols], header, height=30,
                comments={k: v for k, v in comments.items() if v})
    for row in sheet.rows:
        note = mechanism_help.get(row[0]) if mechanism_help else None
        fast.append(row, body, comments={1: note} if note else None)
    if sheet.rows:
        fast.ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(sheet.rows) + 1}"


def _write_meta(wb: Workbook, meta: dict[str, str]) -> None:
    fast = FastSheet(wb, L.META_SHEET)
    fast.ws.sheet_state = "hidden"
    style = fast.style()
    fast.append(["key", "value"], style)
    for key in L.META_KEYS:
        fast.append([key, meta.get(key, "")], style)
    for key, value in meta.items():  # beyond the contract's keys (the version number, issue 22): only when set
        if key not in L.META_KEYS and value:
            fast.append([key, value], style)


def blank_sheets(kind: str, project: Project, forms: FormSet) -> list[SheetRows]:
    """The data sheets of a blank template: headers only (contacts and mechanism have their row labels)."""
    sheets = []
    for layout in L.WORKBOOK_SHEETS[kind]:
        cols = layout.columns
        rows: list[list[str]] = []
        if layout is L.CONTACTS:
            cols = cols + (L.CONTACTS_FILL_DATE,)
            rows = [[role] + [""] * (len(cols) - 1) for role, _ in L.CONTACT_ROLES]
        elif layout is L.MECHANISM:
            rows = [[label, project.info.region if key is None else ""] for label, key in L.MECHANISM_ROWS]
        sheets.append(SheetRows(layout, cols, rows))
    return sheets


def write_editable(
    path: str | os.PathLike[str],
    kind: str,
    project: Project,
    forms: FormSet,
    *,
    exported_at: str,
    blank: bool = False,
    tick: Callable[[], bool] | None = None,
    print_pages: int = 0,
    version: int = 0,
) -> str:
    """Write the editable copy (or blank template) of `kind`; returns its fingerprint ('' for a template).
    `print_pages`: the page count of the print PDF exported with it (0: none), so the bureau can check a scan's.
    `version`: the unit's number of this export (issue 22), in the hidden sheet."""
    sheets = blank_sheets(kind, project, forms) if blank else content_sheets(kind, project, forms)
    code = "" if blank else copy_fingerprint(kind, project, forms, sheets)
    wb = Workbook(write_only=True)
    lists = ListSheet()
    if any("resource_subformat" in (c.key for c in s.columns) for s in sheets):
        _format_names(wb, forms, lists)
    try:
        for sheet in sheets:
            _write_data_sheet(wb, forms, sheet, lists, tick)
        lists.write(wb)
    except ExportCancelled:
        wb.save(Path(path))  # closes the streamed sheets cleanly; the caller deletes the partial file
        raise
    info = project.info
    _write_meta(
        wb,
        {
            "format": L.FORMAT_NAME,
            "format_version": L.FORMAT_VERSION,
            "kind": kind,
            "org_name": info.org_name,
            "org_code": info.org_code,
            "region": info.region,
            "exported_at": exported_at,
            "spec_version": L.SPEC_VERSION,
            "fingerprint": code,
            "print_pages": str(print_pages) if print_pages and not blank else "",
            "version": str(version) if version else "",
        },
    )
    wb.save(Path(path))
    return code
