"""The guard in conftest that fails the session when the suite reads a file beside the checkout."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.conftest import ROOT, reads_beside_the_checkout


def test_sibling_folders_of_the_checkout_count_as_outside() -> None:
    assert reads_beside_the_checkout(ROOT.parent / "shared" / "data" / "code_test_vectors.csv")
    assert reads_beside_the_checkout(str(ROOT / ".." / "shared" / "x.csv"))


def test_the_checkout_temp_and_hidden_folders_do_not() -> None:
    assert not reads_beside_the_checkout(ROOT / "tests" / "data" / "code_test_vectors.csv")
    assert not reads_beside_the_checkout(Path(tempfile.gettempdir()) / "pytest-x" / "a.xlsx")
    assert not reads_beside_the_checkout(ROOT.parent / ".cache" / "pip" / "x")
    assert not reads_beside_the_checkout(3)  # a file descriptor


def test_the_real_user_folders_are_watched_and_not_used() -> None:
    import os

    from tests.conftest import REAL_USER_DIRS, in_real_user_dirs

    assert in_real_user_dirs(REAL_USER_DIRS[0] / "backups" / "x" / "y.govcat")
    assert in_real_user_dirs(REAL_USER_DIRS[1] / "settings.json")
    assert not in_real_user_dirs(ROOT / "tests")
    for var in ("GOVCAT_DATA_DIR", "GOVCAT_CONFIG_DIR"):
        assert not in_real_user_dirs(os.environ[var])
