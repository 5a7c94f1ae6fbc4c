"""Bulk edits: one command each, undone in one step, written to the file; errors counted before applying."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem, Matter, Project
from govcat_desktop.services import bulk
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.session import Session
from tests import factories


@pytest.fixture
def session(tmp_path: Path):
    matters = [
        factories.matter(code=f"1114030000{n:02d}", name=f"事项{n}", entries=[factories.entry(f"目录{n}")])
        for n in range(5)
    ] + [Matter(code="111403000099", name="没有目录的事项")]
    project = Project(info=factories.info(), contacts=factories.contacts(), matters=matters)
    s = Session.open(factories.write_project(tmp_path / "p.govcat", project))
    yield s
    s.close()


def _ids(session):
    return [e.id for m in session.project.matters for e in m.entries]


def test_set_field_is_one_command_and_undoes_in_one_step(session):
    stack = UndoStack(session)
    ids = _ids(session)
    command = bulk.set_field(session, ids, "network", "互联网")
    assert len(command.pairs) == 5
    stack.push(command)
    assert {session.entries[i][1].network for i in ids} == {"互联网"}
    on_disk = Session.open(session.path, readonly=True)
    try:
        assert {e.network for m in on_disk.project.matters for e in m.entries} == {"互联网"}
    finally:
        on_disk.close()
    stack.undo()
    assert {session.entries[i][1].network for i in ids} == {"政务外网"}
    assert {e.network for m in session.store.load().matters for e in m.entries} == {"政务外网"}


def test_vocabulary_labels_and_other_are_read_like_the_exchange(session):
    ids = _ids(session)[:2]
    UndoStack(session).push(bulk.set_fields(session, ids, {"share_methods": "信息查询接口、批量库表交换", "update_cycle": "每三年"}))
    entry = session.entries[ids[0]][1]
    assert entry.share_methods == ["信息查询接口", "批量库表交换"]
    assert (entry.update_cycle, entry.update_cycle_other) == ("其他", "每三年")


def test_error_count_is_known_before_applying(session):
    ids = _ids(session)
    command = bulk.set_field(session, ids, "share_type", "")  # 共享类型 is required
    after, before = bulk.error_delta(session, command)
    assert (after, before) == (5, 0)
    assert "5 个错误" in bulk.warning_text(session, command)
    assert session.entries[ids[0]][1].share_type == "有条件共享"  # nothing applied yet


def test_fill_down_and_find_replace(session):
    ids = _ids(session)
    stack = UndoStack(session)
    stack.push(bulk.set_field(session, ids[:1], "summary", "第一条摘要"))
    stack.push(bulk.fill_down(session, ids, ["summary", "network"]))
    assert {session.entries[i][1].summary for i in ids} == {"第一条摘要"}
    stack.push(bulk.find_replace(session, ids, "summary", "第一条", "统一"))
    assert {session.entries[i][1].summary for i in ids} == {"统一摘要"}
    stack.undo()
    stack.undo()
    assert session.entries[ids[1]][1].summary == factories.entry().summary


def test_paste_rectangle_with_header_and_new_rows(session):
    ids = _ids(session)
    keys = ["matter.code", "matter.name", "name", "summary", "domain"]
    text = ("事项编码\t事项名称\t目录名称\t资源摘要\t数据领域\r\n"
            "111403000000\t事项0\t改名的目录\t\"两行\n摘要\"\t社保就业\r\n"
            "111403000099\t没有目录的事项\t新目录\t新摘要\t交通运输\r\n")
    plan = bulk.paste(session, text, ids[-1:], "matter.code", keys)
    assert plan.skipped_header and (plan.updated, plan.created) == (1, 1)
    stack = UndoStack(session)
    stack.push(plan.command)
    assert session.entries[ids[-1]][1].name == "改名的目录"
    assert session.entries[ids[-1]][1].summary == "两行\n摘要"
    new = [m for m in session.project.matters if m.code == "111403000099"][0].entries
    assert [e.name for e in new] == ["新目录"] and new[0].domain == "交通运输"
    stack.undo()
    assert not [m for m in session.project.matters if m.code == "111403000099"][0].entries
    assert session.entries[ids[-1]][1].name == "目录4"


def test_paste_of_an_unknown_matter_says_so(session):
    text = "111403000004\t事项4\t目录4\n999\t无此事项\t某目录\n"
    plan = bulk.paste(session, text, _ids(session)[-1:], "matter.code", ["matter.code", "matter.name", "name"])
    assert plan.command is None and (plan.created, plan.updated) == (0, 0)
    assert len(plan.problems) == 1 and "第 2 行" in plan.problems[0] and "找不到事项" in plan.problems[0]


def test_tsv_round_trip_quotes_what_excel_quotes():
    rows = [["甲", "含\t制表符"], ["两\n行", '引"号']]
    assert bulk.parse_tsv(bulk.to_tsv(rows)) == rows


def test_reuse_duplicate_apply_sharing_copy_items(session):
    ids = _ids(session)
    stack = UndoStack(session)
    empty = [m for m in session.project.matters if not m.entries][0]
    stack.push(bulk.duplicate_entry(session, ids[0], [empty.id]))
    copied = session.matters[empty.id].entries[0]
    assert copied.name == "目录0" and len(copied.items) == 4 and copied.id != ids[0]
    stack.push(bulk.set_fields(session, ids[:1], {"share_type": "无条件共享", "security_level": "1级"}))
    stack.push(bulk.apply_sharing(session, ids[0], ids[1:]))
    assert {session.entries[i][1].share_type for i in ids} == {"无条件共享"}
    stack.push(bulk.copy_items(session, [InfoItem(name="男方姓名", data_type="C"), InfoItem(name="备注", data_type="C")], ids))
    assert [i.name for i in session.entries[ids[2]][1].items][-2:] == ["结婚证字号", "备注"]
    stack.undo()
    assert len(session.entries[ids[2]][1].items) == 4


def test_cli_bulk_set(tmp_path, session, capsys):
    from govcat_desktop.cli import main

    path = session.path
    session.close()
    code = main(["bulk-set", str(path), "--field", "网络环境", "--value", "部门专网"])
    assert code == 0
    reopened = Session.open(path, readonly=True)
    try:
        assert {e.network for m in reopened.project.matters for e in m.entries} == {"部门专网"}
    finally:
        reopened.close()
    assert "5" in capsys.readouterr().out


def test_bulk_approval_skips_entries_with_errors(session):
    ids = _ids(session)
    stack = UndoStack(session)
    stack.push(bulk.set_field(session, ids, "review_status", "待审核"))  # 草稿 → 已审核 is not a move the review allows
    stack.push(bulk.set_field(session, ids[:1], "summary", ""))  # now an error on the first
    command = bulk.set_field(session, ids, "review_status", "已审核")
    assert command.skipped == 1 and len(command.pairs) == 4
    assert command.skipped_text == "1 个目录还有错误，未设为“已审核”。"
    stack.push(command)
    assert session.entries[ids[0]][1].review_status == "待审核"
    assert {session.entries[i][1].review_status for i in ids[1:]} == {"已审核"}
