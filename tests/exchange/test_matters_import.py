"""Matter lists from the province's system: column guessing, the clerk's mapping, every format, malformed rows."""

from __future__ import annotations

import collections
import csv

import pytest

from govcat_desktop.exchange.matters_import import guess_mapping
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.transfer import ImportRefused, inspect_matter_list, preview_import
from tests.exchange.conftest import DATA

REAL = DATA / "zwfw_guangan_matters.csv"
# task_type codes → 事项类型 (shared/data/README.md); counts taken from the CSV with the csv module below.
KIND = {"1": "行政许可", "5": "行政给付", "7": "行政确认", "8": "行政奖励", "9": "行政裁决", "10": "其他行政权力", "20": "公共服务"}


def test_guess_from_english_and_chinese_headers():
    assert guess_mapping(["department", "main_item", "matter_name", "item_code", "task_type", "dept_code", "area_code"]) == {
        "code": 3, "name": 2, "kind": 4, "dept": 0
    }
    assert guess_mapping(["序号", "实施主体", "事项名称", "基本编码", "实施编码", "事项类型"]) == {
        "code": 4, "name": 2, "kind": 5, "dept": 1
    }
    assert guess_mapping(["甲", "乙"]) == {"code": None, "name": None, "kind": None, "dept": None}


def test_real_list_imports_cleanly(empty_session):
    with REAL.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    preview = preview_import(empty_session, [REAL], kind="matters")
    assert preview.problems == [] and preview.repairs == []
    assert len(preview.added) == len(rows) == 1135
    UndoStack(empty_session).push(preview.command)
    matters = empty_session.project.matters
    assert [(m.code, m.name, m.dept) for m in matters] == [(r["item_code"], r["matter_name"], r["department"]) for r in rows]
    assert collections.Counter(m.kind for m in matters) == collections.Counter(KIND[r["task_type"]] for r in rows)
    assert matters[0].kind == "其他行政权力" and matters[1].kind == "行政许可"


def test_real_list_is_recognised_without_kind(empty_session):
    preview = preview_import(empty_session, [REAL])
    assert preview.kind == "matters" and len(preview.added) == 1135


@pytest.mark.parametrize("name", ["matters_sample.xlsx", "matters_sample.xls", "matters_sample.ods", "matters_gb18030.csv"])
def test_every_format(empty_session, name):
    with REAL.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    preview = preview_import(empty_session, [DATA / name], kind="matters")
    assert preview.problems == []
    UndoStack(empty_session).push(preview.command)
    got = [(m.code, m.name, m.kind) for m in empty_session.project.matters]
    assert got == [(r["item_code"], r["matter_name"], KIND[r["task_type"]]) for r in rows[: len(got)]]
    assert len(got) == (30 if name.endswith(".csv") else 40)


def test_mapping_step_guess_and_correction(empty_session):
    table = inspect_matter_list(DATA / "matters_sample.xlsx")
    assert table.sheet == "事项清单" and table.header_row == 3
    assert table.headers == ["部门", "主项", "事项名称", "实施编码", "事项类型"]
    assert table.mapping == {"code": 3, "name": 2, "kind": 4, "dept": 0}
    # the clerk decides the 主项 column is the department instead
    preview = preview_import(empty_session, [DATA / "matters_sample.xlsx"], kind="matters", mapping={"dept": "主项"})
    UndoStack(empty_session).push(preview.command)
    assert empty_session.project.matters[0].dept == "未分类"


def test_mapping_without_name_column_is_refused(empty_session):
    with pytest.raises(ImportRefused) as err:
        preview_import(empty_session, [REAL], kind="matters", mapping={"name": None})
    assert "事项名称" in str(err.value) and "zwfw_guangan_matters.csv" in str(err.value)
    assert empty_session.project.matters == []


def test_malformed_rows_are_reported_not_dropped(empty_session):
    preview = preview_import(empty_session, [DATA / "matters_malformed.csv"], kind="matters")
    UndoStack(empty_session).push(preview.command)
    matters = [(m.code, m.name, m.kind) for m in empty_session.project.matters]
    assert matters == [
        ("511F0001000001-511602000000-000-11511301008778183N-1-00", "内地居民结婚登记", "行政确认"),
        ("511F0001000002-511602000000-000-11511301008778183N-1-00", "", "行政确认"),
        ("", "内地居民离婚登记", "行政确认"),
        ("511F0001000004-511602000000-000-11511301008778183N-1-00", "收养登记", "99"),
        ("511F0001000001-511602000000-000-11511301008778183N-1-00", "婚姻登记档案查询", "公共服务"),
        ("", "殡葬设施审批", ""),
        ("511A0001000009", "社会团体成立登记", "行政许可"),
    ]
    problems = "\n".join(str(p) for p in preview.problems)
    assert "第3行" in problems and "没有事项名称" in problems
    assert "第4行" in problems and "没有事项编码" in problems
    assert "第5行" in problems and "未导入" in problems
    assert "99" in problems
    assert "第7行" in problems and "重复" in problems
    assert "第8行" in problems and "只有3列" in problems
    repairs = "\n".join(str(r) for r in preview.repairs)
    assert "D9" in repairs and "全角" in repairs and "C9" in repairs
    duplicates = [f for f in empty_session.findings() if f.rule == "duplicate-matter-code"]
    assert duplicates  # imported as typed, flagged by validation


def test_bulk_import_undo_redo_keeps_ids(session, tmp_path):
    from govcat_desktop.services.commands import UpdateMatter
    from govcat_desktop.services.dump import dump_json, project_dump
    from govcat_desktop.services.transfer import AddMatters, export_task

    before = dump_json(session.project)
    stack = UndoStack(session)
    preview = preview_import(session, [REAL], kind="matters")
    assert isinstance(preview.command.commands[0], AddMatters)
    stack.push(preview.command)
    after_import = dump_json(session.project)
    # mirrored in memory without a reload: what the file now holds, indexed by the stored ids
    assert after_import == dump_json(session.store.load())
    assert sorted(session.matters) == sorted(m.id for m in session.store.load().matters)
    target = next(m for m in session.project.matters if m.name == "学生资助政策咨询")
    stack.push(UpdateMatter(target.model_copy(), target.model_copy(update={"name": "学生资助政策咨询（改）"})))
    edited = dump_json(session.project)
    assert stack.undo() and stack.undo()
    assert dump_json(session.project) == before
    assert stack.redo() and dump_json(session.project) == after_import
    assert stack.redo() and dump_json(session.project) == edited
    session.reload()
    assert dump_json(session.project) == edited
    # a catalog copy with entries goes through the same bulk path
    copies = [p for p in export_task(session, "catalog", tmp_path) if "可编辑版" in p.name]
    fresh = session.__class__.create(tmp_path / "fresh.govcat", session.project.info)
    try:
        command = preview_import(fresh, copies).command
        UndoStack(fresh).push(command)
        assert fresh.project.entry_count() == session.project.entry_count() == 3
        assert dump_json(fresh.project) == dump_json(fresh.store.load())
        stored = {e.id for m in fresh.store.load().matters for e in m.entries}
        assert set(fresh.entries) == stored and len(stored) == 3
        # the session's records are its own: the command keeps what it inserted, for a redo
        added = command.commands[0].matters
        assert all(a is not b for a, b in zip(added, fresh.project.matters))
        assert all(a.entries[0] is not b.entries[0] for a, b in zip(added, fresh.project.matters) if a.entries)
        assert project_dump(fresh.project)["matters"] == project_dump(session.project)["matters"]
    finally:
        fresh.close()
