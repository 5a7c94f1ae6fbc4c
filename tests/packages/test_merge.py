"""Issue 23, Done when: two packages cut from one base, edited apart while the coordinator also edits, merged in
either order give the same result with the one real conflict surfaced and nothing else lost; merging twice changes
nothing; undo restores the state before the merge; a package of another unit is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.services import packages
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.package_merge import DELETED, plan_merge
from govcat_desktop.services.rules import Refused
from govcat_desktop.services.session import Session
from govcat_desktop.storage import package_store
from tests import factories as f
from tests.packages.helpers import add, assign, edit, state, unit


@pytest.fixture
def divided(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The coordinator's file with two packages out (甲: A1, A2; 乙: B1), both filled, and the coordinator's edits."""
    home = unit(tmp_path / "审批局.govcat")
    session = Session.open(home)
    assign(session, ["A1", "A2"], "登记科")
    assign(session, ["B1"], "规划科")
    pa = packages.export_package(session, "登记科", tmp_path / "登记科").path
    pb = packages.export_package(session, "规划科", tmp_path / "规划科.govcat").path
    # the coordinator goes on working meanwhile: one field the 科室 also changes, one it does not, another matter
    edit(session, "营业执照", share_condition="本单位：仅限市场监管部门核验")
    edit(session, "营业执照", domain="市场监管")
    edit(session, "档案查询记录", summary="本单位改的摘要")
    session.close()
    s = Session.open(pa)
    edit(s, "营业执照", share_condition="登记科：仅限登记业务使用")  # the one real conflict
    edit(s, "营业执照", summary="登记科补充的摘要")
    edit(s, "变更登记通知书", items=[InfoItem(name="企业名称", data_type="C", length="100")])
    add(s, "A2", f.entry("变更登记档案", summary="登记科新增"))
    s.close()
    s = Session.open(pb)
    edit(s, "建设工程规划许可证", network="互联网")
    add(s, "B1", f.entry("规划许可批复", summary="规划科新增"))
    s.close()
    return home, pa, pb


def _merge(home: Path, package: Path, take: str = "package") -> list:
    session = Session.open(home)
    try:
        plan = plan_merge(session, package)
        conflicts = [(c.entry, c.field, c.base != c.mine, c.mine, c.theirs) for c in plan.conflicts]
        command = plan.command(session, default=take)
        assert command is not None
        UndoStack(session).push(command)
        return conflicts
    finally:
        session.close()


def test_either_order_gives_the_same_result_and_one_conflict(divided, tmp_path: Path) -> None:
    home, pa, pb = divided
    other = tmp_path / "另一份.govcat"
    shutil.copyfile(home, other)
    first = _merge(home, pa) + _merge(home, pb)
    second = _merge(other, pb) + _merge(other, pa)
    assert sorted(first) == sorted(second)
    assert [(c[0], c[1], c[3], c[4]) for c in first] == [
        ("营业执照", "share_condition", "本单位：仅限市场监管部门核验", "登记科：仅限登记业务使用")]
    a, b = Session.open(home), Session.open(other)
    try:
        assert state(a) == state(b)
        entries = {e.name: e for _m, e in a.entries.values()}
        assert entries["营业执照"].share_condition == "登记科：仅限登记业务使用"  # decided: 科室
        assert entries["营业执照"].domain == "市场监管"  # the coordinator's own change, kept
        assert entries["营业执照"].summary == "登记科补充的摘要"  # the 科室's own change, taken
        assert [i.name for i in entries["变更登记通知书"].items] == ["企业名称"]
        assert entries["建设工程规划许可证"].network == "互联网"
        assert entries["档案查询记录"].summary == "本单位改的摘要"
        assert {"变更登记档案", "规划许可批复"} <= set(entries)
        assert all("package_origin" not in e.extra for e in entries.values())
    finally:
        a.close()
        b.close()


def test_taking_mine_keeps_mine_and_a_second_merge_changes_nothing(divided) -> None:
    home, pa, _pb = divided
    _merge(home, pa, take="mine")
    session = Session.open(home)
    try:
        before = state(session)
        entries = {e.name: e for _m, e in session.entries.values()}
        assert entries["营业执照"].share_condition == "本单位：仅限市场监管部门核验"
        assert entries["营业执照"].summary == "登记科补充的摘要"
        plan = plan_merge(session, pa)
        assert plan.conflicts == [] and plan.changes == [] and plan.empty
        assert plan.command(session) is None
        assert state(session) == before
    finally:
        session.close()


