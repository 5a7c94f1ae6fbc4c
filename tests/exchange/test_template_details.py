"""Template details from the field: input messages (WPS may drop comments), whole-column validations, long
dropdown lists from a hidden sheet, the linked 格式类型 list, and WPS's x14 validation form read back."""

from __future__ import annotations

import dataclasses
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

from govcat_desktop.exchange.editable import write_editable
from govcat_desktop.formspec import VocabValue, Vocabulary, default_forms
from govcat_desktop.services import transfer
from tests import factories as F


def _blank(tmp_path: Path, forms=None) -> Path:
    path = tmp_path / "blank.xlsx"
    write_editable(path, "catalog", F.valid_project("市直部门"), forms or default_forms(), exported_at="x", blank=True)
    return path


def test_blank_template_has_an_input_message_on_every_explained_column(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_blank(tmp_path))["数据资源目录"]
    headers = [c.value for c in ws[1]]
    by_col = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_col[headers[rng.min_col - 1]] = (dv, rng)
    for header in ("目录名称", "资源摘要", "共享类型", "信息项名称", "数据类型"):
        dv, rng = by_col[header]
        assert dv.showInputMessage and dv.prompt and dv.promptTitle == header
        assert (rng.min_row, rng.max_row) == (2, 1048576)  # the whole data column, not the first 2,000 rows
        assert len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32
    assert by_col["共享类型"][0].type == "list" and by_col["共享类型"][0].formula1 == '"无条件共享,有条件共享,不予共享"'
    assert by_col["资源摘要"][0].type is None  # a free-text column: message only, no restriction
    assert "根据办理某事项的结果" in by_col["目录名称"][0].prompt
    assert ws["D1"].comment is not None  # the header comment stays as well


def test_long_dropdown_list_comes_from_a_hidden_list_sheet(tmp_path: Path) -> None:
    forms = default_forms()
    values = tuple(VocabValue(f"领域{i:02d}（示例领域名称）", f"领域{i:02d}（示例领域名称）") for i in range(30)) + (
        VocabValue("其他", "其他"),)
    long_domain = Vocabulary("domain", "数据领域", values, other="其他")
    assert len(",".join(long_domain.label_list)) > 255
    other = dataclasses.replace(forms, vocabularies={**forms.vocabularies, "domain": long_domain})
    wb = openpyxl.load_workbook(_blank(tmp_path, other))
    assert wb["_lists"].sheet_state == "hidden"
    ws = wb["数据资源目录"]
    [dv] = [d for d in ws.data_validations.dataValidation if str(d.sqref).startswith("F2")]
    assert dv.type == "list" and dv.formula1 == "'_lists'!$A$1:$A$31"
    assert [r[0] for r in wb["_lists"].iter_rows(values_only=True)] == list(long_domain.label_list)


def test_format_type_dropdown_follows_the_format_class(tmp_path: Path) -> None:
    p = F.valid_project("市直部门")
    p.matters[0].entries[0].resource_format = "数据库"
    path = tmp_path / "copy.xlsx"
    write_editable(path, "catalog", p, default_forms(), exported_at="2026-09-20T10:00:00")
    wb = openpyxl.load_workbook(path)
    ws = wb["数据资源目录"]
    headers = [c.value for c in ws[1]]
    fmt = openpyxl.utils.get_column_letter(headers.index("信息资源格式") + 1)
    sub = openpyxl.utils.get_column_letter(headers.index("格式类型") + 1)
    [dv] = [d for d in ws.data_validations.dataValidation if str(d.sqref).startswith(f"{sub}2")]
    assert dv.formula1 == f"INDIRECT(${fmt}2)"
    name = wb.defined_names["数据库"]
    col = re.match(r"'_lists'!\$([A-Z]+)\$1", name.attr_text).group(1)
    listed = [r[0] for r in wb["_lists"].iter_rows(values_only=True) if r[0] is not None]
    column = [c.value for c in wb["_lists"][col] if c.value is not None]
    assert "Oracle" in column and "达梦DM" in column and listed


WPS_EXT = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="2" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" promptTitle="共享类型" '
    'prompt="包括无条件共享、有条件共享、不予共享三类"><x14:formula1><xm:f>_lists!$A$1:$A$3</xm:f></x14:formula1>'
    '<xm:sqref>H2:H1048576</xm:sqref></x14:dataValidation>'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>"是，否"</xm:f></x14:formula1>'
    '<xm:sqref>A2:XFD1048576</xm:sqref></x14:dataValidation>'
    '</x14:dataValidations></ext></extLst>'
)


def test_import_tolerates_the_validation_forms_wps_writes(tmp_path: Path) -> None:
    """WPS re-saves cross-sheet lists as x14 extension validations (and whole-sheet ranges); values read the same."""
    p = F.valid_project("市直部门")
    path = F.write_project(tmp_path / "u.govcat", p)
    from govcat_desktop.services.session import Session

    s = Session.open(path, readonly=True)
    try:
        copy = next(c for c in transfer.export_task(s, "catalog", tmp_path / "out") if "可编辑版" in c.name)
    finally:
        s.close()
    wps = tmp_path / "wps.xlsx"
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(wps, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<dataValidations.*?</dataValidations>", "", text, flags=re.S)
                text = text.replace("</worksheet>", WPS_EXT + "</worksheet>")
                data = text.encode("utf-8")
            dst.writestr(info, data)
    original = transfer.read_copy(copy)
    again = transfer.read_copy(wps)
    assert not again.edited and again.fingerprint == original.fingerprint
    assert [e.name for m in again.matters for e in m.entries] == [e.name for m in original.matters for e in m.entries]
    assert again.problems == original.problems
    shutil.rmtree(tmp_path / "out")
