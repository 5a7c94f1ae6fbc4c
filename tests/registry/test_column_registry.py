"""One column registry: the editable copy's, the grid's and the bureau lists' catalog headers are the forms/ fields'
headers (`column`, else `label`); a header that changed is still read from copies handed in before (`aliases`)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.bureau.lists import CATALOG_HEADERS
from govcat_desktop.formspec import default_forms
from govcat_desktop.services import entry_cells as EC
from govcat_desktop.services import transfer
from govcat_desktop.services.session import Session
from tests import factories as F


def test_catalog_headers_come_from_the_forms() -> None:
    forms = default_forms()
    for column in L.CATALOG.columns + L.CATALOG_METADATA:
        if column.form in ("catalog", "item"):
            assert column.header == forms[column.form].field(column.field_key).header, column.key
    assert L.CATALOG.column("item.note").header == "信息项说明"  # §6.2; the items editor's label is 说明
    assert L.CATALOG_METADATA[2].header == forms["catalog"].field("resource_subformat").label == "格式类型"
    assert EC.column("resource_subformat").header == "格式类型"  # the grid says what the form says
    assert CATALOG_HEADERS == L.CATALOG.headers


def test_a_copy_with_the_old_header_still_reads(tmp_path: Path) -> None:
    project = F.valid_project("市直部门")
    project.matters[0].entries[0] = F.entry(resource_format="数据库", resource_subformat="达梦DM")
    path = F.write_project(tmp_path / "unit.govcat", project)
    session = Session.open(path, readonly=True)
    try:
        written = transfer.export_task(session, "catalog", tmp_path / "out", pdf=False)
    finally:
        session.close()
    copy = next(p for p in written if "可编辑版" in p.name)
    wb = load_workbook(copy)
    ws = wb["数据资源目录"]
    [cell] = [c for c in ws[1] if c.value == "格式类型"]
    cell.value = "格式细类"  # as copies were written before the registry
    old = tmp_path / "old.xlsx"
    wb.save(old)
    for source in (copy, old):
        parsed = transfer.read_copy(source)
        assert [e.resource_subformat for m in parsed.matters for e in m.entries] == ["达梦DM"], source.name