def test_nothing_is_overwritten_without_a_decision(divided) -> None:
    home, pa, _pb = divided
    session = Session.open(home)
    try:
        before = state(session)
        plan = plan_merge(session, pa)
        with pytest.raises(Refused, match="1 处冲突未决定"):
            plan.command(session)
        key = plan.conflicts[0].key
        assert plan.command(session, {key: "本单位"}) is not None  # a decision per field
        assert plan.command(session, {str(plan.conflicts[0].entry_id): "科室"}) is not None  # or per entry
        assert state(session) == before
    finally:
        session.close()


def test_undo_restores_the_state_before_the_merge(divided) -> None:
    home, pa, _pb = divided
    session = Session.open(home)
    try:
        before = state(session)
        base_before = package_store.base(session.store, packages.sent_packages(session)[0].id)
        history = UndoStack(session)
        history.push(plan_merge(session, pa).command(session, default="package"))
        assert state(session) != before
        assert history.undo_text == "合并“登记科”的工作包"
        history.undo()
        assert state(session) == before
        assert package_store.base(session.store, packages.sent_packages(session)[0].id) == base_before
        session.reload()  # and the file says the same
        assert state(session) == before
        history.redo()
        assert {e.name for _m, e in session.entries.values()} >= {"变更登记档案"}
    finally:
        session.close()


def test_deleted_on_one_side_changed_on_the_other_is_a_conflict(tmp_path: Path) -> None:
    home = unit(tmp_path / "审批局.govcat")
    session = Session.open(home)
    assign(session, ["A1", "A2"], "登记科")
    pa = packages.export_package(session, "登记科", tmp_path / "登记科.govcat").path
    edit(session, "营业执照", summary="本单位改过")
    session.close()
    s = Session.open(pa)
    from govcat_desktop.services.commands import DeleteEntry

    for name in ("营业执照", "变更登记通知书"):
        entry_id = next(e.id for _m, e in s.entries.values() if e.name == name)
        UndoStack(s).push(DeleteEntry(entry_id))
    add(s, "A1", f.entry("新营业执照"))  # SQLite may give it an id a deleted entry had: still a new entry
    s.close()
    session = Session.open(home)
    try:
        plan = plan_merge(session, pa)
        assert [(c.entry, c.field) for c in plan.conflicts] == [("营业执照", DELETED)]
        UndoStack(session).push(plan.command(session, default="mine"))
        names = {e.name for _m, e in session.entries.values()}
        assert "营业执照" in names and "变更登记通知书" not in names and "新营业执照" in names
    finally:
        session.close()


def test_entries_for_matters_outside_the_package_are_flagged(divided) -> None:
    home, pa, _pb = divided
    s = Session.open(pa)
    from govcat_desktop.services.commands import AddMatter
    from govcat_desktop.domain.models import Matter

    UndoStack(s).push(AddMatter(Matter(code="X9", name="科室自己加的事项", entries=[f.entry("多出来的目录")])))
    s.close()
    session = Session.open(home)
    try:
        plan = plan_merge(session, pa)
        assert any("科室自己加的事项" in flag and "未合并" in flag for flag in plan.flags)
        UndoStack(session).push(plan.command(session, default="package"))
        assert "多出来的目录" not in {e.name for _m, e in session.entries.values()}
        assert "X9" not in {m.code for m in session.project.matters}
    finally:
        session.close()


def test_a_package_of_another_unit_is_refused(divided, tmp_path: Path) -> None:
    home, _pa, _pb = divided
    alien_home = unit(tmp_path / "人社局.govcat", name="城区人力资源和社会保障局")
    s = Session.open(alien_home)
    assign(s, ["A1"], "登记科")
    alien = packages.export_package(s, "登记科", tmp_path / "人社局登记科.govcat").path
    s.close()
    session = Session.open(home)
    try:
        before = state(session)
        with pytest.raises(Refused, match="城区人力资源和社会保障局.*不是本单位"):
            plan_merge(session, alien)
        with pytest.raises(Refused, match="不是工作包"):
            plan_merge(session, alien_home)
        assert state(session) == before
    finally:
        session.close()


def test_a_package_from_another_file_of_the_same_unit_is_refused(divided, tmp_path: Path) -> None:
    home, _pa, _pb = divided
    twin = unit(tmp_path / "另一个项目.govcat")
    s = Session.open(twin)
    assign(s, ["A1"], "登记科")
    stray = packages.export_package(s, "登记科", tmp_path / "另一个登记科.govcat").path
    s.close()
    session = Session.open(home)
    try:
        with pytest.raises(Refused, match="不是从本项目导出的"):
            plan_merge(session, stray)
    finally:
        session.close()
