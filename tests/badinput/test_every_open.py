"""Bounds, journals, names and OS errors on every path, not only the merge's (issue 20, items 4–6).

Each test builds its own hostile input; each failed on the code before issue 20 (exit code, message, a file left
beside the target, a rolled-back foreign journal).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
import time
import warnings
from pathlib import Path

import pytest

from govcat_desktop.cli import main as cli_main
from govcat_desktop.domain import limits
from govcat_desktop.domain.filenames import MAX_NAME_BYTES, safe_filename
from govcat_desktop.storage import ProjectFile, ProjectFileError
from tests import factories as F
from tests.badinput.hostile_govcat import foreign_hot_journal
from tests.fault import fs

CJK = re.compile(r"[\u4e00-\u9fff]")


def _many_items(path: Path, n: int = limits.MAX_ITEMS + 1) -> Path:
    """A unit's file with `n` info items under one entry, written in SQL (what a hostile tool would do)."""
    F.write_project(path, F.valid_project())
    conn = sqlite3.connect(path)
    with conn:
        entry = conn.execute("SELECT id FROM entry LIMIT 1").fetchone()[0]
        conn.executemany(
            "INSERT INTO item (entry_id, pos, name, data_type, length, note) VALUES (?, ?, ?, 'C', '', '')",
            ((entry, 100 + i, f"项{i}") for i in range(n)))
    conn.close()
    return path


def _beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


# ----- 5. bounds on every open -------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["info"], ["validate"], ["dump", "--json"], ["export", "--out", "OUT"],
                                     ["settings"]])
def test_every_command_counts_before_it_loads(command: list[str], tmp_path: Path, capsys) -> None:
    path = _many_items(tmp_path / "大.govcat")
    before = path.read_bytes()
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    t0 = time.perf_counter()
    assert cli_main([args[0], str(path), *args[1:]]) == 2
    elapsed = time.perf_counter() - t0
    err = capsys.readouterr().err
    with contextlib.closing(sqlite3.connect(path)) as conn:
        items = conn.execute("SELECT count(*) FROM item").fetchone()[0]
    sentence = limits.over_limit(path.name, {"items": items})
    assert sentence in err  # the merge's own sentence
    assert elapsed < 10  # counted in SQL (old code: loaded 600,001 items first, then the merge alone refused)
    assert path.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_the_desktop_session_refuses_it_too(tmp_path: Path) -> None:
    from govcat_desktop.services.session import Session

    path = _many_items(tmp_path / "大.govcat")
    for readonly in (True, False):
        with pytest.raises(ProjectFileError) as caught:
            Session.open(path, readonly=readonly).close()
        assert caught.value.code == "toolarge" and "超过每个单位 600000 条的上限" in caught.value.message


def test_edit_open_refuses_a_journal_of_another_database(tmp_path: Path) -> None:
    good = F.write_project(tmp_path / "good.govcat", F.valid_project())
    target = foreign_hot_journal(tmp_path, good)
    journal = target.with_name(target.name + "-journal")
    before = (target.read_bytes(), journal.read_bytes())
    with pytest.raises(ProjectFileError) as caught:
        ProjectFile.open(target).close()  # the desktop's edit-open (old code: rolled it back, every entry gone)
    assert caught.value.code == "foreign-journal" and "不是这个项目文件自己的日志" in caught.value.message
    assert (target.read_bytes(), journal.read_bytes()) == before
    assert cli_main(["settings", str(target), "--year", "2027"]) == 2
    assert (target.read_bytes(), journal.read_bytes()) == before


def test_edit_open_refuses_a_journal_of_another_program_even_after_a_crash(tmp_path: Path) -> None:
    """A stale lock (govcat died here) is not enough: the journal must also carry this file's page 1."""
    from tests.badinput.hostile_govcat import interrupted_write

    target = interrupted_write(F.write_project(tmp_path / "t.govcat", F.valid_project()))
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA cache_size = 1")
    conn.execute("BEGIN IMMEDIATE")
    for n in range(2000):
        conn.execute("INSERT INTO t VALUES (?)", ("x" * 500,))
    shutil.copyfile(other.with_name(other.name + "-journal"), target.with_name(target.name + "-journal"))
    conn.execute("ROLLBACK")
    conn.close()
    with pytest.raises(ProjectFileError) as caught:
        ProjectFile.open(target).close()
    assert caught.value.code == "foreign-journal"


