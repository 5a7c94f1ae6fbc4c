"""信息资源代码 proposal: from the classification and the unit's sequence; exported codes never renumbered."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from govcat_desktop.cli import main
from govcat_desktop.formspec import default_forms
from govcat_desktop.services.national import propose_codes
from govcat_desktop.services.session import Session
from tests import factories as F


def _project():
    p = F.valid_project("市直部门")
    p.info.dept_code = "012"
    p.matters = [F.matter("M1", "结婚登记", entries=[
        F.entry("结婚证", res_class="1", res_item="01", res_target="001", res_detail="002"),
        F.entry("结婚登记信息", res_class="3"),  # 部门类: 项 from the profile, 目 from the unit
        F.entry("婚姻状况证明", res_class="", resource_code=""),  # no classification: nothing proposed
        F.entry("离婚证", res_class="2", res_item="03", res_target="004", resource_code="203004/000007"),
    ])]
    return p


def test_codes_from_classification_and_unit_sequence() -> None:
    proposals = propose_codes(_project(), default_forms())
    codes = [(p.entry.name, p.proposed) for p in proposals]
    # 离婚证 already carries sequence 7 and fits its class: kept; new ones continue after the unit's highest number
    assert codes == [("结婚证", "101001002/000008"), ("结婚登记信息", "307012/000009"), ("婚姻状况证明", ""),
                     ("离婚证", "203004/000007")]
    assert "缺少信息资源分类" in proposals[2].reason
    assert not proposals[3].changes


def test_pattern_comes_from_the_profile() -> None:
    forms = default_forms()
    other = dataclasses.replace(forms, profile={**forms.profile, "resource_code_template": "{类}{项}{目}-{顺序码}",
                                                "resource_code_sequence_digits": 4, "dept_item": "09"})
    p = _project()
    p.matters[0].entries = p.matters[0].entries[1:2]
    assert propose_codes(p, other)[0].proposed == "309012-0001"


def test_changed_classification_keeps_number_until_exported(tmp_path: Path) -> None:
    p = _project()
    p.matters[0].entries[3].res_item = "05"  # reclassified before export: new prefix, same sequence number
    assert propose_codes(p, default_forms())[3].proposed == "205004/000007"
    p.matters[0].entries[3].code_exported = "2026-09-20"  # after export: frozen, the clerk is told why
    frozen = propose_codes(p, default_forms())[3]
    assert frozen.proposed == "" and not frozen.changes and "不再改变" in frozen.reason


def _entries(path: Path):
    s = Session.open(path, readonly=True)
    try:
        return {e.name: e for m in s.project.matters for e in m.entries}
    finally:
        s.close()


def test_cli_apply_then_export_freezes(tmp_path: Path, capsys) -> None:
    path = F.write_project(tmp_path / "u.govcat", _project())
    assert main(["codes", str(path)]) == 0
    assert "加 --apply 写入项目" in capsys.readouterr().out
    assert _entries(path)["结婚证"].resource_code == ""  # a preview changes nothing
    assert main(["codes", str(path), "--apply"]) == 0
    entries = _entries(path)
    assert entries["结婚证"].resource_code == "101001002/000008"
    assert (entries["结婚登记信息"].res_item, entries["结婚登记信息"].res_target) == ("07", "012")
    assert not entries["结婚证"].code_exported
    assert main(["export", str(path), "--out", str(tmp_path / "out"), "--task", "catalog"]) == 0
    entries = _entries(path)
    assert entries["结婚证"].code_exported and entries["婚姻状况证明"].code_exported == ""
    # reclassifying after the export proposes nothing: the exported code stays
    s = Session.open(path)
    try:
        e = next(e for m in s.project.matters for e in m.entries if e.name == "结婚证")
        changed = e.model_copy(deep=True)
        changed.res_item = "02"
        s.replace_entry(changed)
        proposal = next(p for p in propose_codes(s.project, s.forms) if p.entry.name == "结婚证")
        assert not proposal.changes and proposal.current == "101001002/000008"
    finally:
        s.close()


def test_exported_mark_survives_edits_and_undo(tmp_path: Path) -> None:
    from govcat_desktop.services.commands import UndoStack, UpdateEntry
    from govcat_desktop.services.national import mark_codes_exported
    import datetime as dt

    path = F.write_project(tmp_path / "u.govcat", _project())
    s = Session.open(path)
    try:
        before = next(e for m in s.project.matters for e in m.entries if e.name == "离婚证")
        stale = before.model_copy(deep=True)  # what an editor still holds when the export happens
        assert mark_codes_exported(s, dt.date(2026, 9, 20)) == 1
        edited = stale.model_copy(update={"summary": "改过的摘要"})
        stack = UndoStack(s)
        stack.push(UpdateEntry(stale, edited))
        assert s.entries[before.id][1].code_exported == "2026-09-20"
        stack.undo()
        assert s.entries[before.id][1].code_exported == "2026-09-20"
        assert s.entries[before.id][1].summary == before.summary
    finally:
        s.close()
