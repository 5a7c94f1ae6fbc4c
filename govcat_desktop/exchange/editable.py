"""The editable electronic copy (可编辑电子版, SPEC §6.2) and its blank template, written with openpyxl."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from govcat_desktop.domain.models import Project
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.errors import ExportCancelled
from govcat_desktop.exchange.fingerprint import fingerprint
from govcat_desktop.exchange.rows import SheetRows, content_sheets, sheets_fingerprint_input
from govcat_desktop.exchange.xlsx import FastSheet
from govcat_desktop.formspec import FormSet

VALIDATION_SPARE_ROWS = 2000


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


def _validation(forms: FormSet, column: L.Column, letter: str, last_row: int) -> DataValidation | None:
    if column.kind not in (L.VOCAB, L.MULTI, L.OTHER) or not column.vocab:
        return None
    vocab = forms.vocab(column.vocab)
    listing = ",".join(vocab.label_list)
    if len(listing) > 250:
        return None
    strict = column.kind == L.VOCAB and not vocab.open
    dv = DataValidation(
        type="list",
        formula1=f'"{listing}"',
        allow_blank=True,
        showErrorMessage=strict,
        errorStyle="warning",
        errorTitle=vocab.label,
        error=f"请从下拉列表中选择{vocab.label}。",
    )
    dv.add(f"{letter}2:{letter}{last_row}")
    return dv


def _write_data_sheet(wb: Workbook, forms: FormSet, sheet: SheetRows, tick: Callable[[], bool] | None = None) -> None:
    fast = FastSheet(wb, sheet.layout.name, tick)
    cols = sheet.columns
    fast.widths([c.width for c in cols], text_format=True)
    fast.ws.freeze_panes = "A2"
    header = fast.style(bold=True, wrap=True, horizontal="center", border=True, fill="DDEBF7")
    body = fast.style(vertical="top")
    comments = {i: column_help(forms, c) for i, c in enumerate(cols, 1)}
    last_row = len(sheet.rows) + 1 + VALIDATION_SPARE_ROWS
    for i, c in enumerate(cols):
        dv = _validation(forms, c, get_column_letter(i + 1), last_row)
        if dv is not None:
            fast.ws.data_validations.append(dv)
    if sheet.layout is L.MECHANISM:
        mechanism_help = {
            label: (forms["mechanism"].field(key).help if key else "本县（区）名称。") for label, key in L.MECHANISM_ROWS
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
) -> str:
    """Write the editable copy (or blank template) of `kind`; returns its fingerprint ('' for a template)."""
    sheets = blank_sheets(kind, project, forms) if blank else content_sheets(kind, project, forms)
    code = "" if blank else copy_fingerprint(kind, project, forms, sheets)
    wb = Workbook(write_only=True)
    try:
        for sheet in sheets:
            _write_data_sheet(wb, forms, sheet, tick)
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
        },
    )
    wb.save(Path(path))
    return code
