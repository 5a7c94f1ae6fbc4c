"""Test setup: offscreen Qt, and every per-user folder redirected into tmp_path."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
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


def _audit(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) and reads_beside_the_checkout(args[0]):
        READ_BESIDE.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if READ_BESIDE:
        print("\nThe suite read files outside the repository (copy them into tests/data/):", file=sys.stderr)
        for path in sorted(set(READ_BESIDE)):
            print(f"  {path}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real folders: data, config and backups live in a temp dir."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("GOVCAT_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("GOVCAT_CONFIG_DIR", str(base / "config"))
    return base


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`slow` tests (full kill counts, city scale) run only when asked: `pytest -m slow`."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
