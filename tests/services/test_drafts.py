"""Drafts for uncatalogued matters: one test per rule of resources/drafts/rules.toml, similar entries, library."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.domain.models import Matter, Project
from govcat_desktop.services import drafts
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.session import Session
from tests import factories

# (rule id, matter name, expected draft name, items the draft must hold) — written by hand from the issue's
# examples and the real 区人社局 list, not derived from the rules.
CASES = [
    ("registration", "内地居民结婚登记", "结婚证", {"男方姓名", "女方姓名", "登记日期"}),
    ("registration", "失业登记", "失业登记信息", {"登记编号", "登记日期"}),
    ("licence", "食品经营许可", "食品经营许可证", {"许可证编号"}),
    ("licence", "劳务派遣经营许可", "劳务派遣经营许可证", {"许可证编号"}),
    ("recognition", "零就业家庭认定申请", "零就业家庭对象信息", {"姓名", "公民身份号码", "认定结果"}),
    ("filing", "职称评审委员会备案", "职称评审委员会备案信息", {"备案编号", "备案日期"}),
    ("certification", "养老保险定期待遇领取资格认证", "养老保险定期待遇领取资格认证信息", {"认证结果"}),
    ("payment", "创业补贴申请", "创业补贴发放信息", {"核定金额", "发放日期"}),
    ("payment", "失业保险金申领", "失业保险金发放信息", {"核定金额"}),
    ("transfer", "城乡居民基本养老保险关系转移接续申请", "城乡居民基本养老保险关系转移信息", {"转出地", "转入地"}),
    ("certificate-proof", "个人参保证明查询打印", "个人参保证明信息", {"证明编号", "出具日期"}),
    ("change", "个人基本信息变更", "个人基本信息变更信息", {"变更前内容", "变更后内容"}),
    ("cancellation", "社会保障卡挂失", "社会保障卡状态信息", {"办理类型", "办理日期"}),
    ("declaration", "企业职工社会保险费补缴申报", "企业职工社会保险费补缴申报信息", {"申报日期"}),
    ("service", "职业指导", "职业服务信息", {"服务对象名称", "服务日期"}),
    ("application", "社会保障卡申领", "社会保障卡", {"社会保障号码"}),
    ("application", "公益性岗位申请", "公益性岗位办理信息", {"申请人名称", "办理结果"}),
]


@pytest.mark.parametrize("rule_id, name, expected, items", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_rule(rule_id, name, expected, items):
    draft = drafts.propose_one(drafts.shipped_rules(), Matter(id=1, name=name))
    assert draft.rule == rule_id
    assert draft.entry.name == expected
    assert items <= {i.name for i in draft.entry.items}
    assert all(i.data_type for i in draft.entry.items)
    assert draft.entry.unconfirmed and draft.entry.review_status == "草稿"
    assert name in draft.entry.summary or expected in draft.entry.summary


def test_every_rule_has_a_test():
    tested = {c[0] for c in CASES}
    assert {r.id for r in drafts.shipped_rules().rules} == tested


def test_domains_by_keyword_and_none_guessed():
    rules = drafts.shipped_rules()
    assert drafts.propose_one(rules, Matter(id=1, name="失业保险金申领")).entry.domain == "社保就业"
    assert drafts.propose_one(rules, Matter(id=1, name="内地居民结婚登记")).entry.domain == "生活服务"
    assert drafts.propose_one(rules, Matter(id=1, name="某某事项办理")).entry.domain == ""


def test_rules_are_data(tmp_path):
    rules = drafts.load_rules('''
[defaults]
network = "互联网"
[[rule]]
id = "x"
pattern = "^(?P<stem>.+)核查$"
name = "{stem}核查结果"
summary = "{matter}"
items = [["核查结论", "C"]]
kinds = ["行政检查"]
''')
    assert drafts.propose_one(rules, Matter(id=1, name="消防核查", kind="行政检查")).entry.name == "消防核查结果"
    assert drafts.propose_one(rules, Matter(id=1, name="消防核查", kind="行政许可")) is None


def _project(tmp_path: Path) -> Session:
    made = factories.matter(code="111403000001", name="城乡居民基本养老保险参保登记",
                            entries=[factories.entry("城乡居民养老保险参保信息", security_level="2级", network="部门专网")])
    project = Project(info=factories.info(), contacts=factories.contacts(), matters=[
        made,
        Matter(code="111403000002", name="城乡居民基本养老保险注销登记"),
        Matter(code="111403000003", name="创业补贴申请"),
    ])
    return Session.open(factories.write_project(tmp_path / "p.govcat", project))


def test_propose_uses_similar_entries_and_accept_is_one_undoable_command(tmp_path):
    session = _project(tmp_path)
    try:
        found = drafts.propose(session)
        assert [session.matters[d.matter_id].name for d in found] == ["城乡居民基本养老保险注销登记", "创业补贴申请"]
        similar = found[0]
        assert similar.entry.network == "部门专网" and similar.entry.security_level == "2级"
        assert any("相似事项" in b for b in similar.basis)
        assert found[1].entry.network == "政务外网"  # the defaults, no similar matter
        stack = UndoStack(session)
        stack.push(drafts.accept(found))
        assert all(len(m.entries) == 1 for m in session.project.matters)
        warned = [f for f in session.findings() if f.rule == "draft-unconfirmed"]
        assert len(warned) == 2 and all("草稿未经人工确认" in f.message for f in warned)
        assert not [f for f in session.findings() if f.is_error]
        stack.undo()
        assert sum(len(m.entries) for m in session.project.matters) == 1
    finally:
        session.close()


def test_a_person_edit_or_confirm_clears_the_warning(tmp_path):
    from govcat_desktop.services import bulk
    from govcat_desktop.services.commands import UpdateEntry

    session = _project(tmp_path)
    try:
        stack = UndoStack(session)
        stack.push(drafts.accept(drafts.propose(session)))
        a, b = [m.entries[0] for m in session.project.matters[1:]]
        stack.push(UpdateEntry(a, a.model_copy(update={"summary": "人工改过的摘要"})))
        assert not session.entries[a.id][1].unconfirmed
        stack.push(bulk.confirm_drafts(session, [b.id]))
        assert not session.entries[b.id][1].unconfirmed
        assert not [f for f in session.findings() if f.rule == "draft-unconfirmed"]
        stack.undo()
        assert session.entries[b.id][1].unconfirmed
        assert session.store.load_entries(session.entries[b.id][0].id)[0].unconfirmed is True
    finally:
        session.close()


def test_cli_drafts(tmp_path, capsys):
    from govcat_desktop.cli import main

    session = _project(tmp_path)
    path = session.path
    session.close()
    assert main(["drafts", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "创业补贴发放信息" in out and "相似事项" in out
    reopened = Session.open(path, readonly=True)
    assert sum(len(m.entries) for m in reopened.project.matters) == 1  # a dry run writes nothing
    reopened.close()
    assert main(["drafts", str(path)]) == 0
    reopened = Session.open(path, readonly=True)
    try:
        assert all(m.entries for m in reopened.project.matters)
        assert sum(e.unconfirmed for m in reopened.project.matters for e in m.entries) == 2
    finally:
        reopened.close()
    assert main(["drafts", str(path)]) == 0
    assert "没有生成草稿" in capsys.readouterr().out


def test_drafts_of_one_department_differ_in_sharing_as_their_matters_do(tmp_path):
    """区人社局's 144 drafts all carried 3级 / 有条件共享 / 政务外网 and one 共享条件 sentence; now the rule of the matter
    (a licence is published, a payment is checked monthly), its type (行政处罚) and similar entries decide, and each
    draft says which."""
    import csv
    from collections import Counter

    from govcat_desktop.services.transfer import preview_import

    session = Session.open(factories.write_project(tmp_path / "rs.govcat", factories.valid_project()))
    try:
        data = Path(__file__).resolve().parents[1] / "data" / "zwfw_guangan_matters.csv"
        preview = preview_import(session, [data], depts=["区人社局"])
        preview.command.do(session)
        proposed = drafts.propose(session)
        assert len(proposed) == 144
        attrs = Counter((d.entry.share_type, d.entry.security_level, d.entry.share_condition) for d in proposed)
        assert len(attrs) >= 6 and attrs.most_common(1)[0][1] < 0.5 * len(proposed)
        assert all(any(b.startswith("共享属性取自") for b in d.basis) for d in proposed)
        with open(data, encoding="utf-8-sig", newline="") as fh:
            licences = [r["matter_name"] for r in csv.DictReader(fh) if r["matter_name"].endswith("许可")]
        assert licences  # the list has licences (of other departments): the rule itself is checked below
    finally:
        session.close()
    rules = drafts.shipped_rules()
    licence = drafts.propose_one(rules, Matter(id=1, name="人力资源服务许可", kind="行政许可"), library=())
    assert (licence.entry.share_type, licence.entry.security_level) == ("无条件共享", "2级")
    assert "共享属性取自规则“licence”" in licence.basis
    fine = drafts.propose_one(rules, Matter(id=2, name="对用人单位违反规定的处罚", kind="行政处罚"), library=())
    assert fine is not None
    assert fine.entry.share_type == "无条件共享" and "共享属性取自事项类型“行政处罚”" in fine.basis
