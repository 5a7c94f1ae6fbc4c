"""The GUI and the CLI, through a whole session, open no network socket and never import QtNetwork."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parent.parent

# Installed as sitecustomize in the child: an audit hook records and refuses every network use.
GUARD = r'''
import atexit, os, socket, sys
_LOG = os.environ["GOVCAT_NET_LOG"]
_INET = {int(socket.AF_INET), int(socket.AF_INET6), -1}

def _note(line):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")

def _hook(event, args):
    if event == "socket.__new__" and int(args[1]) in _INET:
        _note(f"BLOCKED {event} family={args[1]}")
        raise OSError("network use is forbidden in govcat")
    if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg") and not isinstance(args[1], (str, bytes)):
        _note(f"BLOCKED {event} {args[1]!r}")
        raise OSError("network use is forbidden in govcat")
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
        _note(f"BLOCKED {event} {args[0]!r}")
        raise OSError("network use is forbidden in govcat")

sys.addaudithook(_hook)
_note("GUARD-ACTIVE")
atexit.register(lambda: _note("QTNETWORK-IMPORTED" if "PySide6.QtNetwork" in sys.modules else "QTNETWORK-ABSENT"))
'''

GUI_SESSION = r'''
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from govcat_desktop.domain.models import Demand
from govcat_desktop.services import commands as c, transfer
from govcat_desktop.ui.main_window import MainWindow
from govcat_desktop.ui.screenshot import render

work, project = Path(sys.argv[1]), Path(sys.argv[2])
w = MainWindow()
assert w.open_project(project), "open failed"
w.push(c.AddRecord("demand", Demand(catalog_name="离线测试需求", provider="公安部")))
files = transfer.export_task(w.session, "all", work / "gui-out")
catalog = next(f for f in files if "政务数据资源目录_可编辑" in f.name)
preview = transfer.preview_import(w.session, [catalog])
if preview.command is not None:
    w.push(preview.command)
w.validate_now()
findings = w.session.findings()
render(w, work / "gui-session.png", "catalog")
w.close_project()
print("SESSION-OK", len(files), len(findings))
'''


def _env(work: Path) -> dict[str, str]:
    guard_dir = work / "guard"
    guard_dir.mkdir(exist_ok=True)
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(guard_dir), str(ROOT), env.get("PYTHONPATH", "")])
    env["GOVCAT_NET_LOG"] = str(work / "net.log")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(args: list[str], env: dict[str, str], work: Path, strace: bool) -> subprocess.CompletedProcess:
    if strace:
        args = ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(work / "strace.log"), "-A", *args]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)


def _assert_offline(work: Path, strace: bool) -> None:
    log = (work / "net.log").read_text(encoding="utf-8").splitlines()
    assert "GUARD-ACTIVE" in log  # the guard was really loaded (else this test proves nothing)
    assert not [line for line in log if line.startswith("BLOCKED")], log
    assert "QTNETWORK-IMPORTED" not in log
    if strace:
        calls = (work / "strace.log").read_text(encoding="utf-8", errors="replace")
        inet = [line for line in calls.splitlines() if re.search(r"AF_INET6?\b|sin6?_port", line)]
        assert not inet, inet[:5]


def _has_strace() -> bool:
    if not shutil.which("strace"):
        return False
    try:
        return subprocess.run(["strace", "-qq", "-e", "trace=none", "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


STRACE = _has_strace()


def test_guard_catches_a_connection(tmp_path: Path) -> None:
    """Canary: the same guard and strace do catch a socket when one is opened."""
    env = _env(tmp_path)
    code = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError:\n    pass\n"
    _run([sys.executable, "-c", code], env, tmp_path, strace=False)
    assert any(line.startswith("BLOCKED") for line in (tmp_path / "net.log").read_text(encoding="utf-8").splitlines())
    if STRACE:
        plain = dict(env)
        plain["PYTHONPATH"] = str(ROOT)
        _run([sys.executable, "-c", code], plain, tmp_path, strace=True)
        assert "AF_INET" in (tmp_path / "strace.log").read_text(encoding="utf-8", errors="replace")


def test_gui_session_opens_no_socket(tmp_path: Path) -> None:
    project = factories.write_project(tmp_path / "离线.govcat", factories.valid_project())
    script = tmp_path / "gui_session.py"
    script.write_text(GUI_SESSION, encoding="utf-8")
    env = _env(tmp_path)
    res = _run([sys.executable, str(script), str(tmp_path), str(project)], env, tmp_path, strace=STRACE)
    assert res.returncode == 0 and "SESSION-OK" in res.stdout, res.stderr[-3000:]
    _assert_offline(tmp_path, STRACE)


def test_cli_session_opens_no_socket(tmp_path: Path) -> None:
    env = _env(tmp_path)
    unit = tmp_path / "单位.govcat"
    bureau = tmp_path / "大数据局.govcat"
    out = tmp_path / "cli-out"
    cli = [sys.executable, "-m", "govcat_desktop.cli"]
    factories.write_project(unit, factories.valid_project())
    steps = [
        ["new", str(bureau), "--role", "市大数据局", "--org-name", "阳泉市大数据局", "--org-code", factories.BUREAU_USCC,
         "--region", "阳泉市", "--year", "2026"],
        ["info", str(unit)],
        ["validate", str(unit)],
        ["export", str(unit), "--out", str(out)],
    ]
    for step in steps:
        res = _run(cli + step, env, tmp_path, strace=False)
        assert res.returncode in (0, 1), (step, res.stderr)
    catalog = next(out.glob("*政务数据资源目录_可编辑*.xlsx"))
    for step in (["import", str(unit), str(catalog)], ["dump", str(unit), "--json"], ["merge", str(bureau), str(out), str(unit)]):
        res = _run(cli + step, env, tmp_path, strace=STRACE)
        assert res.returncode in (0, 1), (step, res.stderr)
        assert "Traceback" not in res.stderr
        _assert_offline(tmp_path, STRACE)


@pytest.mark.skipif(not STRACE, reason="strace not available")
def test_cli_start_under_strace(tmp_path: Path) -> None:
    env = _env(tmp_path)
    res = _run([sys.executable, "-m", "govcat_desktop.cli", "--help"], env, tmp_path, strace=True)
    assert res.returncode == 0
    _assert_offline(tmp_path, True)
