"""Dates as clerks write them are read and normalised, in imports and in forms."""

from __future__ import annotations

import pytest

from govcat_desktop.domain.dates import normalise_date
from govcat_desktop.exchange.cells import read_date


@pytest.mark.parametrize("typed", ["2026-12-01", "2026年12月1日", "2026/12/1", "2026.12.1", "20261201", " 2026 年 12 月 1 日 ",
                                   "２０２６／１２／１", "2026-12-1"])
def test_the_usual_ways_of_writing_a_date(typed):
    assert normalise_date(typed) == "2026-12-01"


@pytest.mark.parametrize("typed", ["", "2026-13-01", "20261301", "2026年2月30日", "十二月一日", "2026", "1201"])
def test_not_a_date(typed):
    assert normalise_date(typed) is None


def test_import_reports_the_repair():
    assert read_date("2026年12月1日") == ("2026-12-01", "日期“2026年12月1日”已规范为“2026-12-01”")
    assert read_date(20261201) == ("2026-12-01", "日期“20261201”已规范为“2026-12-01”")
    assert read_date("2026-12-01") == ("2026-12-01", "")
    assert read_date("下个月") == ("下个月", "")
