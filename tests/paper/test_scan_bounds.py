"""Hostile scans (issue #19): each ends within 60 s under a 2 GB address-space limit with one Chinese line for that
file, nothing stored, no process left; beside good scans, the good ones are taken; Ctrl+C and 取消 stop at once."""

from __future__ import annotations

import datetime as _dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from PIL import Image

from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.scan import ScanFile, ScanRefused, read_scans
from govcat_desktop.storage import ProjectFile
from tests.bureau.conftest import bureau_info
from tests.factories import VALID_USCC
from tests.paper import hostile as H

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 2 << 30
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, sets RLIMIT_AS")

HOSTILE = {
    "自绘表单.pdf": H.recursive_form,
    "压缩炸弹.pdf": H.flate_bomb,
    "一页列一千次.pdf": H.one_page_many_times,
    "巨幅页面.pdf": lambda p: H.one_page_many_times(p, times=1, size=14400, unit=10),
    "一千页空白.pdf": H.blank_pages,
    "一千帧.tif": H.tiff_frames,
}


def good_scan(path: Path, page: int = 1, pages: int = 1) -> Path:
    """A page image carrying a valid code of a unit not merged yet (kept as 待电子版)."""
    text = pdf_qr.encode("contacts", VALID_USCC, "ABCD-1234", page, pages, _dt.date(2026, 9, 20))
    sheet = Image.new("L", (1240, 1754), 255)
    for r, row in enumerate(pdf_qr.matrix(text)):
        for c, dark in enumerate(row):
            if dark:
                sheet.paste(0, (900 + c * 6, 80 + r * 6, 906 + c * 6, 86 + r * 6))
    for y in range(400, 1600, 40):  # lines of "text": ink enough not to be blank
        sheet.paste(0, (100, y, 1100, y + 6))
    sheet.save(path)
    return path


def _marked(mark: str) -> set[int]:
    """Processes carrying `mark` in their environment (the merge and every child it started)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":
                        out.add(int(entry.name))
            except OSError:
                continue
    return out


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _merge(bureau: Path, sources: list[Path], tmp: Path, mark: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "xdg"),
               GOVCAT_TEST_MARK=mark)
    return subprocess.Popen([sys.executable, "-m", "govcat_desktop.cli", "merge", str(bureau), *map(str, sources)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", preexec_fn=_limit)


def _rows(bureau: Path) -> int:
    conn = sqlite3.connect(f"{bureau.as_uri()}?mode=ro", uri=True)
    try:
        sql = "SELECT (SELECT count(*) FROM paper_page) + (SELECT count(*) FROM submission)"
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _bureau(tmp: Path) -> Path:
    path = tmp / "局.govcat"
    ProjectFile.create(path, bureau_info()).close()
    return path


def _chinese_only(text: str) -> bool:
    rest = re.sub(r"“[^”]*”|PDF|JPEG|PNG|TIFF|govcat|dpi", "", text)
    return not re.search(r"[A-Za-z]", rest)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_scan_ends_in_one_chinese_line(name: str, tmp_path: Path) -> None:
    path = HOSTILE[name](tmp_path / name)
    bureau = _bureau(tmp_path)
    mark = uuid.uuid4().hex
    start = time.monotonic()
    proc = _merge(bureau, [path], tmp_path, mark)
    out, err = proc.communicate(timeout=60)
    elapsed = time.monotonic() - start
    assert elapsed < 60
    assert "Traceback" not in err and "Error" not in err, err
    [line] = [x for x in out.splitlines() if x.startswith("跳过")]
    assert line.startswith(f"跳过  {path}：") and _chinese_only(line.split("：", 1)[1]), line
    assert proc.returncode == 2, (proc.returncode, out, err)  # nothing taken (README)
    assert _rows(bureau) == 0
    deadline = time.monotonic() + 5
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _marked(mark), "a process was left running"


def test_a_folder_of_hostile_scans_and_good_ones_takes_the_good_ones(tmp_path: Path) -> None:
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for name, make in HOSTILE.items():
        if name != "一千帧.tif":  # the slowest to build; the others cover every kind of bound
            make(inbox / name)
    good = [good_scan(inbox / "联系表第1页.png", 1, 2), good_scan(inbox / "联系表第2页.png", 2, 2)]
    bureau = _bureau(tmp_path)
    mark = uuid.uuid4().hex
    proc = _merge(bureau, [inbox], tmp_path, mark)
    out, err = proc.communicate(timeout=150)
    assert "Traceback" not in err, err
    skipped = [x for x in out.splitlines() if x.startswith("跳过")]
    assert len(skipped) == len(HOSTILE) - 1 and all(_chinese_only(x.split("：", 1)[1]) for x in skipped), out
    assert not any(g.name in x for g in good for x in skipped)
    assert "扫描件 2 个" in out and proc.returncode == 1
    conn = sqlite3.connect(f"{bureau.as_uri()}?mode=ro", uri=True)
    try:
        assert sorted(conn.execute("SELECT source, page FROM paper_page")) == [(good[0].name, 1), (good[1].name, 2)]
    finally:
        conn.close()
    assert not _marked(mark)


def test_cancel_kills_the_reader_at_once(tmp_path: Path) -> None:
    """The GUI's 取消: progress returns False; the stuck child is killed within a poll, not after its time."""
    slow = H.recursive_form(tmp_path / "自绘表单.pdf")
    asked = []

    def tick(path: Path, done: int, total: int) -> bool:
        asked.append(time.monotonic())
        return len(asked) < 5  # the fifth call (half a second in) is the clerk's 取消

    start = time.monotonic()
    with pytest.raises(ScanRefused, match="已取消"):
        list(read_scans([slow], tick))
    assert time.monotonic() - start < 3
    assert not [p for p in _children(os.getpid()) if b"spawn_main" in _cmdline(p)]


def test_ctrl_c_stops_the_merge_at_once(tmp_path: Path) -> None:
    path = H.recursive_form(tmp_path / "自绘表单.pdf")
    bureau = _bureau(tmp_path)
    mark = uuid.uuid4().hex
    proc = _merge(bureau, [path], tmp_path, mark)
    time.sleep(3)  # the child is inside PDFium by now
    assert len(_marked(mark)) >= 2, "no scan child was started"
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert time.monotonic() - start < 3
    assert proc.returncode == 2 and err.strip().splitlines()[-1] == "已取消。", err
    time.sleep(0.5)
    assert not _marked(mark)


def test_good_files_after_a_killed_reader_are_read(tmp_path: Path) -> None:
    """One child reads the files in turn; after one is killed, a new child reads the next."""
    files = [H.flate_bomb(tmp_path / "炸弹.pdf"), good_scan(tmp_path / "好.png")]
    results = dict(read_scans(files))
    assert isinstance(results[files[0]], ScanRefused)
    scan = results[files[1]]
    assert isinstance(scan, ScanFile) and [p.state for p in scan.pages] == ["code"]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
