"""No unit file is trusted: who sent it, which answers it may give, whether it is newer (issue 20, items 1–3).

Each test builds its own hostile file, merges it through the CLI (exit code, Chinese lines) and checks the bureau's
project afterwards. On the code before issue 20 every one of these merged with exit 0 and no word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.cli import main as cli_main
from govcat_desktop.formspec import default_forms
from govcat_desktop.services.bureau import review
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.storage.held_store import HeldStore
from tests import factories as F
from tests.bureau.conftest import bureau_info, civil_affairs, natural_resources

OTHER_CODE = F.uscc_for("阳泉市财政局")


def _unit(folder: Path, file: str, name: str, code: str, role: str = "市直部门") -> Path:
    project = civil_affairs()
    project.info.org_name, project.info.org_code, project.info.role = name, code, role
    folder.mkdir(exist_ok=True)
    return F.write_project(folder / file, project, keep_code=True)


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """The bureau's project, closed (the CLI opens it), with 阳泉市民政局 already received."""
    path = tmp_path / "阳泉市大数据局.govcat"
    ProjectFile.create(path, bureau_info()).close()
    first = _unit(tmp_path / "in", "minzheng.govcat", "阳泉市民政局", F.VALID_USCC)
    assert cli_main(["merge", str(path), str(first)]) == 0
    return path


def _units(path: Path) -> list[tuple[str, str]]:
    with ProjectFile.open(path, readonly=True) as store:
        return [(u.org_code, u.org_name) for u in BureauStore(store).units()]


def _submissions(path: Path) -> int:
    with ProjectFile.open(path, readonly=True) as store:
        return len(BureauStore(store).submissions())


# ----- 1. identity ------------------------------------------------------------------------------------------------
def test_another_bureaus_project_is_refused(city: Path, tmp_path: Path, capsys) -> None:
    other = _unit(tmp_path / "in", "big.govcat", "晋中市大数据局", OTHER_CODE, role="市大数据局")
    capsys.readouterr()
    assert cli_main(["merge", str(city), str(other)]) == 1
    out = capsys.readouterr().out
    assert "跳过" in out and "填报单位类型是“市大数据局”" in out and "不是市大数据局汇总的单位类型" in out
    assert _units(city) == [(F.VALID_USCC, "阳泉市民政局")]


def test_the_bureaus_own_code_under_another_name_is_refused(city: Path, tmp_path: Path, capsys) -> None:
    own_code = bureau_info().org_code
    fake = _unit(tmp_path / "in", "fake.govcat", "阳泉市某某局", own_code)
    capsys.readouterr()
    assert cli_main(["merge", str(city), str(fake)]) == 1
    assert "是本汇总项目（阳泉市大数据局）自己的代码" in capsys.readouterr().out
    assert len(_units(city)) == 1


def test_one_code_two_names_is_held_then_taken_as_the_same_unit(city: Path, tmp_path: Path, capsys) -> None:
    renamed = _unit(tmp_path / "in", "renamed.govcat", "阳泉市民政局（更名）", F.VALID_USCC)
    capsys.readouterr()
    assert cli_main(["merge", str(city), str(renamed)]) == 1  # nothing taken: the one file waits
    out = capsys.readouterr().out
    assert "待定" in out and f"统一社会信用代码 {F.VALID_USCC} 已由“阳泉市民政局”报送过" in out
    assert "govcat held" in out
    assert len(_units(city)) == 1 and _submissions(city) == 4  # the first file's four kinds, nothing more
    assert cli_main(["held", str(city)]) == 1
    listed = capsys.readouterr().out
    assert str(renamed.resolve()) in listed and "作为同一单位接收" in listed
    assert cli_main(["held", str(city), "--accept", str(renamed)]) == 0
    assert _units(city) == [(F.VALID_USCC, "阳泉市民政局")]  # the same unit: no second row on the board
    assert cli_main(["held", str(city)]) == 0
    assert "没有待定的文件" in capsys.readouterr().out