def test_read_only_open_of_a_wal_file_writes_nothing_beside_it(tmp_path: Path, capsys) -> None:
    path = F.write_project(tmp_path / "wal.govcat", F.valid_project())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = _beside(path)
    assert cli_main(["info", str(path)]) == 0
    assert "阳泉市民政局" in capsys.readouterr().out
    assert _beside(path) == before  # old code: wal.govcat-shm appeared


def test_read_only_open_refuses_changes_left_in_a_wal_file(tmp_path: Path, capsys) -> None:
    path = F.write_project(tmp_path / "wal.govcat", F.valid_project())
    keep = tmp_path / "keep"
    keep.mkdir()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE matter SET name = '未合并的修改'")
    for p in (path, path.with_name(path.name + "-wal")):
        shutil.copyfile(p, keep / p.name)  # as another program left them
    conn.close()
    for p in keep.iterdir():
        shutil.copyfile(p, tmp_path / p.name)
    before = _beside(path)
    assert cli_main(["info", str(path)]) == 2
    assert "未合并修改" in capsys.readouterr().err
    assert _beside(path) == before


# ----- 4. names and glyphs ---------------------------------------------------------------------------------------
def test_generated_file_names_never_start_with_a_dash_or_a_dot() -> None:
    for name in ("--help", "-rf", ".bashrc", "..-x", " -x"):
        made = safe_filename(name, "_工作联系表_20260920", ".xlsx")
        assert not made.startswith(("-", ".")), made


def test_pdf_text_with_control_characters_has_no_missing_glyph_warning(tmp_path: Path) -> None:
    from govcat_desktop.services.printing import write_print_pdf
    from govcat_desktop.services.session import Session

    project = F.valid_project()
    project.info.org_name = "阳泉市\x1b[2J公安局\x07\u202e"
    project.contacts.leader.name = "王\x1b建国"
    path = F.write_project(tmp_path / "p.govcat", project)
    session = Session.open(path, readonly=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            import logging

            records: list[logging.LogRecord] = []
            handler = logging.Handler()
            handler.emit = records.append  # type: ignore[method-assign]
            logging.getLogger("fpdf").addHandler(handler)
            try:
                write_print_pdf(session, "contacts", tmp_path / "out.pdf")
            finally:
                logging.getLogger("fpdf").removeHandler(handler)
    finally:
        session.close()
    assert not [r for r in records if "missing" in r.getMessage()]
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(tmp_path / "out.pdf"))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "[U+001B]" in text and "\x1b" not in text


# ----- 6. names within limits, OS errors in Chinese ------------------------------------------------------------------
def test_printing_a_unit_with_a_long_name(tmp_path: Path) -> None:
    from govcat_desktop.services.printing import print_file_name, write_print_pdf
    from govcat_desktop.services.session import Session

    project = F.valid_project()
    project.info.org_name = "阳泉市" + "很长的单位名称" * 12  # 87 characters, 261 bytes
    path = F.write_project(tmp_path / "p.govcat", project)
    session = Session.open(path, readonly=True)
    try:
        name = print_file_name(session, "contacts")
        assert len(name.encode()) <= MAX_NAME_BYTES
        assert write_print_pdf(session, "contacts", tmp_path / name) >= 1  # old code: OSError Errno 36
    finally:
        session.close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == [name]


def test_settings_on_a_long_file_name_writes_its_backup(tmp_path: Path, capsys) -> None:
    from govcat_desktop.storage import backup

    path = F.write_project(tmp_path / ("很长的项目文件名" * 10 + ".govcat"), F.valid_project())  # 80 CJK characters
    assert cli_main(["settings", str(path), "--year", "2027"]) == 0
    copies = backup.backups_of(path)
    assert copies and all(len(p.name.encode()) <= MAX_NAME_BYTES for p in copies)  # old code: no backup at all


