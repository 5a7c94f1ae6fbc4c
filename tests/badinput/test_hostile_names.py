"""Unit names that become file names (issue #12): nothing escapes --out, nothing unwritable, nothing silently skipped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcat_desktop.domain.filenames import MAX_NAME_BYTES, FileNameError, safe_filename
from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.services.bureau import review
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import export_task
from govcat_desktop.storage import ProjectFile
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
RESERVED = re.compile(r'[\\/:*?"<>|]')
DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\.|$)", re.IGNORECASE)


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "govcat_desktop.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)


@pytest.mark.parametrize(("user", "rest", "suffix", "expected"), [
    ("../../esc/阳泉市民政局", "-审核意见", ".xlsx", "_.._esc_阳泉市民政局-审核意见.xlsx"),
    ("阳泉市/民政局", "", ".xlsx", "阳泉市_民政局.xlsx"),
    ("阳泉\\市:民*政?局\"<>|", "", ".xlsx", "阳泉_市_民_政_局____.xlsx"),
    ("阳泉\x01市\x1b民政局", "", ".xlsx", "阳泉_市_民政局.xlsx"),
    ("阳泉市\u202excod.exe", "", ".xlsx", "阳泉市_xcod.exe.xlsx"),
    ("NUL", "", ".xlsx", "_NUL.xlsx"),
    ("nul.阳泉市民政局", "", ".xlsx", "_nul.阳泉市民政局.xlsx"),
    ("COM1", "-审核意见", ".xlsx", "_COM1-审核意见.xlsx"),
    ("lpt9 .x", "", "", "_lpt9 .x"),
    ("阳泉市民政局. . ", "", "", "阳泉市民政局"),
    (".阳泉市民政局", "", ".xlsx", "阳泉市民政局.xlsx"),
    ("~$阳泉市民政局", "", ".xlsx", "~_阳泉市民政局.xlsx"),
    ("..", "", ".xlsx", "__.xlsx"),
    ("   ", "", ".xlsx", "未命名.xlsx"),
    ("阳泉市民政局", "_政务数据资源目录_盖章版_20260920", ".xlsx", "阳泉市民政局_政务数据资源目录_盖章版_20260920.xlsx"),
])
def test_safe_filename(user: str, rest: str, suffix: str, expected: str) -> None:
    assert safe_filename(user, rest, suffix) == expected


def test_long_names_fit_in_bytes_and_stay_apart() -> None:
    a = safe_filename("阳" * 300 + "甲", "_政务数据资源目录_盖章版_20260920", ".xlsx")
    b = safe_filename("阳" * 300 + "乙", "_政务数据资源目录_盖章版_20260920", ".xlsx")
    assert len(a.encode("utf-8")) <= MAX_NAME_BYTES and len(b.encode("utf-8")) <= MAX_NAME_BYTES
    assert a.endswith("_政务数据资源目录_盖章版_20260920.xlsx") and a != b


def test_windows_path_stays_within_260_characters(tmp_path: Path) -> None:
    folder = tmp_path / ("深" * 100)
    name = safe_filename("阳" * 200, "_政务数据资源目录_可编辑版_20260920", ".xlsx", folder=folder, windows=True)
    assert len(str(folder.resolve() / name)) <= 259 and name.endswith("_可编辑版_20260920.xlsx")
    with pytest.raises(FileNameError, match="路径太长"):
        safe_filename("阳泉市民政局", "_政务数据资源目录_可编辑版_20260920", ".xlsx", folder=tmp_path / ("深" * 230),
                      windows=True)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_any_text_becomes_a_file_name_inside_the_folder(text: str) -> None:
    name = safe_filename(text, "-审核意见", ".xlsx")
    assert not RESERVED.search(name) and not DEVICES.match(name)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name)
    assert not name.startswith((".", "~$", " ")) and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert Path(name).name == name and name.endswith("-审核意见.xlsx")


def _bureau_with_comment(tmp_path: Path, units: list[Path]) -> Path:
    bureau = tmp_path / "大数据局.govcat"
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(bureau, info).close()
    store = ProjectFile.open(bureau)
    try:
        assert len(merge(store, units).taken) == len(units)
        for (entry_id,) in store.conn.execute("SELECT id FROM unit_entry").fetchall():
            review.mark_entry(store, entry_id, "退回", "请补充信息项。")
    finally:
        store.close()
    return bureau


def _unit(folder: Path, name: str) -> Path:
    project = f.valid_project()
    project.info.org_name = name
    return f.write_project(folder / f"unit{abs(hash(name)) % 10**8}.govcat", project)


def test_path_traversal_from_a_unit_name_stays_inside_out(tmp_path: Path) -> None:
    """new → export → merge → feedback → accept-feedback → reply: every file inside its --out, nothing elsewhere."""
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    esc = tmp_path / "a" / "esc"
    esc.mkdir()
    victim = esc / "阳泉市民政局-审核意见.xlsx"
    victim.write_bytes(b"not to be overwritten")
    unit = work / "unit.govcat"
    proc = _cli("new", str(unit), "--role", "市直部门", "--org-name", "../../esc/阳泉市民政局",
                "--org-code", f.VALID_USCC, "--region", "阳泉市")
    assert proc.returncode == 0, proc.stderr
    assert "提醒：单位名称含有不能直接用作文件名的字符或过长，导出文件的文件名中将写作“_.._esc_阳泉市民政局”" in proc.stderr
    with ProjectFile.open(unit, readonly=True) as store:
        assert store.get_info().org_name == "../../esc/阳泉市民政局"  # kept as typed
    project = f.valid_project()
    session = Session.open(unit)
    try:
        for m in project.matters:
            session.store.insert_matter(m)
        session.reload()
        written = export_task(session, "catalog", work / "export")
    finally:
        session.close()
    assert all(p.parent == work / "export" for p in written)
    bureau = _bureau_with_comment(work, [unit])
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    proc = _cli("feedback", str(bureau), "--out", str(work / "fb"))
    assert proc.returncode == 0, proc.stderr
    feedback = sorted((work / "fb").iterdir())
    assert [p.name for p in feedback] == ["_.._esc_阳泉市民政局-审核意见.xlsx"]
    proc = _cli("accept-feedback", str(unit), str(feedback[0]))
    assert proc.returncode == 0, proc.stderr
    proc = _cli("reply", str(unit), "--out", str(work / "reply"))
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in (work / "reply").iterdir()] == ["_.._esc_阳泉市民政局-审核意见答复.xlsx"]
    assert victim.read_bytes() == b"not to be overwritten" and sorted(esc.iterdir()) == [victim]
    new = {p for p in tmp_path.rglob("*") if p.is_file()} - set(before)
    assert all(p.is_relative_to(work / "fb") or p.is_relative_to(work / "reply") or p.parent == work for p in new), new


def test_feedback_for_units_with_slashes_and_look_alikes(tmp_path: Path) -> None:
    units = [_unit(tmp_path, name) for name in ("阳泉市/民政局", "阳泉市_民政局", "NUL", "-阳泉市教育局")]
    bureau = _bureau_with_comment(tmp_path, units)
    proc = _cli("feedback", str(bureau), "--out", str(tmp_path / "fb"))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "fb").iterdir())
    assert names == sorted(["阳泉市_民政局-审核意见.xlsx", "阳泉市_民政局-审核意见（2）.xlsx", "_NUL-审核意见.xlsx",
                            "_阳泉市教育局-审核意见.xlsx"])  # never “-…”: a later `govcat merge CITY *` reads it as an option
    # A name with a control character (ESC) no longer gets this far: the merge refuses it (issue 20).
    with ProjectFile.open(bureau) as store:
        outcome = merge(store, [_unit(tmp_path, "阳泉\x1b市教育局")])
    assert not outcome.taken and "看不见的控制字符" in outcome.skipped[0][1]


def test_new_refuses_control_characters(tmp_path: Path) -> None:
    proc = _cli("new", str(tmp_path / "p.govcat"), "--role", "市直部门", "--org-name", "阳泉\x01市民政局",
                "--org-code", f.VALID_USCC, "--region", "阳泉市")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "错误：单位名称中含有控制字符（不可见的特殊字符），请重新输入单位名称。"
    assert not (tmp_path / "p.govcat").exists()


def test_a_very_long_unit_name_can_be_exported(tmp_path: Path) -> None:
    project = f.valid_project()
    project.info.org_name = "阳泉市" + "某" * 300 + "局"
    session = Session.open(f.write_project(tmp_path / "p.govcat", project))
    try:
        written = export_task(session, "all", tmp_path / "out")
    finally:
        session.close()
    assert written and all(len(p.name.encode("utf-8")) <= MAX_NAME_BYTES and p.exists() for p in written)
    assert len({p.name for p in written}) == len(written)


def test_folder_merge_reads_units_whatever_their_names(tmp_path: Path) -> None:
    """Units called .阳泉…, ~$… or …盖章版… are merged; only workbooks without _govcat are left aside, and listed."""
    folder = tmp_path / "收件"
    names = [".阳泉市教育局", "~$阳泉市卫生健康委员会", "阳泉市盖章版档案馆"]
    for name in names:
        session = Session.open(_unit(tmp_path, name))
        try:
            export_task(session, "catalog", folder)
        finally:
            session.close()
    lock = folder / "~$阳泉市教育局_政务数据资源目录_可编辑版.xlsx"
    lock.write_bytes(b"\x0bAdministrator" + b"\x00" * 150)
    stamped = sorted(p for p in folder.iterdir() if "_盖章版_" in p.name and p.suffix == ".xlsx")
    printed = sorted(p for p in folder.iterdir() if "_盖章版_" in p.name and p.suffix == ".pdf")
    assert len(stamped) == 3 and len(printed) == 3
    bureau = tmp_path / "大数据局.govcat"
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(bureau, info).close()
    proc = _cli("merge", str(bureau), str(folder))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in names:
        assert f"已汇总：{name} " in proc.stderr, proc.stderr
    for path in stamped:
        assert f"略过  {path}：没有隐藏的 _govcat 信息表，不是可编辑电子版" in proc.stdout
    assert f"略过  {lock}：Excel 或 WPS 打开文件时生成的临时锁文件（不是工作簿）。" in proc.stdout
    for path in printed:
        assert f"略过  {path}：govcat 导出的打印文件（未盖章，不是扫描件）" in proc.stdout
    assert "共汇总 3 个文件，跳过 0 个，略过 7 个不需汇总的文件。" in proc.stdout
