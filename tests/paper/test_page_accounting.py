"""Page accounting by code (issue #19), on decoded files made in the test: no images, the rules themselves."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from govcat_desktop.exchange.pdf_qr import PagePayload
from govcat_desktop.exchange.scan import BLANK, UNREADABLE, ScanFile, ScanPage
from govcat_desktop.services.bureau.paper import agreed_count, page_rows, pages_text
from tests.factories import VALID_USCC

DAY = _dt.date(2026, 9, 20)


def code(kind: str, page: int, pages: int, org: str = VALID_USCC, fp: str = "AAAA-0001") -> PagePayload:
    return PagePayload(kind, org, fp, page, pages, DAY)


def scan(*sheets) -> ScanFile:
    out = []
    for position, sheet in enumerate(sheets, 1):
        if sheet in (BLANK, UNREADABLE):
            out.append(ScanPage(position, [], sheet))
        else:
            out.append(ScanPage(position, list(sheet)))
    return ScanFile(Path("一沓.pdf"), out)


def test_an_unreadable_sheet_between_two_pages_of_a_form_is_that_forms_missing_page() -> None:
    rows, taken = page_rows(scan([code("catalog", 1, 3)], UNREADABLE, [code("catalog", 3, 3)]), DAY)
    assert taken.unreadable == [2]
    [unread] = [r for r in rows if r.page == 0]
    assert (unread.kind, unread.position) == ("catalog", 2)


def test_an_unreadable_sheet_no_form_lacks_stays_the_units_not_another_kinds() -> None:
    rows, taken = page_rows(scan([code("contacts", 1, 1)], UNREADABLE, UNREADABLE), DAY)
    assert taken.unreadable == [2, 3]
    assert {(r.kind, r.org_code) for r in rows if r.page == 0} == {("", VALID_USCC)}


def test_blank_sheets_are_blank_and_belong_to_the_page_before() -> None:
    rows, taken = page_rows(scan([code("catalog", 1, 2)], BLANK, [code("catalog", 2, 2)], BLANK), DAY)
    assert taken.unreadable == [] and taken.blank == [2, 4]
    assert [(r.position, r.page) for r in rows if r.page < 0] == [(2, -1), (4, -1)]


def test_a_2_up_sheet_with_one_code_read_has_its_other_page_unreadable() -> None:
    sheets = ([code("catalog", 1, 4)], [code("catalog", 3, 4), code("catalog", 4, 4)])
    rows, taken = page_rows(scan(*sheets), DAY)
    assert taken.unreadable == [1]
    assert [(r.position, r.page, r.kind) for r in rows if r.page == 0] == [(1, 0, "catalog")]


def test_a_sheet_of_forged_codes_is_said_as_such_not_as_unreadable() -> None:
    forged = code("contacts", 1, 1, org="1" * 1960)
    rows, taken = page_rows(scan([code("catalog", 1, 1)], [forged]), DAY)
    assert taken.unreadable == [] and taken.invalid == [(2, "二维码中的统一社会信用代码无效（校验位不符）")]
    assert all(r.org_code == VALID_USCC for r in rows)


def test_the_page_count_is_the_one_the_codes_agree_on() -> None:
    assert agreed_count([(1, 99_999), (1, 3), (2, 3), (3, 3)]) == 3  # complete wins
    assert agreed_count([(1, 99_999), (1, 3), (2, 3)]) == 3  # most codes
    assert agreed_count([(1, 99_999)]) == 99_999


def test_page_lists_are_ranges_and_stay_short() -> None:
    assert pages_text([1, 2, 3, 5, 7, 8]) == "1–3、5、7、8"
    assert pages_text(range(1, 99_999, 2)).endswith("等 49999 页")
