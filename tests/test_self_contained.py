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
