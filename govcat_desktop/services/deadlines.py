"""Review deadlines for incoming demands: N working days after receipt, per the profile's rules and calendar.

profile.toml [profile.review_deadlines] maps the kind of data asked for to working days (Shanxi practice:
无条件共享 2, 有条件共享 5, data not yet published in the catalog 10); [profile.calendar] lists the public holidays
and the adjusted working days (调休) by date. Weekends are rest days unless listed as working days.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache

from govcat_desktop.domain.models import Project, Review
from govcat_desktop.formspec import FormSet

DEFAULT_DAYS = {"无条件共享": 2, "有条件共享": 5, "不予共享": 5, "未编目": 10}
UNPUBLISHED = "未编目"


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[_dt.date]
    workdays: frozenset[_dt.date]
    years: frozenset[int]  # years whose holidays the profile lists (other years: weekends only)

    def is_working_day(self, day: _dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: _dt.date, n: int) -> _dt.date:
        """The n-th working day after `start` (the day of receipt itself is not counted)."""
        day = start
        left = n
        while left > 0:
            day += _dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day


def _dates(values, where: str) -> frozenset[_dt.date]:
    out = set()
    for v in values or ():
        try:
            out.add(_dt.date.fromisoformat(str(v)))
        except ValueError:
            raise ValueError(f"profile.toml 的 {where} 中“{v}”不是 2026-10-01 这样的日期。") from None
    return frozenset(out)


@lru_cache(maxsize=8)
def _calendar(holidays: tuple, workdays: tuple) -> Calendar:
    h, w = _dates(holidays, "calendar.holidays"), _dates(workdays, "calendar.workdays")
    return Calendar(h, w, frozenset(d.year for d in h | w))


def calendar(forms: FormSet) -> Calendar:
    raw = forms.profile.get("calendar", {}) or {}
    return _calendar(tuple(raw.get("holidays", ())), tuple(raw.get("workdays", ())))


def rule_days(forms: FormSet) -> dict[str, int]:
    raw = forms.profile.get("review_deadlines", {}) or {}
    days = dict(DEFAULT_DAYS)
    for key, value in raw.items():
        if isinstance(value, int) and value > 0:
            days[str(key)] = value
    return days


@dataclass(frozen=True)
class ReviewDue:
    received: _dt.date
    due: _dt.date
    days: int
    basis: str  # 无条件共享 / 有条件共享 / 不予共享 / 未编目
    answered: bool
    overdue: bool
    weekends_only: bool  # the profile lists no holidays for the year of receipt

    @property
    def state(self) -> str:
        return "已答复" if self.answered else ("已逾期" if self.overdue else "待审核")

    def short(self) -> str:
        return f"{self.due.isoformat()} {self.state}"

    def text(self) -> str:
        note = "（未含节假日）" if self.weekends_only else ""
        return f"{self.due.isoformat()}前（{self.basis}，{self.days}个工作日{note}；{self.state}）"


def _basis(review: Review, project: Project) -> str:
    """What kind of data the demand asks for: the share type of the matching own entry, else not yet catalogued."""
    wanted = {review.matched_entry.strip(), review.data_name.strip()} - {""}
    for m in project.matters:
        for e in m.entries:
            if e.name.strip() in wanted and e.share_type:
                return e.share_type
    return UNPUBLISHED


def review_due(review: Review, project: Project, forms: FormSet, today: _dt.date | None = None) -> ReviewDue | None:
    """The due date of one review (None while its received date is missing or not a date)."""
    try:
        received = _dt.date.fromisoformat(review.received_date.strip())
    except ValueError:
        return None
    basis = _basis(review, project)
    days = rule_days(forms).get(basis, DEFAULT_DAYS[UNPUBLISHED])
    cal = calendar(forms)
    due = cal.add_working_days(received, days)
    answered = bool(review.decision.strip())
    today = today or _dt.date.today()
    return ReviewDue(received, due, days, basis, answered, not answered and today > due, received.year not in cal.years)


def review_dues(
    project: Project, forms: FormSet, today: _dt.date | None = None
) -> list[tuple[Review, ReviewDue | None]]:
    return [(r, review_due(r, project, forms, today)) for r in project.reviews]
