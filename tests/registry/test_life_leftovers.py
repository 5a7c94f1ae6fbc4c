"""Issue 22's leftovers: a decision of an earlier version is history, a refused 注销 reaches the unit, the bureau's
registration by difference in the window, a 注销 reason is an undoable step."""

from __future__ import annotations

from pathlib import Path

from govcat_desktop.services import revisions
from govcat_desktop.services.bureau import life, review
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.bureau.review import export_feedback, import_feedback
from govcat_desktop.services.export import export_task
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.storage.version_store import VersionStore
from tests.registry.test_life import _city, _copy, _merge_and_accept, _resubmit, _unit


def _resubmitted(tmp_path: Path, n: int = 10) -> tuple[Path, Path]:
    """v1 accepted by the bureau (entry by entry), v2 (3 变更, 2 新增, 1 注销) merged; (unit path, city path)."""
    s = _unit(tmp_path, n)
    city = _city(tmp_path)
    try:
        _merge_and_accept(city, _copy(export_task(s, "catalog", tmp_path / "v1", pdf=False)))
        _resubmit(s)
        revisions.set_reason(s, "目录5", "职能调整")
        second = _copy(export_task(s, "catalog", tmp_path / "v2", pdf=False))
    finally:
        s.close()
    with ProjectFile.open(city) as st:
        merge(st, [second])
    return tmp_path / "unit.govcat", city


def test_a_decision_on_an_entry_changed_since_is_the_earlier_versions(tmp_path: Path) -> None:
    _unit_path, city = _resubmitted(tmp_path)
    with ProjectFile.open(city) as st:
        comments = BureauStore(st).comments(origin="bureau")
        by_name = {c.record_name: c for c in comments}
        # unchanged: its 审核通过 stands
        assert by_name["目录3"].decision == "已审核" and by_name["目录3"].message == "审核通过。"
        # changed after the 审核通过: no decision any more, the comment says which version it was of
        for name in ("目录0", "目录1", "目录2"):
            assert by_name[name].decision == "", name
            assert by_name[name].message == "（第1版的审核结论，该目录此后已变更）审核通过。"
        unit_id = BureauStore(st).units()[0].id
        rows = review.feedback_rows(st, unit_id)
    # the feedback no longer says 已审核 of them, so the unit's base does not take them as accepted
    assert not [r for r in rows if r.record_name in ("目录0", "目录1", "目录2") and r.decision == "已审核"]


def test_a_refused_withdrawal_reaches_the_unit_with_the_bureaus_note(tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main

    unit_path, city = _resubmitted(tmp_path)
    with ProjectFile.open(city) as st:
        row = life.find_withdrawn(st, BureauStore(st).units()[0].org_name, "目录5")
        life.decide_withdrawn(st, row.id, life.REFUSED, "该事项仍在办理")
        unit_id = BureauStore(st).units()[0].id
        assert [(r.record_name, r.decision) for r in review.feedback_rows(st, unit_id)
                if r.decision == life.REFUSED] == [("目录5", "不予注销")]
        [path] = export_feedback(st, tmp_path / "fb")
    s = Session.open(unit_path)
    try:
        import_feedback(s, path)
        refused = life.refused_withdrawals(s)
        assert [(c.record_name, c.decision) for c in refused] == [("目录5", "不予注销")]
        assert "该事项仍在办理" in refused[0].message
        found = [f for f in review.comment_findings(s) if "不予注销" in f.message]
        assert found and found[0].severity == "error" and "该目录已被本单位注销" in found[0].message
        # the feedback taken again: the same line updated, not a second one
        assert import_feedback(s, path)[0] == 0
    finally:
        s.close()
    capsys.readouterr()
    assert main(["accept-feedback", str(unit_path), str(path)]) == 0
    assert "上级不同意注销目录“目录5”：不同意注销该目录：该事项仍在办理" in capsys.readouterr().out


def test_a_withdrawn_entrys_reason_is_an_undoable_step(tmp_path: Path) -> None:
    from govcat_desktop.services.commands import UndoStack

    s = _unit(tmp_path, 8)
    try:
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        _resubmit(s)
        history = UndoStack(s)
        said = revisions.set_reason(s, "目录5", "其他", "并入其他目录", history=history)
        assert "注销原因：其他" in said
        assert [(w.name, w.reason, w.note) for w in s.project.withdrawn] == [("目录5", "其他", "并入其他目录")]
        assert history.can_undo and history.undo_text == "填写注销原因"
        history.undo()
        assert [(w.name, w.reason) for w in s.project.withdrawn] == [("目录5", "")]
        assert [w.reason for w in VersionStore(s.store).withdrawn()] == [""]
        history.redo()
        assert [w.reason for w in s.project.withdrawn] == ["其他"]
    finally:
        s.close()


def test_taking_in_the_feedback_is_one_undoable_step(tmp_path: Path) -> None:
    """The comments, the base the bureau accepted and the 注销 list return as they were on undo (in the file too);
    redo writes again what the import wrote, the file read once."""
    from govcat_desktop.services.bureau.commands import ImportFeedback
    from govcat_desktop.services.commands import UndoStack

    unit_path, city = _resubmitted(tmp_path)
    with ProjectFile.open(city) as st:
        row = life.find_withdrawn(st, BureauStore(st).units()[0].org_name, "目录5")
        life.decide_withdrawn(st, row.id, life.REFUSED, "该事项仍在办理")
        [path] = export_feedback(st, tmp_path / "fb")

    def state(s: Session) -> tuple:
        return (BureauStore(s.store).received_rows(), VersionStore(s.store).raw(),
                [w.model_dump() for w in s.project.withdrawn])

    s = Session.open(unit_path)
    try:
        before = state(s)
        history = UndoStack(s)
        step = ImportFeedback(str(path))
        history.push(step)
        after = state(s)
        assert step.added > 0 and after[0] and after[1] != before[1]  # comments in, the reviewed version accepted
        assert [c.record_name for c in life.refused_withdrawals(s)] == ["目录5"]
        history.undo()
        assert state(s) == before and not life.refused_withdrawals(s)
        path.unlink()  # redo does not read the file again
        history.redo()
        assert state(s) == after
        history.undo()
    finally:
        s.close()
    s = Session.open(unit_path)  # what the file holds after the undo
    try:
        assert state(s) == before
    finally:
        s.close()
