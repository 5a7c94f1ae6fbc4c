"""The bureau page with hostile files mixed in: every good file taken; held and refused ones listed with the reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.held_store import HeldStore
from tests import factories as F
from tests.bureau.conftest import UNITS, bureau_info, civil_affairs


def _odd(folder: Path, file: str, name: str, code: str, role: str = "市直部门") -> Path:
    project = civil_affairs()
    project.info.org_name, project.info.org_code, project.info.role = name, code, role
    return F.write_project(folder / file, project, keep_code=True)


def test_a_city_with_hostile_files_mixed_in(win, tmp_path: Path, monkeypatch) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for key, make in UNITS.items():
        F.write_project(inbox / f"{key}.govcat", make())
    _odd(inbox, "zz1-renamed.govcat", "阳泉市民政局（更名）", F.VALID_USCC)  # 民政局's code under another name
    _odd(inbox, "zz2-twin.govcat", "阳泉市规划和自然资源局", F.uscc_for("阳泉市财政局"))  # a name under another code
    _odd(inbox, "zz3-bureau.govcat", "晋中市大数据局", F.uscc_for("晋中市大数据局"), role="市大数据局")
    _odd(inbox, "zz4-escape.govcat", "阳泉市\x1b[2J公安局", F.uscc_for("阳泉市公安局"))
    _odd(inbox, "zz5-own.govcat", "阳泉市某某局", bureau_info().org_code)
    city = tmp_path / "阳泉市大数据局.govcat"
    ProjectFile.create(city, bureau_info()).close()
    win.interaction.answers["选择存放各单位报送文件的文件夹"] = str(inbox)
    win.open_project(city)
    page = win.show_page("bureau")
    page.merge_folder()
    assert page.board.rowCount() == 4  # every good file taken, no second 民政局 or 自然资源局 row
    summary = win.interaction.told[-1][1]
    assert "已汇总 4 个文件" in summary and "待定 2 个" in summary and "跳过 3 个" in summary
    assert "\x1b" not in summary and "[U+001B]" in summary
    held = page.held.table
    rows = [[held.item(r, c).text() for c in range(3)] for r in range(held.rowCount())]
    states = sorted(r[0] for r in rows)
    assert states == ["待定", "待定", "跳过", "跳过", "跳过"]
    by_file = {r[1]: r for r in rows}
    assert "已由“阳泉市民政局”报送过" in by_file["zz1-renamed.govcat"][2]
    assert "此前报送时的统一社会信用代码" in by_file["zz2-twin.govcat"][2]
    assert "不是市大数据局汇总的单位类型" in by_file["zz3-bureau.govcat"][2]
    assert "看不见的控制字符" in by_file["zz4-escape.govcat"][2] and "\x1b" not in by_file["zz4-escape.govcat"][2]
    assert "自己的代码" in by_file["zz5-own.govcat"][2]
    assert page.tabs.tabText(page.tabs.indexOf(page.held)) == "待定和拒收（5）"
    if os.environ.get("GOVCAT_SCREENSHOT_DIR"):  # a look at the page (README's screenshot)
        page.tabs.setCurrentWidget(page.held)
        win.grab().save(str(Path(os.environ["GOVCAT_SCREENSHOT_DIR"]) / "bureau-held.png"))
    # The bureau decides: the renamed 民政局 is the same unit; the twin is refused.
    held.selectRow([r[1] for r in rows].index("zz1-renamed.govcat"))
    page.held.decide(True)
    names = [page.board.item(r, 0).text() for r in range(page.board.rowCount())]
    assert names.count("阳泉市民政局") == 1 and len(names) == 4
    rows = [[held.item(r, c).text() for c in range(3)] for r in range(held.rowCount())]
    held.selectRow([r[1] for r in rows].index("zz2-twin.govcat"))
    page.held.decide(False)
    assert HeldStore(win.session.store).all() == []
    assert [held.item(r, 0).text() for r in range(held.rowCount())] == ["拒收"]
    # Ctrl+Z takes the 拒收 back: the file is 待定 again, and only that (not also 拒收); Ctrl+Shift+Z refuses it again
    win.undo()
    assert [(held.item(r, 0).text(), held.item(r, 1).text()) for r in range(held.rowCount())] == [
        ("待定", "zz2-twin.govcat")]
    assert page.tabs.tabText(page.tabs.indexOf(page.held)) == "待定和拒收（1）"
    win.redo()
    assert [held.item(r, 0).text() for r in range(held.rowCount())] == ["拒收"]
    # the merge itself undone (after the two decisions): its 跳过 files are not listed as if it had run
    win.undo()
    win.undo()
    win.undo()
    assert page.board.rowCount() == 0
    assert held.rowCount() == 0 and page.tabs.tabText(page.tabs.indexOf(page.held)) == "待定和拒收"


@pytest.mark.parametrize("how", ["readonly", "full"])
def test_the_bureau_page_says_in_chinese_why_it_cannot_write(win, tmp_path: Path, monkeypatch, how: str) -> None:
    """The page's writing actions against a read-only folder and a full disk: a Chinese message, nothing written,
    no exception (old code: export_feedback let the OSError through to the window's 意外问题)."""
    from govcat_desktop.services.bureau import review
    from tests.badinput.test_every_open import _folder

    city = tmp_path / "阳泉市大数据局.govcat"
    store = ProjectFile.create(city, bureau_info())
    try:
        from govcat_desktop.services.bureau.intake import merge

        merge(store, [F.write_project(tmp_path / "minzheng.govcat", civil_affairs())])
        entry = store.conn.execute("SELECT id FROM unit_entry LIMIT 1").fetchone()[0]
        review.comment(store, entry, "请补充共享条件。")
    finally:
        store.close()
    shown = win.interaction.told  # (title, text) of each message
    win.open_project(city)
    page = win.show_page("bureau")
    with _folder(tmp_path, how) as out:
        if out is None:
            pytest.skip("this machine cannot mount a tmpfs (the CI container can)")
        before = sorted(p.name for p in out.rglob("*") if p.is_file())
        for title in ("选择保存审核意见文件的文件夹", "选择保存督办表、清单和报告的文件夹"):
            win.interaction.answers[title] = str(out / "x")
        for action in (page.export_feedback, page.write_outputs):
            shown.clear()
            action()
            [(title, text)] = shown
            assert title.startswith("无法") and ("只读" in text or "磁盘空间已满" in text or "无法写入" in text), text
            assert "Errno" not in text and "意外问题" not in text
            assert sorted(p.name for p in out.rglob("*") if p.is_file()) == before
