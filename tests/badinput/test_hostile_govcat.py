"""Hostile .govcat files (issue #12): each reader refuses them in Chinese, in seconds, and writes nothing."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govcat_desktop.domain.models import Matter, ProjectInfo
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.storage import ProjectFile, ProjectFileError, untrusted
from govcat_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION
from tests import factories as f
from tests.badinput.conftest import file_dump
from tests.badinput.hostile_govcat import LOOP, foreign_hot_journal, hostile_govcat_corpus

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
SECONDS = 10.0  # every refusal here is a schema or value check: well under a second on the 2-core CI machine


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "govcat_desktop.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("hostile")
    project = f.valid_project()
    project.demands.append(f.demand(provider="阳泉市公安局", provider_level="市级部门", catalog_name="户籍信息"))
    good = f.write_project(base / "来源单位.govcat", project)
    return hostile_govcat_corpus(base / "files", good)


def _bureau(folder: Path) -> Path:
    path = folder / "大数据局.govcat"
    info = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    ProjectFile.create(path, info).close()
    return path


def _snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name)}


# (`export --task catalog/all` opens the project for editing since it marks exported codes: the owner's edit-open,
# which lets SQLite roll the journal back after keeping file and journal in the backup folder, as tested below.)
@pytest.mark.parametrize("command", ["info", "validate", "dump", "export-blank"])
def test_read_only_commands_never_roll_a_foreign_journal_into_the_file(command: str, tmp_path: Path) -> None:
    good = f.write_project(tmp_path / "good.govcat", f.valid_project())
    target = foreign_hot_journal(tmp_path, good)
    before = _snapshot(target)
    extra = {"export-blank": ["--out", str(tmp_path / "out"), "--blank"], "dump": ["--json"]}.get(command, [])
    args = [command.removesuffix("-blank"), str(target), *extra]
    proc = _cli(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        "错误：“foreign_hot_journal.govcat”旁边有未完成写入的日志文件“foreign_hot_journal.govcat-journal”"
        "（上次保存被中断，或日志来自别的文件）。只读查看不会改动文件，因此未读取。请由该单位用 govcat 以编辑方式打开一次"
        "（会按日志恢复文件），或确认日志无用后将其删除再试。"
    )
    assert _snapshot(target) == before  # file and journal byte for byte, journal still there
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_merge_skips_a_file_with_a_foreign_journal_and_takes_the_others(tmp_path: Path) -> None:
    good = f.write_project(tmp_path / "good.govcat", f.valid_project())
    target = foreign_hot_journal(tmp_path, good)
    project = f.valid_project()
    project.info.org_name = "阳泉市教育局"
    other = f.write_project(tmp_path / "另一单位.govcat", project)
    before = _snapshot(target)
    (tmp_path / "bureau").mkdir()
    bureau = _bureau(tmp_path / "bureau")
    proc = _cli("merge", str(bureau), str(target), str(other))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"跳过  {target}：“foreign_hot_journal.govcat”旁边有未完成写入的日志文件" in proc.stdout
    assert "已汇总：阳泉市教育局" in proc.stderr and "共汇总 1 个文件，跳过 1 个。" in proc.stdout
    assert _snapshot(target) == before


def test_every_hostile_file_is_refused_by_open_and_merge(hostile: dict[str, Path], tmp_path: Path) -> None:
    bureau_path = _bureau(tmp_path)
    store = ProjectFile.open(bureau_path)
    try:
        before = file_dump(bureau_path)
        for kind, path in hostile.items():
            snap = _snapshot(path)
            t0 = time.perf_counter()
            with pytest.raises(ProjectFileError) as caught:
                with ProjectFile.open(path, readonly=True) as unit:
                    unit.load()
            assert CJK.search(caught.value.message) and path.name in caught.value.message, kind
            outcome = merge(store, [path])
            assert time.perf_counter() - t0 < SECONDS, kind
            assert not outcome.taken and len(outcome.skipped) == 1, kind
            assert outcome.skipped[0][1] == caught.value.message.rstrip("。"), kind
            assert _snapshot(path) == snap, kind
        assert file_dump(bureau_path) == before
    finally:
        store.close()


@pytest.mark.parametrize(("kind", "message"), [
    ("recursive_view", "（含有本程序不会创建的视图“item”）"),
    ("trigger_deletes_on_insert", "（含有本程序不会创建的触发器“wipe”）"),
    ("trigger_cte_loop", "（含有本程序不会创建的触发器“spin”）"),
    ("trigger_raise", "（含有本程序不会创建的触发器“nope”）"),
    ("added_column", "（表“entry”的定义与本程序的不同）"),
    ("extra_index", "（含有本程序不会创建的索引“sneaky”）"),
    ("json_list_of_numbers", "数据资源目录（表 entry）第 1 条记录“结婚证”的“share_methods”应为文字列表，文件中的数据形状不对"),
    ("json_object_not_list", "共享数据需求（表 demand）第 1 条记录的“items”应为文字列表，文件中的数据形状不对"),
    ("json_number_not_list", "需求审核确认（表 review）第 1 条记录“结婚证”的“provide_items”应为文字列表"),
    ("json_deep_nesting", "数据资源目录（表 entry）第 1 条记录“结婚证”的“share_methods”长 200000 个字，超过每项 32767 字的上限"),
    ("pos_not_a_number", "服务事项（表 matter）id 为 1 的记录“内地居民结婚登记”的“pos”应为整数，文件中却是“abc”"),
    ("blob_singleton", "项目信息（表 singleton）“contacts”记录的“data”应为文字，文件中却是二进制数据"),
    ("singleton_field_wrong_type", "项目信息（表 singleton）“info”记录的数据形状不对"),
    ("field_past_limit", "数据资源目录（表 entry）第 1 条记录“结婚证”的“summary”长 40000 个字，超过每项 32767 字的上限"),
])
def test_cli_names_what_is_wrong(kind: str, message: str, hostile: dict[str, Path]) -> None:
    path = hostile[kind]
    before = _snapshot(path)
    proc = _cli("info", str(path))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert _snapshot(path) == before


@pytest.mark.parametrize("kind", ["trigger_deletes_on_insert", "trigger_keeps_one", "trigger_cte_loop", "trigger_raise"])
def test_import_into_a_project_with_a_hostile_trigger_is_refused(kind: str, hostile: dict[str, Path],
                                                                tmp_path: Path) -> None:
    target = tmp_path / "本单位.govcat"
    target.write_bytes(hostile[kind].read_bytes())
    before = target.read_bytes()
    t0 = time.perf_counter()
    proc = _cli("import", str(target), str(ROOT / "tests" / "data" / "matters_sample.xlsx"), "--kind", "matters")
    assert time.perf_counter() - t0 < 60
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "数据库结构与 govcat 项目文件不符（含有本程序不会创建的触发器" in proc.stderr
    assert "已导入" not in proc.stdout
    assert target.read_bytes() == before


def test_expected_schema_is_derived_from_the_migrations() -> None:
    """A migration added later is covered: the check compares with what MIGRATIONS build, version by version."""
    for version in range(1, SCHEMA_VERSION + 1):
        expected = untrusted.expected_schema(version)
        conn = sqlite3.connect(":memory:")
        for step in MIGRATIONS[:version]:
            step(conn)
        assert frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")) == expected
        conn.close()
    assert {"view", "trigger"}.isdisjoint(t for t, *_ in untrusted.expected_schema(SCHEMA_VERSION))


def test_hardening_is_set_on_a_read(tmp_path: Path) -> None:
    path = f.write_project(tmp_path / "p.govcat", f.valid_project())
    with ProjectFile.open(path, readonly=True) as store:
        assert store.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        if hasattr(store.conn, "getlimit"):
            assert store.conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) == untrusted.MAX_VALUE_BYTES
            assert store.conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) == 0
        with pytest.raises(sqlite3.Error):
            store.conn.execute("ATTACH DATABASE ':memory:' AS other")


def test_progress_handler_stops_a_looping_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(untrusted, "READ_SECONDS", 1.0)
    monkeypatch.setattr(untrusted.Budget.__init__, "__defaults__", (1.0,))
    path = f.write_project(tmp_path / "p.govcat", f.valid_project())
    with ProjectFile.open(path, readonly=True) as store:
        t0 = time.perf_counter()
        with pytest.raises(sqlite3.OperationalError) as caught, store._reading():  # as load() and counts() read
            store.conn.execute(LOOP).fetchone()
        assert time.perf_counter() - t0 < 5
        with pytest.raises(ProjectFileError) as refused:
            store._budget.raise_for(path, caught.value)
        assert refused.value.code == "timeout" and "超过 1 秒仍未完成" in refused.value.message


CTRL_C = r'''
import sys, sqlite3
from govcat_desktop.storage import ProjectFile
store = ProjectFile.open(sys.argv[1], readonly=True)
print("looping", flush=True)
try:
    store.conn.execute(sys.argv[2]).fetchone()
except sqlite3.OperationalError as exc:
    try:
        store._budget.raise_for(store.path, exc)
    except KeyboardInterrupt:
        print("cancelled", flush=True)
        sys.exit(130)
sys.exit(3)
'''


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_ctrl_c_stops_a_looping_query(tmp_path: Path) -> None:
    path = f.write_project(tmp_path / "p.govcat", f.valid_project())
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C, str(path), LOOP], stdout=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "looping"
        time.sleep(0.5)
        t0 = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:  # a child that did not stop loops for ever: never left behind to eat a core
            proc.kill()
            proc.wait()
    assert proc.returncode == 130 and "cancelled" in out
    assert time.perf_counter() - t0 < 5


def test_the_time_limit_covers_reading_not_the_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A readonly session (a report at city scale, a window left open) is not cut off after 60 s."""
    monkeypatch.setattr(untrusted.Budget.__init__, "__defaults__", (0.5,))
    path = f.write_project(tmp_path / "p.govcat", f.valid_project())
    with ProjectFile.open(path, readonly=True) as store:
        time.sleep(0.7)
        store.load()
        time.sleep(0.7)
        assert store.conn.execute("SELECT count(*) FROM matter").fetchone()[0] == 1
        assert store.counts()["matter"] == 1


