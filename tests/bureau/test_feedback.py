"""Review that travels offline: bureau marks → feedback workbook → unit's findings → resolution → back to the bureau."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.services.bureau import review
from govcat_desktop.services.bureau.board import board
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.rules import Refused
from govcat_desktop.services.session import Session
from govcat_desktop.storage.bureau_store import BureauStore


def _entry_id(store, unit: str, name: str) -> int:
    return store.conn.execute(
        "SELECT e.id FROM unit_entry e JOIN submission s ON s.id = e.submission_id JOIN unit u ON u.id = s.unit_id"
        " WHERE s.superseded = 0 AND u.org_name = ? AND e.name = ?",
        (unit, name),
    ).fetchone()[0]


@pytest.fixture
def reviewed(units, bureau, tmp_path):
    merge(bureau, [units["minzheng"], units["ziran"]])
    marriage = _entry_id(bureau, "阳泉市民政局", "结婚证")
    review.mark_entry(bureau, marriage, "退回", "请补充“证件有效期限”信息项。")
    review.comment(bureau, marriage, "婚姻登记信息涉及个人隐私，请写明共享条件的适用事项。", field="share_condition")
    review.comment(bureau, marriage, "登记日期应为日期型D，请核对。", item_name="登记日期", field="data_type")
    review.mark_entry(bureau, _entry_id(bureau, "阳泉市民政局", "养老机构备案信息"), "已审核")
    review.mark_entry(bureau, _entry_id(bureau, "阳泉市规划和自然资源局", "结婚证"), "已审核")
    review.mark_entry(bureau, _entry_id(bureau, "阳泉市规划和自然资源局", "不动产权证书信息"), "已审核")
    out = tmp_path / "feedback"
    paths = review.export_feedback(bureau, out)
    return bureau, paths


def test_board_shows_review_states(reviewed) -> None:
    store, _ = reviewed
    rows = {r.unit.org_name: r for r in board(store)}
    assert rows["阳泉市民政局"].cells["T3"].state == "退回"
    assert rows["阳泉市规划和自然资源局"].cells["T3"].state == "已审核"


def test_a_rejection_needs_a_note(reviewed) -> None:
    store, _ = reviewed
    with pytest.raises(Refused, match="写明审核意见"):
        review.mark_entry(store, _entry_id(store, "阳泉市民政局", "结婚证"), "退回", "  ")


def test_feedback_lands_on_fields_and_items_of_the_unit(reviewed, units) -> None:
    _, paths = reviewed
    names = sorted(p.name for p in paths)
    assert names == ["阳泉市民政局-审核意见.xlsx", "阳泉市规划和自然资源局-审核意见.xlsx"]
    feedback = next(p for p in paths if p.name.startswith("阳泉市民政局"))
    session = Session.open(units["minzheng"])
    try:
        added, updated = review.import_feedback(session, feedback)
        assert (added, updated) == (4, 0)  # 退回, two comments, 已审核 of 养老机构备案信息
        marriage = next(e for m in session.project.matters for e in m.entries if e.name == "结婚证")
        mine = [f for f in session.findings() if f.rule == "bureau-comment"]
        located = {(f.ref, f.field, f.severity) for f in mine}
        assert located == {
            (("catalog", marriage.id), "", "error"),
            (("catalog", marriage.id), "share_condition", "warning"),
            (("item", marriage.id, 2), "data_type", "warning"),
        }
        assert any("证件有效期限" in f.message for f in mine)
        # Importing the same file again adds nothing.
        assert review.import_feedback(session, feedback) == (0, 4)
        # The clerk resolves the rejection; its finding goes away.
        [rejection] = [c for c in review.received_comments(session, open_only=True) if c.decision == "退回"]
        review.resolve(session, rejection.id, "已补充证件有效期限信息项")
        assert len([f for f in session.findings() if f.rule == "bureau-comment"]) == 2
    finally:
        session.close()


def test_feedback_for_another_unit_is_refused(reviewed, units) -> None:
    _, paths = reviewed
    other = next(p for p in paths if p.name.startswith("阳泉市规划和自然资源局"))
    session = Session.open(units["minzheng"])
    try:
        with pytest.raises(Refused, match="不是给本单位"):
            review.import_feedback(session, other)
        assert review.received_comments(session) == []
    finally:
        session.close()


def test_resolutions_travel_back_with_the_resubmitted_file(reviewed, units, tmp_path: Path) -> None:
    store, paths = reviewed
    feedback = next(p for p in paths if p.name.startswith("阳泉市民政局"))
    session = Session.open(units["minzheng"])
    try:
        review.import_feedback(session, feedback)
        [rejection] = [c for c in review.received_comments(session, open_only=True) if c.decision == "退回"]
        review.resolve(session, rejection.id, "已补充证件有效期限信息项")
        reply = review.export_reply(session, tmp_path / "reply")
    finally:
        session.close()
    outcome = merge(store, [units["minzheng"]])
    assert outcome.taken[0].resolutions == 1
    bureau_side = {c.token: c for c in BureauStore(store).comments(origin="bureau")}
    assert bureau_side[rejection.token].status == "resolved"
    assert bureau_side[rejection.token].resolution == "已补充证件有效期限信息项"
    # The resubmission replaced the entries, so the 退回 mark is gone and T3 is back to 已报送.
    rows = {r.unit.org_name: r for r in board(store)}
    assert rows["阳泉市民政局"].cells["T3"].state == "已报送"
    # The reply workbook alone also carries the answer.
    store.conn.execute("UPDATE comment SET status = 'open', resolution = '' WHERE token = ?", (rejection.token,))
    outcome = merge(store, [reply])
    assert outcome.exit_code == 0 and outcome.taken[0].resolutions == 1
    assert {c.token: c for c in BureauStore(store).comments(origin="bureau")}[rejection.token].status == "resolved"


def test_review_commands_undo_and_redo(units, bureau) -> None:
    from govcat_desktop.services.bureau.commands import AddComment, MarkEntry
    from govcat_desktop.services.session import Session

    merge(bureau, [units["minzheng"]])
    marriage = _entry_id(bureau, "阳泉市民政局", "结婚证")
    path = bureau.path
    bureau.close()
    session = Session.open(path)
    try:
        first = MarkEntry(marriage, "退回", "第一次意见")
        first.do(session)
        second = MarkEntry(marriage, "退回", "改写后的意见")
        second.do(session)  # replaces the open decision of the first
        note = AddComment(marriage, "共享条件请写具体。", "share_condition")
        note.do(session)
        messages = lambda: sorted(c.message for c in BureauStore(session.store).comments())  # noqa: E731
        assert messages() == ["共享条件请写具体。", "改写后的意见"]
        note.undo(session)
        second.undo(session)
        assert messages() == ["第一次意见"]
        status = session.store.conn.execute("SELECT bureau_status, bureau_note FROM unit_entry WHERE id = ?",
                                            (marriage,)).fetchone()
        assert status == ("退回", "第一次意见")
        first.undo(session)
        assert messages() == []
        first.do(session)
        note.do(session)
        assert messages() == ["共享条件请写具体。", "第一次意见"]
    finally:
        session.close()


def test_the_unit_side_refusals_in_the_cli_are_chinese_and_exit_2(reviewed, units, tmp_path: Path, capsys) -> None:
    from govcat_desktop.cli import main as cli_main

    _, paths = reviewed
    unit = str(units["minzheng"])
    own = next(p for p in paths if p.name.startswith("阳泉市民政局"))
    other = next(p for p in paths if p.name.startswith("阳泉市规划和自然资源局"))
    assert cli_main(["reply", unit, "--out", str(tmp_path / "reply")]) == 2
    assert "错误：本项目还没有收到上级的审核意见，无需答复。" in capsys.readouterr().err
    assert not (tmp_path / "reply").exists()
    assert cli_main(["accept-feedback", unit, str(other)]) == 2
    assert "不是给本单位（阳泉市民政局）的，未导入。" in capsys.readouterr().err
    assert cli_main(["accept-feedback", unit, str(own)]) == 0
    session = Session.open(unit, readonly=True)
    try:
        [rejection] = [c for c in review.received_comments(session) if c.decision == "退回"]
    finally:
        session.close()
    capsys.readouterr()
    assert cli_main(["resolve", unit, rejection.token, "--answer", "  "]) == 2
    assert "错误：请写明如何处理了这条审核意见" in capsys.readouterr().err
    session = Session.open(unit, readonly=True)
    try:
        assert [c.status for c in review.received_comments(session) if c.token == rejection.token] == ["open"]
    finally:
        session.close()
