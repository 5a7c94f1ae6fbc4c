"""Which tasks (T1–T4) a unit owes, how far each is, and the days left to each deadline."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from govcat_desktop.domain.models import Project, is_blank
from govcat_desktop.validation import Finding
from govcat_desktop.domain.roles import KIND_TASK, TASK_NAMES, TASKS_BY_ROLE  # forms/roles.toml


@dataclass(frozen=True)
class TaskStatus:
    task: str
    name: str
    state: str  # 未开始 / 填报中 / 有错误 / 可报送
    errors: int
    warnings: int
    deadline: str
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and self.state != "可报送"


def days_left(deadline: str, today: _dt.date | None = None) -> int | None:
    try:
        due = _dt.date.fromisoformat(deadline)
    except ValueError:
        return None
    return (due - (today or _dt.date.today())).days


def _started(project: Project, task: str) -> bool:
    if task == "T1":
        return not is_blank(project.contacts)
    if task == "T2":
        return not is_blank(project.mechanism)
    if task == "T3":
        return bool(project.matters)
    return bool(project.demands or project.reviews)


def task_statuses(project: Project, findings: list[Finding], today: _dt.date | None = None) -> list[TaskStatus]:
    counts: dict[str, list[int]] = {}
    for f in findings:
        c = counts.setdefault(KIND_TASK.get(f.kind, ""), [0, 0])
        c[0 if f.is_error else 1] += 1
    out = []
    profile = project.info.profile
    for task in TASKS_BY_ROLE.get(project.info.role, ("T1", "T2", "T3", "T4")):
        errors, warnings = counts.get(task, [0, 0])
        if not _started(project, task):
            state = "未开始"
        elif errors:
            state = "有错误"
        elif task == "T3" and not all(m.entries for m in project.matters):
            state = "填报中"  # every matter's resulting data must be catalogued before handing in
        else:
            state = "可报送"
        deadline = getattr(profile, f"deadline_{task.lower()}", "")
        out.append(TaskStatus(task, TASK_NAMES[task], state, errors, warnings, deadline, days_left(deadline, today)))
    return out
