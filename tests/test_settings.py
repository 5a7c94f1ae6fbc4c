"""Typed settings: a bad file is reported once in Chinese and kept aside, not swallowed; read once, not per get()."""

from __future__ import annotations

import json

import pytest

from govcat_desktop import settings


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVCAT_CONFIG_DIR", str(tmp_path / "config"))
    settings.take_problem()
    p = settings.settings_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def test_a_broken_file_is_said_once_and_kept_aside(path):
    path.write_text("{not json", encoding="utf-8")
    assert settings.get("backup_keep") == 10 and settings.get("recent_files") == []
    problem = settings.take_problem()
    assert "设置文件" in problem and "已损坏" in problem and "settings.json.bad" in problem
    assert settings.take_problem() == ""  # once
    assert path.with_name("settings.json.bad").read_text(encoding="utf-8") == "{not json"
    settings.update(backup_keep=3)  # the next write is a good file again
    assert json.loads(path.read_text(encoding="utf-8"))["backup_keep"] == 3
    assert settings.take_problem() == ""


def test_a_value_of_the_wrong_type_falls_back_alone(path):
    path.write_text(json.dumps({"backup_keep": "很多", "recent_files": ["/a.govcat"], "future_key": 1}),
                    encoding="utf-8")
    assert settings.get("backup_keep") == 10
    assert settings.get("recent_files") == ["/a.govcat"]  # the rest of the file is kept
    assert "backup_keep" in settings.take_problem()
    settings.update(window_state="x")
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["schema_version"] == settings.SCHEMA_VERSION and stored["future_key"] == 1  # a newer key kept


def test_the_file_is_read_only_when_it_changed(path, monkeypatch):
    settings.update(backup_keep=4)
    reads = []
    original = settings._read
    monkeypatch.setattr(settings, "_read", lambda p: reads.append(p) or original(p))
    for _ in range(50):
        assert settings.get("backup_keep") == 4
    assert reads == []
    path.write_text(json.dumps({"backup_keep": 7, "padding": "changed size"}), encoding="utf-8")
    assert settings.get("backup_keep") == 7 and len(reads) == 1


def test_the_cli_says_a_broken_settings_file(path, tmp_path, capsys):
    from govcat_desktop.cli import main

    path.write_text("[]", encoding="utf-8")
    main(["info", str(tmp_path / "missing.govcat")])
    assert "提示：设置文件" in capsys.readouterr().err
