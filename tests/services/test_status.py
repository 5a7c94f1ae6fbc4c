"""Task status per role: which tasks a unit owes, how far each is, days left."""

from __future__ import annotations

import datetime as dt

from govcat_desktop.domain.models import Project
from govcat_desktop.services.status import days_left, task_statuses
from govcat_desktop.validation import Validator
from tests import factories as f


def statuses(project: Project, today=dt.date(2026, 9, 1)):
    return {s.task: s for s in task_statuses(project, Validator().validate(project), today)}


def test_tasks_follow_the_role():
    assert list(statuses(f.valid_project("市直部门"))) == ["T1", "T3", "T4"]
    assert list(statuses(f.valid_project("县（区）主管机构"))) == ["T2", "T3", "T4"]
    assert list(statuses(f.valid_project("县（区）部门"))) == ["T3", "T4"]


def test_states():
    new = statuses(Project(info=f.info()))
    assert {k: s.state for k, s in new.items()} == {"T1": "未开始", "T3": "未开始", "T4": "未开始"}
    done = statuses(f.valid_project())
    assert {k: s.state for k, s in done.items()} == {"T1": "可报送", "T3": "可报送", "T4": "可报送"}
    p = f.valid_project()
    p.matters.append(f.matter(code="C9", name="收养登记", entries=[]))
    p.contacts.leader.mobile = "123"
    st = statuses(p)
    assert (st["T3"].state, st["T3"].warnings) == ("填报中", 1)
    assert (st["T1"].state, st["T1"].errors) == ("有错误", 1)


def test_days_left_and_overdue():
    st = statuses(Project(info=f.info()), today=dt.date(2026, 9, 20))
    assert st["T1"].days_left == -17 and st["T1"].overdue
    assert st["T3"].days_left == 4 and not st["T3"].overdue
    assert days_left("not a date") is None
