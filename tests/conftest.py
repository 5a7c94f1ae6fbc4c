"""Test setup: offscreen Qt, and every per-user folder redirected into tmp_path."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Ctrl+C as a user's terminal delivers it: a suite started in the background of a non-interactive shell (`cmd &`)
# inherits SIGINT ignored, and so would every child it starts (an ignored signal stays ignored across exec): the
# tests that stop a merge or a looping query with SIGINT then waited in vain (seen in a CI run started so). A handled
# signal is reset to the default in a child, which Python then turns into KeyboardInterrupt again.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
ROOT = Path(__file__).resolve().parent.parent
# Per-user folders point into a temp folder for the whole session, before any fixture runs: session-scoped
# fixtures (set up before the per-test _user_dirs below) once opened projects for editing and so wrote
# backups into the real ~/.local/share/govcat and read the real settings.json. Subprocesses inherit it.
import platformdirs  # noqa: E402

REAL_USER_DIRS = (Path(platformdirs.user_data_dir("govcat", "govcat")), Path(platformdirs.user_config_dir("govcat", "govcat")))
_SESSION_USER = Path(tempfile.mkdtemp(prefix="tmp-govcat-user-"))
os.environ["GOVCAT_DATA_DIR"] = str(_SESSION_USER / "data")
os.environ["GOVCAT_CONFIG_DIR"] = str(_SESSION_USER / "config")
TEST_DATA = ROOT / "tests" / "data"  # everything the suite reads lives in the repository
sys.path.insert(0, str(ROOT))

# The suite reads nothing beside the checkout (CI once passed only because ../shared/data was there):
# every file Python opens in the folder holding the checkout but outside it is recorded, and the session
# fails when there is one. The interpreter's folders, hidden folders (caches) and temp folders made by
# tempfile or pytest are not "beside the checkout" even when they sit there.
_TEMP = Path(tempfile.gettempdir()).resolve()
_NOT_BESIDE = (ROOT, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve())
READ_BESIDE: list[str] = []


def reads_beside_the_checkout(path: str | os.PathLike[str]) -> bool:
    try:
        p = Path(os.fsdecode(path)).resolve()
        rel = p.relative_to(ROOT.parent)
    except (ValueError, OSError, TypeError):
        return False
    if ROOT.parent == Path(ROOT.anchor) or not rel.parts or rel.parts[0].startswith("."):
        return False
    if p.is_relative_to(_TEMP) and p != _TEMP and p.relative_to(_TEMP).parts[0].startswith(("tmp", "pytest-of-")):
        return False
    return not any(p.is_relative_to(a) for a in _NOT_BESIDE)


TOUCHED_USER_DIRS: list[str] = []


def in_real_user_dirs(path: str | os.PathLike[str]) -> bool:
    try:
        p = Path(os.fsdecode(path)).resolve()
    except (OSError, TypeError, ValueError):
        return False
    return any(p.is_relative_to(d) for d in REAL_USER_DIRS)


def _audit(event: str, args: tuple) -> None:
    if event in ("open", "os.mkdir") and isinstance(args[0], (str, bytes, os.PathLike)):
        if reads_beside_the_checkout(args[0]):
            READ_BESIDE.append(os.fsdecode(args[0]))
        if in_real_user_dirs(args[0]):
            TOUCHED_USER_DIRS.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_USER, ignore_errors=True)
    if READ_BESIDE:
        print("\nThe suite read files outside the repository (copy them into tests/data/):", file=sys.stderr)
        for path in sorted(set(READ_BESIDE)):
            print(f"  {path}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if TOUCHED_USER_DIRS:
        print("\nThe suite touched the user's real govcat folders:", file=sys.stderr)
        for path in sorted(set(TOUCHED_USER_DIRS)):
            print(f"  {path}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real folders: data, config and backups live in a temp dir."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("GOVCAT_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("GOVCAT_CONFIG_DIR", str(base / "config"))
    return base


@pytest.fixture(autouse=True)
def _no_modifier_held_over() -> object:
    """A test that ends with Shift or Ctrl still down in Qt's eyes (QTest's key release of Down still carries Shift)
    would hand the next test an application whose keyboardModifiers() extend or toggle every selection."""
    yield None
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    windows = QApplication.topLevelWidgets()
    if windows:
        for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            QTest.keyRelease(windows[0], key)


@pytest.fixture
def win(qtbot):
    """The main window at the smallest screen clerks and the bureau work on (1366×768), closed after the test."""
    from govcat_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    if window.session is not None:
        window.set_session(None)


@pytest.fixture
def soffice() -> str:
    """LibreOffice's soffice: required under CI (.ci/run installs it), skipped where it is not installed (a
    developer's machine, the oldest-stack root, which runs without CI=true)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is required under CI but was not found")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`slow` tests (full kill counts, city scale) run only when asked: `pytest -m slow`."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