def test_one_name_two_codes_is_held_and_can_be_refused(city: Path, tmp_path: Path, capsys) -> None:
    twin = _unit(tmp_path / "in", "twin.govcat", "阳泉市民政局", OTHER_CODE)
    good = F.write_project(tmp_path / "in" / "ziran.govcat", natural_resources())
    capsys.readouterr()
    assert cli_main(["merge", str(city), str(twin), str(good)]) == 1  # the good file is taken, the twin waits
    out = capsys.readouterr().out
    assert f"“阳泉市民政局”此前报送时的统一社会信用代码是 {F.VALID_USCC}，这个文件中却是 {OTHER_CODE}" in out
    assert [n for _, n in _units(city)] == ["阳泉市民政局", "阳泉市规划和自然资源局"]
    assert cli_main(["held", str(city), "--refuse", str(twin)]) == 0
    with ProjectFile.open(city, readonly=True) as store:
        assert HeldStore(store).all() == []
    assert [n for _, n in _units(city)] == ["阳泉市民政局", "阳泉市规划和自然资源局"]


def test_merge_same_unit_takes_a_held_file_at_once(city: Path, tmp_path: Path) -> None:
    twin = _unit(tmp_path / "in", "twin.govcat", "阳泉市民政局", OTHER_CODE)
    assert cli_main(["merge", str(city), str(twin), "--same-unit"]) == 0
    assert _units(city) == [(F.VALID_USCC, "阳泉市民政局")]


@pytest.mark.parametrize("name", ["阳泉市公安局\n已汇总：阳泉市公安局 数据资源目录", "阳泉\x1b[2J市公安局",
                                  "阳泉市\u202e局安公", "阳泉市公安局\r"])
def test_control_characters_in_a_name_are_refused_and_never_printed(city: Path, tmp_path: Path, capsys,
                                                                      name: str) -> None:
    hostile = _unit(tmp_path / "in", "hostile.govcat", name, OTHER_CODE)
    capsys.readouterr()
    assert cli_main(["merge", str(city), str(hostile)]) == 1
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "看不见的控制字符" in text
    assert not any(ch in text for ch in "\x1b\r\u202e")
    assert "\n已汇总" not in text  # no fake line in the terminal
    assert len(_units(city)) == 1


# ----- 2. answers ------------------------------------------------------------------------------------------------
@pytest.fixture
def commented(tmp_path: Path):
    """A bureau holding 民政局 and 自然资源局, with one open comment for each; their project files."""
    store = ProjectFile.create(tmp_path / "city.govcat", bureau_info())
    folder = tmp_path / "units"
    folder.mkdir()
    a = F.write_project(folder / "minzheng.govcat", civil_affairs())
    b = F.write_project(folder / "ziran.govcat", natural_resources())
    merge(store, [a, b])
    bureau = BureauStore(store)
    ids = {u.org_name: u.id for u in bureau.units()}
    entry = store.conn.execute("SELECT e.id FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
                               " WHERE s.unit_id = ? LIMIT 1", (ids["阳泉市规划和自然资源局"],)).fetchone()[0]
    review.comment(store, entry, "请补充共享条件。")
    [for_b] = bureau.comments(origin="bureau")
    yield store, a, b, for_b
    store.close()


def _reply(unit_file: Path, token: str, out: Path) -> Path:
    """The unit of `unit_file` answers the comment `token` (whoever it was addressed to) and exports its reply."""
    session = Session.open(unit_file)
    try:
        bureau = BureauStore(session.store)
        cid = bureau.add_comment(origin="received", unit_id=None, kind="catalog", message="请补充共享条件。", token=token)
        bureau.resolve_comment(cid, "已补充")
        return review.export_reply(session, out)
    finally:
        session.close()