def test_own_file_keeps_a_long_draft_value(tmp_path: Path) -> None:
    """Size limits guard files from outside; a clerk's own draft with a very long summary still opens for editing."""
    project = f.valid_project()
    project.matters[0].entries[0].summary = "长" * 40_000
    path = f.write_project(tmp_path / "p.govcat", project)
    with ProjectFile.open(path) as store:
        assert store.load().matters[0].entries[0].summary == "长" * 40_000
        store.insert_matter(Matter(code="X1", name="新事项"))


def test_opening_for_editing_recovers_but_keeps_the_file_and_journal_as_they_were(tmp_path: Path) -> None:
    from govcat_desktop.storage import backup
    from tests.badinput.hostile_govcat import interrupted_write

    target = interrupted_write(f.write_project(tmp_path / "good.govcat", f.valid_project()))
    before = _snapshot(target)
    with ProjectFile.open(target) as store:  # the owner, for editing: SQLite rolls its own journal back
        assert [m.name for m in store.load().matters] == ["内地居民结婚登记"]  # as last committed
    assert not target.with_name(target.name + "-journal").exists()
    kept = [p for p in backup.backups_of(target) if p.name.endswith("-恢复前.govcat")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == before[target.name]
    assert kept[0].with_name(kept[0].name + "-journal").read_bytes() == before[target.name + "-journal"]
