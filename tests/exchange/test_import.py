"""Imports: hand-typed copies with cell variants, refusals that change nothing, updates by key, undo."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.dump import dump_json
from govcat_desktop.services.transfer import ImportRefused, export_task, preview_import, read_copy
from tests.exchange.test_editable import SPEC_HEADERS


def _typed_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook as a clerk types it into Excel: no _govcat sheet, values of any type."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


CATALOG_HEADERS = SPEC_HEADERS["数据资源目录"].split(" | ")


def _catalog_row(**cells) -> list:
    row = [""] * len(CATALOG_HEADERS)
    for header, value in cells.items():
        row[CATALOG_HEADERS.index(header)] = value
    return row


def test_hand_typed_catalog_variants_are_repaired_and_reported(empty_session, tmp_path):
    entry = dict(事项编码=11140300123.0, 事项名称="内地居民结婚登记", 目录名称=" 结婚证 ", 资源摘要="结婚登记信息",
                 数据领域="文化旅游", 安全级别="一级", 共享类型="有条件共享", 共享条件="仅限核验",
                 共享方式="信息查询接口,信息核验接口", 网络环境="政务外网", 更新周期="每三年")
    path = _typed_workbook(tmp_path / "typed.xlsx", {
        "数据资源目录": [
            CATALOG_HEADERS,
            _catalog_row(**entry, 信息项名称="男方姓名", 数据类型="C", 数据长度=50),
            _catalog_row(**entry, 信息项名称="登记日期", 数据类型="字符串型C"),
            _catalog_row(信息项名称="结婚证字号", 数据类型="ｃ", 数据长度="３０"),
        ],
    })
    preview = preview_import(empty_session, [path])
    UndoStack(empty_session).push(preview.command)
    matter = empty_session.project.matters[0]
    assert matter.code == "11140300123"
    entry_ = matter.entries[0]
    assert entry_.name == "结婚证"
    assert (entry_.domain, entry_.domain_other) == ("其他", "文化旅游")
    assert (entry_.update_cycle, entry_.update_cycle_other) == ("其他", "每三年")
    assert entry_.security_level == "1级"
    assert entry_.share_methods == ["信息查询接口", "信息核验接口"]
    assert entry_.review_status == "草稿"
    assert [(i.name, i.data_type, i.length) for i in entry_.items] == [
        ("男方姓名", "C", "50"), ("登记日期", "C", ""), ("结婚证字号", "C", "30")
    ]
    repairs = [str(n) for n in preview.repairs]
    problems = [str(n) for n in preview.problems]
    assert any("B2" in r and "事项编码" in r for r in repairs)
    assert any("D2" in r and "首尾空格" in r for r in repairs)
    assert any("G2" in r and "1级" in r for r in repairs)
    assert any("K2" in r and "、" in r for r in repairs)
    assert any("O3" in r and "字符型C" in r for r in repairs)
    assert any("第4行" in r for r in repairs)  # the continuation row
    assert any("F2" in p and "文化旅游" in p for p in problems)
    assert any("M2" in p and "每三年" in p for p in problems)
    assert all("typed.xlsx" in r and "数据资源目录" in r for r in repairs)


def test_rule_breaking_rows_are_imported_as_typed(empty_session, tmp_path):
    path = _typed_workbook(tmp_path / "bad.xlsx", {
        "数据资源目录": [
            CATALOG_HEADERS,
            _catalog_row(事项编码="M1", 目录名称="甲", 安全级别="五级", 信息项名称="姓名", 数据类型="文字"),
            _catalog_row(事项编码="M1", 目录名称="甲", 安全级别="五级", 信息项名称="姓名", 数据类型="文字"),
        ],
    })
    UndoStack(empty_session).push(preview_import(empty_session, [path]).command)
    entry = empty_session.project.matters[0].entries[0]
    assert entry.security_level == "五级"
    assert [(i.name, i.data_type) for i in entry.items] == [("姓名", "文字"), ("姓名", "文字")]
    found = {(f.kind, f.field, f.rule) for f in empty_session.findings()}  # validation, not the import, judges
    assert ("catalog", "security_level", "vocabulary") in found
    assert ("item", "data_type", "vocabulary") in found
    assert any(rule == "duplicate-item" for _, _, rule in found)


def _refused(session, path: Path, **kw) -> str:
    before = dump_json(session.project)
    with pytest.raises(ImportRefused) as err:
        preview_import(session, [path], **kw)
    assert dump_json(session.project) == before
    return str(err.value)


def test_missing_required_column_is_refused_naming_sheet_and_column(empty_session, tmp_path):
    headers = [h for h in CATALOG_HEADERS if h != "信息项名称"]
    path = _typed_workbook(tmp_path / "nocol.xlsx", {"数据资源目录": [headers, ["1", "M1"]]})
    message = _refused(empty_session, path)
    assert "nocol.xlsx" in message and "数据资源目录" in message and "信息项名称" in message


def test_not_a_workbook_is_refused(empty_session, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    assert "notes.xlsx" in _refused(empty_session, path)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "空文件" in _refused(empty_session, empty)


def test_unrecognised_sheets_are_refused(empty_session, tmp_path):
    path = _typed_workbook(tmp_path / "other.xlsx", {"Sheet1": [["甲", "乙"], ["1", "2"]]})
    message = _refused(empty_session, path)
    assert "other.xlsx" in message and "数据资源目录" in message


def test_wrong_kind_is_refused(session, empty_session, tmp_path):
    copy = [p for p in export_task(session, "demand", tmp_path) if "可编辑版" in p.name][0]
    assert "共享数据需求" in _refused(empty_session, copy, kind="contacts")


def test_zip_bomb_and_doctype_are_refused(session, empty_session, tmp_path):
    copy = [p for p in export_task(session, "demand", tmp_path) if "可编辑版" in p.name][0]
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/padding.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")
    assert "压缩比" in _refused(empty_session, bomb)
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
            dst.writestr(info, data)
    message = _refused(empty_session, evil)
    assert "DOCTYPE" in message and "sheet1.xml" in message


def test_reimport_updates_by_key_and_undo_restores(session, tmp_path):
    copy = [p for p in export_task(session, "catalog", tmp_path) if "可编辑版" in p.name][0]
    wb = openpyxl.load_workbook(copy)
    ws = wb["数据资源目录"]
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "结婚证":
            row[4].value = "修改后的摘要"
    ws.append(["9", "11140300MB0001", "内地居民结婚登记", "离婚证", "离婚登记信息", "生活服务", "3级", "有条件共享",
               "仅限核验", None, "信息核验接口", "政务外网", "实时", "男方姓名", "字符型C", "50", None, "草稿", None])
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)  # openpyxl stands in for the clerk's Excel here
    before = dump_json(session.project)
    preview = preview_import(session, [edited])
    assert preview.edited
    assert any("校验码" in str(p) for p in preview.problems)
    assert preview.added == ["目录 内地居民结婚登记／离婚证"]
    assert [c.label for c in preview.changed] == ["目录 内地居民结婚登记／结婚证"]
    assert preview.changed[0].fields == [("资源摘要", "内地居民办理结婚登记后产生的结婚证信息。", "修改后的摘要")]
    assert len(preview.unchanged) == 3 + 2  # matters, other entries
    assert dump_json(session.project) == before  # a preview changes nothing
    stack = UndoStack(session)
    stack.push(preview.command)
    names = [e.name for e in session.project.matters[0].entries]
    assert names == ["结婚证", "离婚证"]
    assert session.project.matters[0].entries[0].summary == "修改后的摘要"
    stack.undo()
    assert dump_json(session.project) == before
    session.reload()
    assert dump_json(session.project) == before


def test_read_copy_reports_kind_meta_and_fingerprint(session, tmp_path):
    copy = [p for p in export_task(session, "review", tmp_path) if "可编辑版" in p.name][0]
    parsed = read_copy(copy)
    assert parsed.kind == "review" and parsed.meta["org_code"] == "11511301008778183N"
    assert parsed.fingerprint == parsed.meta["fingerprint"] and not parsed.edited
    assert [r.requester for r in parsed.records] == ["山西省民政厅", "山西省公安厅"]


def test_incoming_demand_list_becomes_reviews(session, empty_session, tmp_path):
    # another unit's demand copy, some of it aimed at us (山西省卫生健康委员会 is the target here)
    info = empty_session.project.info.model_copy(update={"org_name": "山西省卫生健康委员会"})
    empty_session.store.save_info(info)
    empty_session.project.info = info
    copy = [p for p in export_task(session, "demand", tmp_path) if "可编辑版" in p.name][0]
    preview = preview_import(empty_session, [copy], kind="review")
    UndoStack(empty_session).push(preview.command)
    reviews = empty_session.project.reviews
    assert [(r.requester, r.data_name, r.items) for r in reviews] == [
        ("阳泉市民政局", "出生医学证明", ["新生儿姓名", "出生日期", "母亲姓名"])
    ]
    assert reviews[0].share_method == "信息核验接口"
    assert reviews[0].received_date == dt.date.today().isoformat()  # the review deadline runs from today
    assert any("公安部" in str(p) for p in preview.problems)  # the row aimed elsewhere is reported
    # the unit answers, then the same list comes again: the answer is kept
    answered = reviews[0].model_copy(update={"decision": "同意", "matched_entry": "出生医学证明",
                                             "received_date": "2026-09-01"})
    empty_session.replace_record("review", answered)
    again = preview_import(empty_session, [copy], kind="review")
    assert again.command is None and len(again.unchanged) == 1


def test_contacts_copy_dates_and_phones_typed_as_numbers(empty_session, tmp_path):
    path = _typed_workbook(tmp_path / "contacts.xlsx", {
        "工作联系表": [
            ["角色", "姓名", "职务", "办公电话", "手机", "邮箱", "填报日期"],
            ["负责人", "王建国", "副局长", "0353-2021234", 13803531234, "wangjg@yq.gov.cn", dt.date(2026, 9, 1)],
            ["联系人", "李晓梅", "科员", "0353-2025678", "13903535678", "lixm@yq.gov.cn", None],
            ["主任", "张三", "", "", "", "", None],
        ],
    })
    preview = preview_import(empty_session, [path])
    UndoStack(empty_session).push(preview.command)
    contacts = empty_session.project.contacts
    assert contacts.leader.mobile == "13803531234" and contacts.fill_date == "2026-09-01"
    assert contacts.contact.name == "李晓梅"
    assert any("E2" in str(r) for r in preview.repairs)
    assert any("主任" in str(p) and "A4" in str(p) for p in preview.problems)


def _with_sheet_xml(copy: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            dst.writestr(info, data)
    return target


@pytest.mark.parametrize(
    "far_cell",
    [b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
     b"<c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c>",
     b'<c t="inlineStr"\n r = "XFD1048576"><is><t>x</t></is></c>',
     b'<c r="A999999" t="inlineStr"><is><t>x</t></is></c><c r="ZZ999999" t="inlineStr"><is><t>x</t></is></c>'],
)
def test_a_far_away_cell_is_refused_before_reading(session, empty_session, tmp_path, far_cell):
    copy = [p for p in export_task(session, "demand", tmp_path) if "可编辑版" in p.name][0]
    far = _with_sheet_xml(copy, tmp_path / "far.xlsx", lambda d: d.replace(b"</row></sheetData>", b"</row><row r=\"1048576\">" + far_cell + b"</row></sheetData>", 1))
    message = _refused(empty_session, far)
    assert "使用范围过大" in message and "共享数据需求" in message


def test_a_large_ordinary_sheet_passes_the_extent_check(empty_session, tmp_path):
    rows = [["1", "M%05d" % i, "事项%d" % i, "行政许可", "某局"] for i in range(3000)]
    path = _typed_workbook(tmp_path / "many.xlsx", {"服务事项": [SPEC_HEADERS["服务事项"].split(" | "), *rows]})
    assert len(preview_import(empty_session, [path]).added) == 3000


def test_other_recognised_sheets_are_reported_not_silently_skipped(empty_session, tmp_path):
    path = _typed_workbook(tmp_path / "two.xlsx", {
        "数据资源目录": [CATALOG_HEADERS, _catalog_row(事项编码="M1", 目录名称="甲", 信息项名称="姓名")],
        "工作联系表": [SPEC_HEADERS["工作联系表"].split(" | "), ["负责人", "王建国"]],
    })
    preview = preview_import(empty_session, [path])
    assert preview.kind == "catalog"
    assert any("工作联系表" in str(p) and "未导入" in str(p) for p in preview.problems)


def test_blank_template_filled_in_imports(session, empty_session, tmp_path):
    path = export_task(session, "mechanism", tmp_path, blank=True)[0]
    wb = openpyxl.load_workbook(path)
    ws = wb["体制机制情况"]
    for row, value in zip(ws.iter_rows(min_row=3), ["城区行政审批服务管理局", "统筹协调", "联席会议", "赵刚", 3533051234, "孙丽", "13935351234"]):
        row[1].value = value
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    preview = preview_import(empty_session, [filled])
    assert not preview.edited and preview.problems == []
    UndoStack(empty_session).push(preview.command)
    mechanism = empty_session.project.mechanism
    assert (mechanism.lead_agency, mechanism.catalog_lead_phone, mechanism.contact_phone) == (
        "城区行政审批服务管理局", "3533051234", "13935351234")
    assert any("B7" in str(r) for r in preview.repairs)  # the phone typed as a number
