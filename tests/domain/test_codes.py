"""USCC (GB 32100) and organisation code (GB 11714) checks against the test vectors (tests/data/code_test_vectors.csv)."""

from __future__ import annotations

import csv

import pytest

from govcat_desktop.domain.codes import (
    is_valid_org_code,
    is_valid_uscc,
    org_code_check_char,
    uscc_check_char,
    uscc_problem,
)
from tests.conftest import TEST_DATA


def _vectors():
    with open(TEST_DATA / "code_test_vectors.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


VECTORS = _vectors()


def test_vector_file_has_valid_and_invalid_codes():
    assert sum(v["valid"] == "True" for v in VECTORS) >= 30
    assert sum(v["valid"] == "False" for v in VECTORS) >= 5


@pytest.mark.parametrize("row", VECTORS, ids=[v["code"] for v in VECTORS])
def test_vector(row):
    code, valid = row["code"], row["valid"] == "True"
    if row["kind"] == "USCC":
        assert is_valid_uscc(code) is valid
        if row["expected_check_char"] and len(code) == 18:
            assert uscc_check_char(code.upper()[:17]) == row["expected_check_char"]
    else:
        assert is_valid_org_code(code) is valid
        if row["expected_check_char"]:
            assert org_code_check_char(code.replace("-", "")[:8]) == row["expected_check_char"]


def test_uscc_messages_say_what_is_wrong():
    assert "18位" in uscc_problem("1151130108778239R")
    assert "“N”" in uscc_problem("11511301008778183X")
    assert "大写" in uscc_problem("11511301452259996u")
    assert "不允许的字符" in uscc_problem("1151130100877818IN")


def test_uscc_check_rejects_bad_body():
    assert uscc_check_char("123") is None
    assert uscc_check_char("I" * 17) is None
    assert org_code_check_char("ab") is None
