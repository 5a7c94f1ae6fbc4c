"""What each 盖章版 PDF prints: the unit's records turned into pdf_layout sections (same columns as the workbook)."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from pathlib import Path

from govcat_desktop.domain.models import Project
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.pdf_layout import Group, PrintColumn, PrintDoc, Section, Stamp, write_pdf
from govcat_desktop.exchange.rows import RowWriter, content_sheets, printed_entries
from govcat_desktop.formspec import FormSet

CATALOG_COLUMNS = (
    ("序号", 4.5, True), ("事项编码", 14.5, False), ("事项名称", 14, False), ("目录名称", 11, False),
    ("资源摘要", 18, False), ("数据领域", 7, True), ("安全级别", 5.5, True), ("共享类型", 7, True),
    ("共享条件／不予共享依据", 13, False), ("共享方式", 9.5, False), ("网络环境", 7, True), ("更新周期", 6, True),
    ("信息项名称", 12.5, False), ("数据类型", 8.5, True), ("数据长度", 5, True), ("信息项说明", 10, False),
)
ENTRY_COLUMNS = 12  # the first 12 catalog columns belong to the entry and span its info-item rows


def stamp_of(project: Project) -> Stamp:
    contacts = project.contacts
    phones = "、".join(p for p in (contacts.contact.office_phone, contacts.contact.mobile) if p)
    return Stamp(project.info.org_name, contacts.leader.name, contacts.contact.name, phones, contacts.fill_date)


def _title(project: Project, form_title: str) -> str:
    org = project.info.org_name
    return form_title if form_title.startswith(org) else f"{org}{form_title}"


def _unit_line(project: Project, code: str) -> str:
    info = project.info
    line = f"填报单位：{info.org_name}　　统一社会信用代码：{info.org_code}"
    line += f"　　校验码：{code}" if code else ""
    return line + (f"　　第{project.version}版" if project.version else "")  # issue 22: the unit's version number


def catalog_section(project: Project, forms: FormSet, code: str) -> Section:
    groups = []
    for cells, items in printed_entries(project, forms):
        rows = [cells + items[0]] + [[""] * ENTRY_COLUMNS + item for item in items[1:]]
        groups.append(Group(rows, tuple(range(ENTRY_COLUMNS))))
    columns = [PrintColumn(h, w, c) for h, w, c in CATALOG_COLUMNS]
    return Section(_title(project, L.CATALOG.title), _unit_line(project, code), columns, groups, stamp_of(project),
                   sheet=L.CATALOG.name, fit=True)


def matters_section(project: Project, forms: FormSet, code: str) -> Section:
    from govcat_desktop.exchange.submission import matters_note, own_matters  # the workbook's rule and note

    writer = RowWriter(forms)
    mine, _others = own_matters(project)
    columns = [PrintColumn(c.header, c.width, c.kind in (L.SEQ, L.VOCAB)) for c in L.MATTERS.columns]
    columns.append(PrintColumn("数据资源目录数", 8, True))
    groups = [Group([writer.record_row(L.MATTERS.columns, m, i)
                     + ["无数据" if m.no_data and not m.entries else str(len(m.entries))]])
              for i, m in enumerate(mine, 1)]
    notes = [matters_note(mine)]
    return Section(_title(project, L.MATTERS.title), _unit_line(project, code), columns, groups, stamp_of(project),
                   notes, sheet=L.MATTERS.name, fit=True)


def table_section(project: Project, forms: FormSet, code: str, kind: str) -> Section:
    sheet = content_sheets(kind, project, forms)[0]
    layout = sheet.layout
    cols = layout.columns if kind == "contacts" else sheet.columns  # the fill date goes in the stamp block
    rows = [row[: len(cols)] for row in sheet.rows]
    columns = [PrintColumn(c.header, c.width, c.kind in (L.SEQ, L.VOCAB) or c.key == "role") for c in cols]
    return Section(_title(project, layout.title), _unit_line(project, code), columns, [Group([r]) for r in rows],
                   stamp_of(project), sheet=layout.name)


def submission_doc(kind: str, project: Project, forms: FormSet, code: str, day: _dt.date) -> PrintDoc:
    if kind == "catalog":
        sections = [catalog_section(project, forms, code), matters_section(project, forms, code)]
    elif kind == "matters":
        sections = [matters_section(project, forms, code)]
    else:
        sections = [table_section(project, forms, code, kind)]
    org_code = project.info.org_code

    def payload(page: int, pages: int) -> str:
        return pdf_qr.encode(kind, org_code, code, page, pages, day)

    return PrintDoc(sections, code, day, payload, subject=f"{L.KIND_LABEL.get(kind, kind)} 盖章版")


def write_submission_pdf(path: str | os.PathLike[str], kind: str, project: Project, forms: FormSet, code: str,
                         day: _dt.date, tick: Callable[[], bool] | None = None) -> int:
    """The print file of `kind` with fingerprint `code`; returns its page count."""
    return write_pdf(Path(path), submission_doc(kind, project, forms, code, day), tick)
