"""The bureau's merge as one step of the session's history (issue 24 item 5): undo puts every unit it touched back
exactly (a new unit is removed), redo puts back what it wrote without reading the files, and the step says "units"."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.services.bureau.commands import AddComment, MarkEntry
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.bureau.merge_step import DecideHeld, MergeSubmissions
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.held_store import HeldStore
from govcat_desktop.storage.unit_snapshot import UNIT_TABLES
from tests import factories as F
from tests.bureau.conftest import bureau_info, civil_affairs

TABLES = (*UNIT_TABLES, "paper_page")


def dump(store: ProjectFile) -> dict[str, list]:
    """Every row of every bureau table (and the held-files list), in a stable order."""
    tables = {t: sorted(map(repr, store.conn.execute(f"SELECT * FROM {t}"))) for t in TABLES}
    tables["held"] = [repr(r) for r in store.conn.execute("SELECT data FROM singleton WHERE kind = 'held'")]
    return tables


@pytest.fixture
def session(tmp_path: Path):
    s = Session(ProjectFile.create(tmp_path / "阳泉市大数据局.govcat", bureau_info()))
    yield s
    s.close()


def _unit(folder: Path, file: str, name: str, code: str, role: str = "市直部门") -> Path:
    project = civil_affairs()
    project.info.org_name, project.info.org_code, project.info.role = name, code, role
    folder.mkdir(exist_ok=True)
    return F.write_project(folder / file, project, keep_code=True)


def test_merge_undo_redo_of_new_units(session, units) -> None:
    history = UndoStack(session)
    before = dump(session.store)
    step = MergeSubmissions([str(units["minzheng"]), str(units["ziran"]), str(units["chengqu"])])
    history.push(step)
    after = dump(session.store)
    assert len(after["unit"]) == 3 and len(after["unit_item"]) > 0
    assert step.text == "汇总 3 个单位的报送材料" and history.undo_text == step.text
    assert history.last_changes.bureau == {"units"}
    history.undo()
    assert dump(session.store) == before  # the new units are gone, with every row of theirs
    assert history.last_changes.bureau == {"units"}
    history.redo()
    assert dump(session.store) == after  # the same ids, the same received times: what the merge wrote
    history.undo()
    assert dump(session.store) == before


def test_an_undone_merge_left_behind_frees_its_copies(session, units) -> None:
    history = UndoStack(session)
    merge(session.store, [units["minzheng"]])
    step = MergeSubmissions([str(units["minzheng"]), str(units["ziran"])])
    history.push(step)
    history.undo()
    kept = step._snapshots().size()
    assert kept > 0  # its copies: 民政局 before it, and what it wrote (for redo)
    history.push(MergeSubmissions([str(units["chengqu"])]))  # another step: the redo is gone for good
    assert step._snapshots().size() == 0 and not history.can_redo


def test_redo_does_not_read_the_files_again(session, units, tmp_path: Path) -> None:
    moved = tmp_path / "gone.govcat"
    moved.write_bytes(units["minzheng"].read_bytes())
    history = UndoStack(session)
    history.push(MergeSubmissions([str(moved)]))
    after = dump(session.store)
    history.undo()
    moved.unlink()
    history.redo()
    assert dump(session.store) == after


def test_undo_of_a_resubmission_restores_the_first_one_exactly(session, units, tmp_path: Path) -> None:
    merge(session.store, [units["minzheng"], units["ziran"]])
    history = UndoStack(session)
    entry = session.store.conn.execute("SELECT min(id) FROM unit_entry").fetchone()[0]
    history.push(MarkEntry(entry, "退回", "请补充信息项。"))  # a review state and a comment the resubmission meets
    history.push(AddComment(entry, "共享条件写得不清楚", "share_condition"))
    before = dump(session.store)
    again = civil_affairs()
    again.matters[0].entries[0].items.append(InfoItem(name="证件有效期限", data_type="C", length="20"))
    again.matters[1].entries[0].name = "养老机构备案登记信息"
    path = F.write_project(tmp_path / "民政局-重报.govcat", again)
    step = MergeSubmissions([str(path)])
    history.push(step)
    after = dump(session.store)
    assert after != before and len(after["submission"]) > len(before["submission"])
    assert step.text == "汇总 1 个单位的报送材料"
    history.undo()
    assert dump(session.store) == before  # the first submission current again, its marks and comments as they were
    history.redo()
    assert dump(session.store) == after
    history.undo()
    history.undo()  # and the history below it still works: the comment goes
    assert len(dump(session.store)["comment"]) == len(before["comment"]) - 1


def test_a_refused_file_leaves_nothing(session, units, tmp_path: Path) -> None:
    other = _unit(tmp_path / "in", "big.govcat", "晋中市大数据局", F.uscc_for("晋中市大数据局"), role="市大数据局")
    broken = tmp_path / "in" / "broken.govcat"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = dump(session.store)
    alone = MergeSubmissions([str(other), str(broken)])
    alone.run(session)
    assert len(alone.outcome.skipped) == 2 and not alone.changed  # nothing to keep in the history
    assert dump(session.store) == before
    history = UndoStack(session)
    step = MergeSubmissions([str(other), str(units["minzheng"])])
    history.push(step)
    names = [r[2] for r in session.store.conn.execute("SELECT * FROM unit")]
    assert names == ["阳泉市民政局"] and step.text == "汇总 1 个单位的报送材料"
    history.undo()
    assert dump(session.store) == before


class _Failing:
    """A notifier whose progress raises after the first file: a merge interrupted half way."""

    def __init__(self) -> None:
        self.calls = 0

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        pass

    def progress(self, done: int, total: int, label: str = "") -> bool:
        self.calls += 1
        if done >= 1 and total:
            raise RuntimeError("interrupted")
        return True


def test_a_merge_that_fails_half_way_leaves_the_project_as_it_was(session, units) -> None:
    merge(session.store, [units["minzheng"]])
    before = dump(session.store)
    step = MergeSubmissions([str(units["ziran"]), str(units["chengqu"]), str(units["minzheng"])], notifier=_Failing())
    with pytest.raises(RuntimeError):
        UndoStack(session).push(step)
    assert dump(session.store) == before


def test_held_file_taken_and_refused_are_undoable(session, tmp_path: Path) -> None:
    first = _unit(tmp_path / "in", "minzheng.govcat", "阳泉市民政局", F.VALID_USCC)
    renamed = _unit(tmp_path / "in", "renamed.govcat", "阳泉市民政厅", F.VALID_USCC)  # the same code, another name
    history = UndoStack(session)
    history.push(MergeSubmissions([str(first)]))
    empty_held = dump(session.store)
    held = MergeSubmissions([str(renamed)])
    history.push(held)
    assert held.outcome.held and held.text == "汇总报送材料（待定 1 个）"
    with_held = dump(session.store)
    assert [h.org_name for h in HeldStore(session.store).all()] == ["阳泉市民政厅"]
    history.undo()
    assert dump(session.store) == empty_held and not HeldStore(session.store).all()
    history.redo()
    take = DecideHeld([str(renamed)], take=True)
    history.push(take)
    assert take.text == "作为同一单位接收“renamed.govcat”" and not HeldStore(session.store).all()
    assert take.units == [1] and dump(session.store) != with_held  # taken as 阳泉市民政局 (the same content: no copy)
    history.undo()
    assert dump(session.store) == with_held
    refuse = DecideHeld([str(renamed)], take=False)
    history.push(refuse)
    assert refuse.text == "拒收“renamed.govcat”" and not HeldStore(session.store).all()
    history.undo()
    assert dump(session.store) == with_held


def test_ctrl_c_during_govcat_merge_leaves_nothing_of_it(units, tmp_path: Path, monkeypatch, capsys) -> None:
    """`govcat merge` pushes the same step: interrupted after its first file (Ctrl+C, SIGTERM), the whole merge is
    taken back and the exit code 2 (nothing merged) is true — before, the files done so far stayed in the project."""
    from govcat_desktop.cli import main as cli_main
    from govcat_desktop.services.notify import TerminalNotifier

    path = tmp_path / "阳泉市大数据局.govcat"
    ProjectFile.create(path, bureau_info()).close()

    def progress(self, done: int, total: int, label: str = "") -> bool:
        if done >= 1 and total:
            raise KeyboardInterrupt
        return True

    monkeypatch.setattr(TerminalNotifier, "progress", progress)
    assert cli_main(["merge", str(path), str(units["minzheng"]), str(units["ziran"])]) == 2
    assert "已取消" in capsys.readouterr().err
    with ProjectFile.open(path, readonly=True) as store:
        assert not any(dump(store)[t] for t in TABLES)
