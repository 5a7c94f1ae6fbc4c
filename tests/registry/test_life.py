"""Issue 22: versions, changes since the base, 注销, reasons, and the bureau reviewing only what changed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from govcat_desktop.domain import revisions as R
from govcat_desktop.domain.models import Project
from govcat_desktop.services import revisions
from govcat_desktop.services.bureau import review
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.commands import AddEntry, DeleteEntry, UndoStack, UpdateEntry
from govcat_desktop.services.export import export_task
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.storage.life_store import LifeStore
from govcat_desktop.storage.version_store import VersionStore
from tests import factories as F

N = 298  # 294 unchanged + 3 changed + 1 withdrawn; the resubmission adds 2


def _unit(tmp_path: Path, n: int = N) -> Session:
    p = F.valid_project()
    p.matters = [F.matter(f"1114030000MB{i:04d}", f"事项{i}", [F.entry(f"目录{i}")]) for i in range(n)]
    F.write_project(tmp_path / "unit.govcat", p)
    return Session.open(tmp_path / "unit.govcat")


def _copy(paths: list[Path]) -> Path:
    return next(p for p in paths if "可编辑" in p.name)


def _city(tmp_path: Path) -> Path:
    city = tmp_path / "city.govcat"
    F.write_project(city, Project(info=F.info("市大数据局", name="阳泉市大数据局")))
    return city


def _resubmit(s: Session) -> None:
    ms = s.project.matters
    for i in range(3):
        e = ms[i].entries[0]
        UndoStack(s).push(UpdateEntry(e, e.model_copy(update={"summary": f"改{i}", "change_reason": "纠错"}, deep=True)))
    UndoStack(s).push(DeleteEntry(ms[5].entries[0].id))
    UndoStack(s).push(AddEntry(ms[6].id, F.entry("新目录A")))
    UndoStack(s).push(AddEntry(ms[7].id, F.entry("新目录B")))


def test_versions_count_exports_of_new_content_and_changes_are_listed(tmp_path: Path) -> None:
    s = _unit(tmp_path, 10)
    try:
        export_task(s, "catalog", tmp_path / "a", pdf=False)
        export_task(s, "catalog", tmp_path / "b", pdf=False)  # the same content: the same version
        assert [v.version for v in VersionStore(s.store).versions()] == [1]
        assert all(e.uid for m in s.project.matters for e in m.entries)
        assert revisions.changes(s) == []
        _resubmit(s)
        found = revisions.changes(s)
        assert sorted((c.mark, c.name) for c in found) == sorted(
            [("变更", "目录0"), ("变更", "目录1"), ("变更", "目录2"), ("新增", "新目录A"), ("新增", "新目录B"),
             ("注销", "目录5")])
        assert next(c for c in found if c.name == "目录0").fields == [
            ("summary", "内地居民办理结婚登记后产生的结婚证信息。", "改0")]
        export_task(s, "catalog", tmp_path / "c", pdf=False)
        assert VersionStore(s.store).counter() == 2
        assert [w.name for w in s.project.withdrawn] == ["目录5"]
    finally:
        s.close()


def _merge_and_accept(city: Path, copy: Path) -> None:
    """The bureau merges the unit's first copy and accepts every entry of it."""
    with ProjectFile.open(city) as st:
        merge(st, [copy])
        for _, eid, _, _, _ in list(BureauStore(st).current_entries(with_items=False)):
            review.mark_entry(st, eid, "已审核")