def test_map_to_a_missing_column_is_refused(tmp_path: Path, capsys) -> None:
    from openpyxl import Workbook

    path = F.write_project(tmp_path / "p.govcat", F.valid_project())
    book = tmp_path / "事项清单.xlsx"
    wb = Workbook()
    wb.active.append(["事项编码", "事项名称", "事项类型"])
    wb.active.append(["11140300MB0009", "新事项", "行政许可"])
    wb.save(book)
    before = path.read_bytes()
    assert cli_main(["import", str(path), str(book), "--map", "实施部门=没有这一列"]) == 2
    err = capsys.readouterr().err
    assert "指定给“实施部门”的列“没有这一列”" in err and "不存在" in err
    assert path.read_bytes() == before


@contextlib.contextmanager
def _folder(tmp_path: Path, how: str):
    """A tmpfs folder that is read-only, or full to the last byte (None when this machine cannot mount)."""
    with fs.tmpfs(tmp_path / how, size="2m") as mounted:
        if mounted is None:
            yield None
            return
        if how == "readonly" and not fs.remount_readonly(mounted):
            yield None
            return
        if how == "full":
            fs.fill(mounted)
        yield mounted


def _unit_with_answers(tmp_path: Path) -> Path:
    from govcat_desktop.services.session import Session
    from govcat_desktop.storage.bureau_store import BureauStore

    path = F.write_project(tmp_path / "unit.govcat", F.valid_project())
    session = Session.open(path)
    try:
        bureau = BureauStore(session.store)
        cid = bureau.add_comment(origin="received", unit_id=None, kind="catalog", message="请补充。", token="t0000001")
        bureau.resolve_comment(cid, "已补充")
    finally:
        session.close()
    return path


@pytest.mark.parametrize("how", ["readonly", "full"])
def test_every_writing_command_says_in_chinese_why_it_cannot_write(how: str, tmp_path: Path, capsys) -> None:
    from tests.bureau.conftest import bureau_info

    unit = _unit_with_answers(tmp_path)
    city = tmp_path / "city.govcat"
    ProjectFile.create(city, bureau_info()).close()
    assert cli_main(["merge", str(city), str(unit)]) == 1  # taken; its answer to a comment never sent is 略过
    from govcat_desktop.services.bureau import review

    with ProjectFile.open(city) as store:
        entry = store.conn.execute("SELECT id FROM unit_entry LIMIT 1").fetchone()[0]
        review.comment(store, entry, "请补充共享条件。")
    capsys.readouterr()
    with _folder(tmp_path, how) as out:
        if out is None:
            pytest.skip("this machine cannot mount a tmpfs (the CI container can)")
        walk = {
            "export": ["export", str(unit), "--out", str(out / "x")],
            "export-blank": ["export", str(unit), "--out", str(out / "x"), "--blank"],
            "reply": ["reply", str(unit), "--out", str(out / "x")],
            "report": ["report", str(city), "--out", str(out / "x")],
            "feedback": ["feedback", str(city), "--out", str(out / "x")],
            "registration": ["registration", str(city), "--out", str(out / "x")],
            "new": ["new", str(out / "新.govcat"), "--role", "市直部门", "--org-name", "阳泉市教育局",
                    "--org-code", F.uscc_for("阳泉市教育局"), "--region", "阳泉市"],
        }
        before = sorted(p.name for p in out.rglob("*") if p.is_file())
        for name, args in walk.items():
            code = cli_main(args)
            err = capsys.readouterr().err
            assert code == 2, (name, err)
            last = err.strip().splitlines()[-1]
            assert last.startswith("错误：") and CJK.search(last), (name, err)
            assert "意外问题" not in err and "Errno" not in err and "Traceback" not in err, (name, err)
            assert sorted(p.name for p in out.rglob("*") if p.is_file()) == before, name  # nothing half-written
