"""Test setup: offscreen Qt, and every per-user folder redirected into tmp_path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"  # everything the suite reads lives in the repository
sys.path.insert(0, str(ROOT))


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