def test_the_bureau_keeps_294_accepted_and_brings_6_to_review(tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main

    s = _unit(tmp_path)
    city = _city(tmp_path)
    try:
        first = _copy(export_task(s, "catalog", tmp_path / "v1", pdf=False))
        _merge_and_accept(city, first)
        _resubmit(s)
        second = _copy(export_task(s, "catalog", tmp_path / "v2", pdf=False))
    finally:
        s.close()
    with ProjectFile.open(city) as st:
        outcome = merge(st, [second])
        m = outcome.taken[0].merged
        assert (m.kept, m.changed, m.new, m.withdrawn) == (294, 3, 2, 1)
        marks = list(LifeStore(st).current_marks())
        accepted = [r for r in marks if r[5] == "已审核"]
        assert len(accepted) == 294 and all(r[4] == "" for r in accepted)
        waiting = {r[3]: (r[4], r[5], r[6]) for r in marks if r[5] != "已审核"}
        assert set(waiting) == {"目录0", "目录1", "目录2", "新目录A", "新目录B"}
        assert json.loads(waiting["目录1"][2])["fields"] == [["summary", "内地居民办理结婚登记后产生的结婚证信息。", "改1"]]
        assert waiting["新目录A"][0] == "新增"
        gone = LifeStore(st).withdrawn(unit_id=outcome_unit(st))
        assert [(g.name, g.status) for g in gone] == [("目录5", "待确认")]
        # the older version merged after the newer one changes nothing
        again = merge(st, [first])
        assert again.taken[0].older and list(LifeStore(st).current_marks()) == marks
        name = BureauStore(st).units()[0].org_name
    capsys.readouterr()
    assert main(["changes", str(city), "--unit", name]) == 0
    out = capsys.readouterr().out
    assert f"{name}：已审核且未变化 294 条，有变化 5 条，注销 1 条" in out
    assert "变更\t" in out and "新增\t" in out and "注销\t" in out
    assert main(["changes", str(city), "--unit", "没有这个单位"]) == 2


def outcome_unit(st: ProjectFile) -> int:
    return BureauStore(st).units()[0].id


def test_a_change_of_an_accepted_entry_without_a_reason_is_an_error(tmp_path: Path) -> None:
    s = _unit(tmp_path, 3)
    try:
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        snaps = R.loads(VersionStore(s.store).latest().data)  # the bureau's feedback accepted version 1
        VersionStore(s.store).accept(1, R.dumps(dataclasses.replace(x, state="已审核") for x in snaps))
        e = s.project.matters[0].entries[0]
        UndoStack(s).push(UpdateEntry(e, e.model_copy(update={"summary": "新的"}, deep=True)))
        errors = [f for f in s.findings() if f.rule == "change-reason"]
        assert len(errors) == 1 and "变更原因" in errors[0].message
        revisions.set_reason(s, "目录0", "纠错")
        assert not [f for f in s.findings() if f.rule == "change-reason"]
    finally:
        s.close()


@pytest.mark.libreoffice
def test_uids_reasons_and_withdrawn_survive_a_libreoffice_resave(tmp_path: Path, soffice: str) -> None:
    import subprocess

    from govcat_desktop.exchange.reader import open_book
    from govcat_desktop.services import transfer

    s = _unit(tmp_path, 10)
    try:
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        _resubmit(s)
        revisions.set_reason(s, "目录5", "事项调整")
        copy = _copy(export_task(s, "catalog", tmp_path / "v2", pdf=False))
        uids = {e.name: e.uid for m in s.project.matters for e in m.entries}
    finally:
        s.close()
    out = tmp_path / "resaved"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to", "xlsx",
                    "--outdir", str(out), str(copy)], check=True, capture_output=True, timeout=180)
    book = open_book(out / copy.name)
    try:
        parsed = transfer.read_book_copy(book)
    finally:
        book.close()
    assert parsed.meta["version"] == "2"
    read = {e.name: e for m in parsed.matters for e in m.entries}
    assert {n: e.uid for n, e in read.items()} == uids
    assert read["目录0"].change_reason == "纠错"
    assert [(w.name, w.reason) for w in parsed.withdrawn] == [("目录5", "事项调整")]


