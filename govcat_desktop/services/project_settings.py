"""项目设置: the project's year and the four deadlines, changed as one undoable command (GUI and `govcat settings`).

A project made on 2026-12-01 for the year 2026 has every deadline long past; `stale_deadlines` says so, and
`next_year` offers the same schedule a year later.
"""

from __future__ import annotations

import datetime as _dt

from govcat_desktop.domain.dates import normalise_date
from govcat_desktop.domain.models import Profile, ProjectInfo
from govcat_desktop.formspec import FormSet
from govcat_desktop.services.commands import SetSingleton
from govcat_desktop.services.session import Session, default_profile

DEADLINES = {"deadline_t1": "T1 报送工作联系人", "deadline_t2": "T2 报送体制机制情况",
             "deadline_t3": "T3 编报数据资源目录", "deadline_t4": "T4 供需对接"}


class SettingsError(ValueError):
    """A year or a deadline that cannot be used (message in Chinese)."""


def check_year(year: str) -> str:
    year = (year or "").strip()
    if not (year.isdigit() and len(year) == 4 and 2000 <= int(year) <= 2100):
        raise SettingsError(f"年度“{year}”应为四位数字，如 2027。")
    return year


def updated_profile(profile: Profile, *, year: str | None = None, deadlines: dict[str, str] | None = None,
                    forms: FormSet | None = None) -> Profile:
    """The profile with a new year (deadlines moved to that year's schedule when forms are given) and/or deadlines."""
    new = profile.model_copy(deep=True)
    if year is not None:
        year = check_year(year)
        if forms is not None:
            schedule = default_profile(forms, year)
            new = new.model_copy(update={k: getattr(schedule, k) for k in DEADLINES} | {"year": year})
        else:
            new.year = year
    for key, value in (deadlines or {}).items():
        if key not in DEADLINES:
            raise SettingsError(f"未知的截止日期“{key}”，应为：{'、'.join(DEADLINES)}。")
        iso = normalise_date(value) if value.strip() else ""
        if iso is None:
            raise SettingsError(f"{DEADLINES[key]}的截止日期“{value}”不是日期，应如 2027-09-03 或 2027年9月3日。")
        setattr(new, key, iso)
    return new


def settings_command(session: Session, profile: Profile) -> SetSingleton | None:
    """The undoable change of the project's year and deadlines (None when nothing changes)."""
    info: ProjectInfo = session.project.info
    if info.profile == profile:
        return None
    new = info.model_copy(update={"profile": profile}, deep=True)
    return SetSingleton("info", info, new, text=f"修改项目设置（{profile.year}年度）")


def stale_deadlines(profile: Profile, today: _dt.date | None = None) -> bool:
    """True when the project has deadlines and every one of them is past."""
    today = today or _dt.date.today()
    days = [d for k in DEADLINES if (d := normalise_date(getattr(profile, k)))]
    return bool(days) and all(_dt.date.fromisoformat(d) < today for d in days)


def next_year(profile: Profile, forms: FormSet) -> Profile:
    """The same project a year on: the notice's schedule for the following year."""
    year = str(int(profile.year) + 1) if profile.year.isdigit() else str(_dt.date.today().year + 1)
    return updated_profile(profile, year=year, forms=forms)


def describe(profile: Profile) -> list[str]:
    return [f"年度：{profile.year}"] + [f"{label}：{getattr(profile, key) or '（未设）'}"
                                       for key, label in DEADLINES.items()]