def test_a_reply_from_another_unit_does_not_close_the_comment(commented, tmp_path: Path) -> None:
    store, a, _b, for_b = commented
    reply = _reply(a, for_b.token, tmp_path / "reply")
    outcome = merge(store, [reply])
    assert outcome.exit_code == 1
    [(path, reason)] = outcome.passed
    assert path == reply and "是发给“阳泉市规划和自然资源局”的，不是发给“阳泉市民政局”的" in reason
    assert BureauStore(store).comments(origin="bureau")[0].status == "open"


def test_a_reply_from_a_unit_that_never_submitted_adds_no_ghost(commented, tmp_path: Path) -> None:
    store, _a, _b, for_b = commented
    stranger = tmp_path / "units" / "caizheng.govcat"
    project = civil_affairs()
    project.info.org_name, project.info.org_code = "阳泉市财政局", OTHER_CODE
    F.write_project(stranger, project)
    reply = _reply(stranger, for_b.token, tmp_path / "reply")
    before = BureauStore(store).units()
    outcome = merge(store, [reply])
    assert outcome.exit_code == 1 and not outcome.taken
    assert "还没有报送过材料" in outcome.skipped[0][1]
    assert BureauStore(store).units() == before
    assert BureauStore(store).comments(origin="bureau")[0].status == "open"


def test_the_addressee_s_own_reply_still_closes_it(commented, tmp_path: Path) -> None:
    store, _a, b, for_b = commented
    outcome = merge(store, [_reply(b, for_b.token, tmp_path / "reply")])
    assert outcome.exit_code == 0 and outcome.taken[0].resolutions == 1
    assert BureauStore(store).comments(origin="bureau")[0].status == "resolved"


# ----- 3. versions -----------------------------------------------------------------------------------------------
def _copy(project, out: Path, exported_at: str) -> Path:
    from govcat_desktop.exchange.editable import write_editable

    out.mkdir(parents=True, exist_ok=True)
    path = out / "阳泉市民政局_数据资源目录_可编辑版.xlsx"
    write_editable(path, "catalog", project, default_forms(), exported_at=exported_at)
    return path


def test_an_older_export_merged_after_the_newer_never_replaces_it(bureau, tmp_path: Path) -> None:
    from govcat_desktop.services.notify import SilentNotifier

    v1 = civil_affairs()
    v2 = civil_affairs()
    v2.matters[1].entries[0].summary = "第二版的摘要"
    new = _copy(v2, tmp_path / "v2", "2026-09-20T10:00:00")
    old = _copy(v1, tmp_path / "v1", "2026-09-18T09:00:00")
    assert merge(bureau, [new]).exit_code == 0
    notifier = SilentNotifier()
    outcome = merge(bureau, [old], notifier)
    assert outcome.taken[0].older == [("catalog", "2026-09-18T09:00:00", "2026-09-20T10:00:00")]
    assert any("较旧的版本" in m and "未替换当前版本" in m for _, m in notifier.messages)
    summaries = [e.summary for *_, e in BureauStore(bureau).current_entries(with_items=False)]
    assert "第二版的摘要" in summaries
    history = [s for s in BureauStore(bureau).submissions() if s.kind == "catalog"]
    assert [(s.source, s.superseded) for s in history] == [(new.name, False), (old.name, True)]


# ----- 6. leftovers ----------------------------------------------------------------------------------------------
def test_any_merge_sweeps_what_a_killed_merge_left(bureau, units, tmp_path: Path, monkeypatch) -> None:
    import os
    import subprocess
    import sys
    import tempfile
    import time

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = temp / f".govcat-{gone.stdout.strip()}-0a0b0c0d.d"  # a killed merge's worker scratch folder
    stale = temp / ".govcat-1-0e0f1011.d"  # pid 1 is alive, but nothing of ours runs for two days
    for folder in (dead, stale):
        folder.mkdir()
        (folder / "x.pickle").write_bytes(b"rows")
    two_days = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days, two_days))
    merge(bureau, [units["minzheng"]], workers=0)  # a merge of one file, no workers (old code swept only with them)
    assert not dead.exists() and not stale.exists()