def test_govcat_changes_lists_the_unit_side_and_refuses_a_bad_reason(tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main

    s = _unit(tmp_path, 8)
    try:
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        _resubmit(s)
    finally:
        s.close()
    assert main(["changes", str(tmp_path / "unit.govcat")]) == 0
    out = capsys.readouterr().out
    assert "新增 2 条，变更 3 条，注销 1 条" in out and "资源摘要：内地居民办理结婚登记后产生的结婚证信息。 → 改0" in out
    assert main(["changes", str(tmp_path / "unit.govcat"), "--reason", "目录5=不是原因"]) == 2
    assert "不在列表中" in capsys.readouterr().err


def test_the_bureaus_feedback_makes_the_reviewed_version_the_base(tmp_path: Path) -> None:
    s = _unit(tmp_path, 4)
    city = _city(tmp_path)
    try:
        first = _copy(export_task(s, "catalog", tmp_path / "v1", pdf=False))
        _merge_and_accept(city, first)
        with ProjectFile.open(city) as st:
            [feedback] = review.export_feedback(st, tmp_path / "fb")
        review.import_feedback(s, feedback)
        assert VersionStore(s.store).accepted().version == 1
        e = s.project.matters[0].entries[0]
        UndoStack(s).push(UpdateEntry(e, e.model_copy(update={"summary": "新的"}, deep=True)))
        assert [f.record for f in s.findings() if f.rule == "change-reason"] == ["目录0"]
    finally:
        s.close()


def _bureau_after_resubmission(tmp_path: Path, n: int = 12) -> tuple[Path, str]:
    s = _unit(tmp_path, n)
    city = _city(tmp_path)
    try:
        first = _copy(export_task(s, "catalog", tmp_path / "v1", pdf=False))
        _merge_and_accept(city, first)
        _resubmit(s)
        second = _copy(export_task(s, "catalog", tmp_path / "v2", pdf=False))
    finally:
        s.close()
    with ProjectFile.open(city) as st:
        merge(st, [second])
        name = BureauStore(st).units()[0].org_name
    return city, name


def test_dump_shows_versions_change_marks_and_review_states(tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main

    city, _ = _bureau_after_resubmission(tmp_path)
    capsys.readouterr()
    assert main(["dump", str(city), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    subs = [s for s in data["units"][0]["submissions"] if s["task"] == "catalog"]
    assert [(s["version"], s["superseded"]) for s in subs] == [(1, True), (2, False)]
    entries = subs[-1]["data"]["entries"]
    count = {(m, st): sum(1 for e in entries if (e["change_mark"], e["bureau_status"]) == (m, st))
             for m, st in {(e["change_mark"], e["bureau_status"]) for e in entries}}
    assert count == {("", "已审核"): 8, ("变更", ""): 3, ("新增", ""): 2}
    assert [(w["name"], w["status"]) for w in subs[-1]["data"]["withdrawn"]] == [("目录5", "待确认")]


def test_the_bureau_confirms_or_refuses_a_withdrawal_undoably(tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main
    from govcat_desktop.services.bureau import life
    from govcat_desktop.services.bureau.commands import DecideWithdrawn
    from govcat_desktop.services.rules import Refused

    city, name = _bureau_after_resubmission(tmp_path)
    s = Session.open(city)
    try:
        row = life.find_withdrawn(s.store, name, "目录5")
        history = UndoStack(s)
        with pytest.raises(Refused, match="写明理由"):
            history.push(DecideWithdrawn(row.id, life.REFUSED, ""))
        history.push(DecideWithdrawn(row.id, life.REFUSED, "该事项仍在办理"))
        got = LifeStore(s.store).withdrawn_row(row.id)
        assert (got.status, got.bureau_note) == ("不予注销", "该事项仍在办理")
        history.undo()
        got = LifeStore(s.store).withdrawn_row(row.id)
        assert (got.status, got.bureau_note) == ("待确认", "")
        with pytest.raises(Refused, match="没有“目录6”"):
            life.find_withdrawn(s.store, name, "目录6")
    finally:
        s.close()
    capsys.readouterr()
    assert main(["changes", str(city), "--unit", name, "--refuse", "目录5"]) == 2
    assert "--note" in capsys.readouterr().err
    assert main(["changes", str(city), "--unit", name, "--confirm", "目录5"]) == 0
    out = capsys.readouterr().out
    assert "注销目录“目录5”：已确认" in out and "注销\t1114030000MB0005\t目录5\t已确认" in out


def _sheet_rows(path: Path) -> list[list[str]]:
    from govcat_desktop.exchange.reader import open_book

    book = open_book(path)
    try:
        return [list(map(str, r)) for r in book.rows(book.sheet_names[0])]
    finally:
        book.close()


def test_registration_by_difference_lists_only_what_changed_since_the_last(tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main
    from govcat_desktop.services.bureau import life
    from govcat_desktop.services.bureau.commands import DecideWithdrawn

    s = _unit(tmp_path, 12)
    city = _city(tmp_path)
    try:
        first = _copy(export_task(s, "catalog", tmp_path / "v1", pdf=False))
        _merge_and_accept(city, first)
        capsys.readouterr()
        assert main(["registration", str(city), "--out", str(tmp_path / "r1")]) == 0
        assert "新增 12 条，变更 0 条，注销 0 条" in capsys.readouterr().err
        _resubmit(s)
        second = _copy(export_task(s, "catalog", tmp_path / "v2", pdf=False))
    finally:
        s.close()
    with ProjectFile.open(city) as st:
        merge(st, [second])
    # nothing accepted yet: the changed entries and the 注销 waiting stay registered as they were
    assert main(["registration", str(city), "--out", str(tmp_path / "r2"), "--changes"]) == 0
    assert "新增 0 条，变更 0 条，注销 0 条" in capsys.readouterr().err
    b = Session.open(city)
    try:
        for _, eid, _, name, mark, status, _ in list(LifeStore(b.store).current_marks()):
            if mark:
                review.mark_entry(b.store, eid, "已审核")
        unit = BureauStore(b.store).units()[0].org_name
        UndoStack(b).push(DecideWithdrawn(life.find_withdrawn(b.store, unit, "目录5").id, life.CONFIRMED))
    finally:
        b.close()
    capsys.readouterr()
    assert main(["registration", str(city), "--out", str(tmp_path / "r3"), "--changes"]) == 0
    captured = capsys.readouterr()
    assert "新增 2 条，变更 3 条，注销 1 条" in captured.err
    rows = _sheet_rows(Path(captured.out.strip()))
    assert rows[0][0] == "操作" and "（变更）" in Path(captured.out.strip()).name
    at = rows[0].index("信息资源名称")
    listed = sorted({(r[0], r[at]) for r in rows[1:]})
    assert listed == [("变更", "目录0"), ("变更", "目录1"), ("变更", "目录2"), ("新增", "新目录A"), ("新增", "新目录B"),
                      ("注销", "目录5")]
    # the whole sheet lists every accepted entry without the column; the next difference is empty
    assert main(["registration", str(city), "--out", str(tmp_path / "r4")]) == 0
    whole = _sheet_rows(Path(capsys.readouterr().out.strip()))
    assert whole[0][0] != "操作" and len({r[whole[0].index("信息资源名称")] for r in whole[1:]}) == 13
    assert main(["registration", str(city), "--out", str(tmp_path / "r5"), "--changes"]) == 0
    captured = capsys.readouterr()
    assert "新增 0 条，变更 0 条，注销 0 条" in captured.err and len(_sheet_rows(Path(captured.out.strip()))) == 1


def test_next_year_starts_from_the_last_accepted_version(tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main

    s = _unit(tmp_path, 6)
    try:
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        e = s.project.matters[0].entries[0]  # a change exported as version 2; no feedback from the bureau yet
        UndoStack(s).push(UpdateEntry(e, e.model_copy(update={"summary": "二版", "change_reason": "纠错"}, deep=True)))
        export_task(s, "catalog", tmp_path / "v2", pdf=False)
        year = s.project.info.profile.year
    finally:
        s.close()
    path = str(tmp_path / "unit.govcat")
    capsys.readouterr()
    assert main(["settings", path, "--next-year"]) == 0
    assert f"年度：{int(year) + 1}" in capsys.readouterr().out
    s = Session.open(tmp_path / "unit.govcat")
    try:
        assert VersionStore(s.store).accepted().version == 2  # no feedback: the last version exported is the base
        assert revisions.changes(s) == []
        assert s.project.matters[0].entries[0].change_reason == ""  # last year's reason, for an unchanged entry
        e = s.project.matters[1].entries[0]
        UndoStack(s).push(UpdateEntry(e, e.model_copy(update={"summary": "新年度"}, deep=True)))
    finally:
        s.close()
    assert main(["changes", path]) == 0
    out = capsys.readouterr().out
    assert "与上级已审核的第2版相比：新增 0 条，变更 1 条，注销 0 条" in out and "目录1" in out


def test_next_year_keeps_the_accepted_version_and_undoes(tmp_path: Path) -> None:
    from govcat_desktop.services import project_settings as ps

    s = _unit(tmp_path, 4)
    try:
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        snaps = R.loads(VersionStore(s.store).latest().data)
        VersionStore(s.store).accept(1, R.dumps(dataclasses.replace(x, state="已审核") for x in snaps))
        UndoStack(s).push(DeleteEntry(s.project.matters[3].entries[0].id))
        revisions.set_reason(s, "目录3", "职能调整")
        export_task(s, "catalog", tmp_path / "v2", pdf=False)  # version 2 withdraws 目录3; the bureau has not said
        history = UndoStack(s)
        year = s.project.info.profile.year
        history.push(revisions.next_cycle_command(s, ps.settings_command(s, ps.next_year(s.project.info.profile,
                                                                                          s.forms))))
        assert VersionStore(s.store).accepted().version == 1
        assert [(c.mark, c.name, c.reason) for c in revisions.changes(s)] == [("注销", "目录3", "职能调整")]
        history.undo()
        assert s.project.info.profile.year == year and VersionStore(s.store).accepted().version == 1
    finally:
        s.close()


def test_a_withdrawn_entrys_reason_is_a_step_the_views_hear_done_and_undone(tmp_path: Path) -> None:
    """The 注销 list is part of the project: its reason's step names it (settings "withdrawn"), so the window repaints
    it on the step and on Ctrl+Z without reading everything again; an export names the version it recorded."""
    s = _unit(tmp_path, 10)
    try:
        history = UndoStack(s)
        heard = []
        history.applied.connect(heard.append)
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        _resubmit(s)
        heard.clear()
        revisions.set_reason(s, "目录5", "事项调整", history=history)
        assert history.undo()
        assert [("withdrawn" in c.settings, c.reloaded) for c in heard] == [(True, False), (True, False)]
        assert [w.reason for w in s.project.withdrawn] == [""]
        from govcat_desktop.services.changes import Recorder

        with Recorder(s.events) as changes:
            export_task(s, "catalog", tmp_path / "v2", pdf=False)
        assert "versions" in changes.settings
    finally:
        s.close()
