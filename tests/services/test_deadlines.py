"""Demand review deadlines: 2 / 5 / 10 working days after receipt; weekends, holidays and 调休 from the profile."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from govcat_desktop.cli import main
from govcat_desktop.domain.models import Review
from govcat_desktop.formspec import default_forms
from govcat_desktop.services.deadlines import review_due
from govcat_desktop.validation.engine import Validator
from tests import factories as F

D = dt.date


def _project():
    p = F.valid_project("市直部门")
    p.matters = [F.matter("M1", "结婚登记", entries=[
        F.entry("结婚证", share_type="无条件共享", share_condition=""),
        F.entry("收养登记证", share_type="有条件共享", share_condition="仅限核验"),
    ])]
    return p


def _due(data_name: str, received: str, today=D(2026, 9, 1), forms=None, decision=""):
    r = Review(requester="阳泉市公安局", data_name=data_name, received_date=received, decision=decision)
    return review_due(r, _project(), forms or default_forms(), today)


def test_unconditional_two_working_days_skipping_the_mid_autumn_holiday() -> None:
    due = _due("结婚证", "2026-09-24")  # Thu; 25–27 Sep is 中秋 (Fri–Sun)
    assert (due.basis, due.days, due.due) == ("无条件共享", 2, D(2026, 9, 29))


def test_conditional_five_working_days_with_national_day_and_adjusted_saturday() -> None:
    due = _due("收养登记证", "2026-09-30")  # 1–7 Oct off; Sat 10 Oct is a working day (调休)
    assert (due.basis, due.days, due.due) == ("有条件共享", 5, D(2026, 10, 13))


def test_not_yet_catalogued_ten_working_days_weekends_skipped() -> None:
    due = _due("不动产权证书", "2026-11-02")  # Mon; no holidays in November
    assert (due.basis, due.days, due.due) == ("未编目", 10, D(2026, 11, 16))


def test_year_without_holiday_list_counts_weekends_only_and_says_so() -> None:
    due = _due("结婚证", "2027-01-29")  # Fri → Tue
    assert due.due == D(2027, 2, 2) and due.weekends_only and "未含节假日" in due.text()
    assert not _due("结婚证", "2026-09-24").weekends_only


def test_overdue_only_while_unanswered_and_after_the_due_day() -> None:
    assert not _due("结婚证", "2026-09-24", today=D(2026, 9, 29)).overdue  # due today: not yet late
    late = _due("结婚证", "2026-09-24", today=D(2026, 9, 30))
    assert late.overdue and "已逾期" in late.text()
    assert not _due("结婚证", "2026-09-24", today=D(2026, 9, 30), decision="同意").overdue
    assert _due("结婚证", "") is None and _due("结婚证", "9月24日") is None


def test_rules_come_from_the_profile() -> None:
    forms = default_forms()
    other = dataclasses.replace(forms, profile={**forms.profile, "review_deadlines": {"无条件共享": 3},
                                                "calendar": {"holidays": ["2026-11-03"], "workdays": []}})
    assert _due("结婚证", "2026-11-02", forms=other).due == D(2026, 11, 6)  # 3 days, Tue 3 Nov off


def test_partial_agreement_lists_what_is_not_provided() -> None:
    base = dict(requester="阳泉市公安局", data_name="结婚证", items=["姓名", "身份证号"], decision="部分同意",
                matched_entry="结婚证", provide_items=["姓名"], reason="身份证号属于敏感个人信息")
    rules = {(f.field, f.rule) for f in Validator().check_review(Review(**base))}
    assert ("withheld_items", "required") in rules
    rules = {(f.field, f.rule) for f in Validator().check_review(Review(**base, withheld_items=["身份证号"]))}
    assert ("withheld_items", "required") not in rules


def test_info_shows_due_dates_and_overdue(tmp_path: Path, capsys) -> None:
    p = _project()
    p.reviews = [Review(requester="阳泉市公安局", data_name="结婚证", received_date="2026-01-05"),
                 Review(requester="阳泉市卫健委", data_name="收养登记证")]
    path = F.write_project(tmp_path / "u.govcat", p)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "需求审核确认期限：待审核 2 条，其中已逾期 1 条" in out
    assert "阳泉市公安局／结婚证：2026-01-07前（无条件共享，2个工作日；已逾期）" in out
    assert "阳泉市卫健委／收养登记证：未填收到日期" in out
