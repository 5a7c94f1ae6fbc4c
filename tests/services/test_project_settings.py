"""项目设置: year and deadlines as one undoable command; a project whose deadlines are all past is told so."""

from __future__ import annotations

import datetime as dt

import pytest

from govcat_desktop.formspec import default_forms
from govcat_desktop.services import project_settings as ps
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.session import Session, default_profile
from govcat_desktop.cli import main as cli_main
from tests import factories


def test_next_year_moves_the_schedule_and_undoes(tmp_path):
    path = factories.write_project(tmp_path / "p.govcat", factories.valid_project())
    session = Session.open(path)
    try:
        forms = session.forms
        before = session.project.info.profile.model_copy(deep=True)
        following = ps.next_year(before, forms)
        assert following.year == str(int(before.year) + 1)
        assert following.deadline_t3 == default_profile(forms, following.year).deadline_t3
        stack = UndoStack(session)
        stack.push(ps.settings_command(session, following))
        assert Session.open(path, readonly=True).project.info.profile == following
        stack.undo()
        assert session.project.info.profile == before
    finally:
        session.close()


def test_deadlines_as_clerks_write_them_and_refusals():
    profile = default_profile(default_forms(), 2027)
    changed = ps.updated_profile(profile, deadlines={"deadline_t3": "2027年10月8日"})
    assert changed.deadline_t3 == "2027-10-08" and changed.deadline_t1 == profile.deadline_t1
    with pytest.raises(ps.SettingsError, match="不是日期"):
        ps.updated_profile(profile, deadlines={"deadline_t3": "明天"})
    with pytest.raises(ps.SettingsError, match="四位数字"):
        ps.updated_profile(profile, year="27")


def test_stale_deadlines():
    profile = default_profile(default_forms(), 2026)
    assert ps.stale_deadlines(profile, dt.date(2026, 12, 1))
    assert not ps.stale_deadlines(profile, dt.date(2026, 9, 1))
    assert not ps.stale_deadlines(profile.model_copy(update={k: "" for k in ps.DEADLINES}), dt.date(2026, 12, 1))


def test_cli_settings(tmp_path, capsys):
    path = factories.write_project(tmp_path / "p.govcat", factories.valid_project())
    assert cli_main(["settings", str(path), "--year", "2030", "--deadline", "T4=2030/11/20"]) == 0
    out = capsys.readouterr().out
    assert "年度：2030" in out and "T4 供需对接：2030-11-20" in out and "T1 报送工作联系人：2030-" in out
    assert cli_main(["settings", str(path), "--deadline", "T9=2030-01-01"]) == 2
    assert "T1=2027-09-03" in capsys.readouterr().err
    assert Session.open(path, readonly=True).project.info.profile.year == "2030"
