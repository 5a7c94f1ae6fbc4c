"""Issue 23 item 4: a package is an untrusted file. Truncated, of another unit, with a forged identity or a forged
base, or huge: each is refused in bounded time with a Chinese sentence naming the file, by the window and by
`govcat package merge` (exit 2), and the coordinator's project is left as it was. A package's own copy of the base
is never trusted: the merge compares against the base kept in the coordinator's file."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from govcat_desktop.cli import main
from govcat_desktop.services import packages
from govcat_desktop.services.package_merge import plan_merge
from govcat_desktop.services.session import Session
from tests.packages.helpers import assign, edit, state, unit

BOUND_SECONDS = 20.0  # far above what a refusal takes on a loaded machine, far below a hang


@pytest.fixture
def cut(tmp_path: Path) -> tuple[Path, Path]:
    """The coordinator's project and the 登记科 package it cut, filled by the 科室."""
    home = unit(tmp_path / "审批局.govcat")
    s = Session.open(home)
    assign(s, ["A1", "A2"], "登记科")
    pkg = packages.export_package(s, "登记科", tmp_path / "登记科.govcat").path
    s.close()
    s = Session.open(pkg)
    edit(s, "营业执照", summary="登记科的摘要")
    s.close()
    return home, pkg


def _sql(path: Path, *statements: tuple[str, tuple]) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for sql, params in statements:
            conn.execute(sql, params)
    conn.close()


def _truncated(pkg: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "截断的工作包.govcat"
    data = pkg.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    return bad


def _other_unit(pkg: Path, tmp_path: Path) -> Path:
    other = unit(tmp_path / "人社局.govcat", name="城区人力资源和社会保障局")
    s = Session.open(other)
    assign(s, ["A1"], "登记科")
    path = packages.export_package(s, "登记科", tmp_path / "人社局的工作包.govcat").path
    s.close()
    return path


def _forged_identity(pkg: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "伪造编号的工作包.govcat"
    shutil.copy(pkg, bad)
    _sql(bad, ("PRAGMA foreign_keys = OFF", ()), ("UPDATE package_base SET package_id = 'forged'", ()),
         ("UPDATE package SET id = 'forged'", ()))
    return bad


def _huge(pkg: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "超大的工作包.govcat"
    shutil.copy(pkg, bad)
    _sql(bad, ("UPDATE entry SET summary = ? WHERE name = '营业执照'", ("摘" * (3 * 1024 * 1024),)))
    return bad


HOSTILE = {"truncated": (_truncated, ""), "other unit": (_other_unit, "不是本单位"),
           "forged identity": (_forged_identity, "不是从本项目导出的工作包"), "huge": (_huge, "MB")}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_package_is_refused_by_the_cli(kind: str, cut, tmp_path: Path, capsys) -> None:
    home, pkg = cut
    make, words = HOSTILE[kind]
    bad = make(pkg, tmp_path)
    s = Session.open(home)
    before = state(s)
    s.close()
    capsys.readouterr()
    started = time.perf_counter()
    assert main(["package", "merge", str(home), str(bad)]) == 2
    assert time.perf_counter() - started < BOUND_SECONDS
    err = capsys.readouterr().err
    assert bad.name in err and words in err, err
    assert "Traceback" not in err and "sqlite" not in err.lower() and "Error:" not in err
    s = Session.open(home)
    assert state(s) == before
    s.close()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_package_is_refused_in_the_window(kind: str, win, cut, tmp_path: Path) -> None:
    home, pkg = cut
    make, words = HOSTILE[kind]
    bad = make(pkg, tmp_path)
    assert win.open_project(home)
    before = state(win.session)
    started = time.perf_counter()
    assert win.extensions["package_actions"].merge_packages([str(bad)]) == 0
    assert time.perf_counter() - started < BOUND_SECONDS
    title, text = win.interaction.told[-1]
    assert title == "无法合并" and bad.name in text and words in text, text
    assert "Traceback" not in text and "sqlite" not in text.lower()
    assert state(win.session) == before and not win.history.can_undo


def test_a_forged_base_inside_the_package_changes_nothing(cut, tmp_path: Path) -> None:
    """The 科室's file claims the base said what the coordinator has now: were it trusted, the coordinator's own
    change would look untouched and the package's value would silently win. The merge reads the base it kept."""
    home, pkg = cut
    s = Session.open(home)
    edit(s, "营业执照", summary="本单位的摘要")
    honest = plan_merge(s, pkg)
    assert [(c.mine, c.theirs) for c in honest.conflicts] == [("本单位的摘要", "登记科的摘要")]
    s.close()
    forged = tmp_path / "伪造原值的工作包.govcat"
    shutil.copy(pkg, forged)
    _sql(forged, ("UPDATE package_base SET data = replace(data, ?, ?)", ("登记科的摘要", "本单位的摘要")),
         ("UPDATE package_base SET data = replace(data, ?, ?) WHERE data LIKE '%营业执照%'",
          ('"summary": "内地居民办理结婚登记后产生的结婚证信息。"', '"summary": "本单位的摘要"')))
    conn = sqlite3.connect(forged)
    assert conn.execute("SELECT count(*) FROM package_base WHERE data LIKE '%本单位的摘要%'").fetchone()[0] == 1
    conn.close()  # the forgery is in the file
    s = Session.open(home)
    plan = plan_merge(s, forged)
    assert [(c.mine, c.theirs) for c in plan.conflicts] == [("本单位的摘要", "登记科的摘要")]
    assert plan.changes == honest.changes
    s.close()
