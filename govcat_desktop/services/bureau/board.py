"""The progress board: units × tasks (T1–T4) with state, findings, date received and deadline."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.services.bureau import KIND_TASK
from govcat_desktop.domain.roles import TASK_NAMES, TASKS_BY_ROLE  # forms/roles.toml
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore, Submission, Unit

TASKS = ("T1", "T2", "T3", "T4")
STATES = ("未报送", "已报送", "有错误", "已审核", "退回")
NOT_OWED = "—"


@dataclass
class Cell:
    """One unit's state on one task."""

    task: str
    state: str
    errors: int = 0
    warnings: int = 0
    received: str = ""  # date received (YYYY-MM-DD) of the current submission
    deadline: str = ""
    overdue: bool = False  # not in by the deadline, or came in late
    submissions: list[Submission] = field(default_factory=list)  # current ones (demand + review for T4)
    history: int = 0  # earlier submissions replaced
    paper: str = ""  # 纸质版: 一致 / 缺页（…） / 与电子版不一致（…） / 无法识别（…） / 未收到

    @property
    def owed(self) -> bool:
        return self.state != NOT_OWED


@dataclass
class Row:
    """One unit of the board."""

    unit: Unit
    cells: dict[str, Cell]

    @property
    def overdue(self) -> bool:
        return any(c.overdue for c in self.cells.values())


def tasks_of(unit: Unit, kinds: set[str]) -> tuple[str, ...]:
    """Tasks a unit owes: by its role, else by what it has sent (and T3/T4 always)."""
    if unit.role in TASKS_BY_ROLE and unit.role != "市大数据局":
        return TASKS_BY_ROLE[unit.role]
    owed = {"T3", "T4"} | {KIND_TASK[k] for k in kinds}
    return tuple(t for t in TASKS if t in owed)


def _state(subs: list[Submission], rejected: set[int], approved: dict[int, bool]) -> str:
    if any(s.review_status == "退回" or s.id in rejected for s in subs):
        return "退回"
    if all(s.review_status == "已审核" or approved.get(s.id) for s in subs):
        return "已审核"
    if any(s.errors for s in subs):
        return "有错误"
    return "已报送"


def board(store: ProjectFile, today: _dt.date | None = None) -> list[Row]:
    """The board; reads only unit, submission and per-submission mark counts (fast at city scale)."""
    today = today or _dt.date.today()
    info: ProjectInfo = store.get_info()
    bureau = BureauStore(store)
    subs = bureau.submissions()
    current: dict[tuple[int, str], list[Submission]] = {}
    history: dict[tuple[int, str], int] = {}
    kinds: dict[int, set[str]] = {}
    for s in subs:
        task = KIND_TASK.get(s.kind, "")
        kinds.setdefault(s.unit_id, set()).add(s.kind)
        if s.superseded:
            history[(s.unit_id, task)] = history.get((s.unit_id, task), 0) + 1
        else:
            current.setdefault((s.unit_id, task), []).append(s)
    rejected, approved = bureau.submission_entry_marks()
    rows = []
    for unit in bureau.units():
        owed = tasks_of(unit, kinds.get(unit.id, set()))
        cells = {}
        for task in TASKS:
            deadline = getattr(info.profile, f"deadline_{task.lower()}", "")
            if task not in owed:
                cells[task] = Cell(task, NOT_OWED, deadline=deadline)
                continue
            cur = sorted(current.get((unit.id, task), []), key=lambda s: s.kind)
            cell = Cell(task, "未报送", deadline=deadline, submissions=cur, history=history.get((unit.id, task), 0))
            due = _date(deadline)
            if cur:
                cell.state = _state(cur, rejected, approved)
                cell.errors = sum(s.errors for s in cur)
                cell.warnings = sum(s.warnings for s in cur)
                cell.received = max(s.received_at for s in cur)[:10]
                first = _date(min(s.received_at for s in cur)[:10])
                late = due is not None and first is not None and first > due
                cell.overdue = late or (cell.state == "退回" and due is not None and today > due)
            else:
                cell.overdue = due is not None and today > due
            cells[task] = cell
        rows.append(Row(unit, cells))
    _attach_paper(store, rows, kinds)
    rows.sort(key=lambda r: (not r.overdue, r.unit.region != info.region, r.unit.region, r.unit.org_name))
    return rows


def _attach_paper(store: ProjectFile, rows: list[Row], kinds: dict[int, set[str]]) -> None:
    from govcat_desktop.services.bureau.paper import paper_cells, task_cell

    cells = paper_cells(store)
    for row in rows:
        for task, cell in row.cells.items():
            if cell.owed:
                cell.paper = task_cell(cells, row.unit.id, task, kinds.get(row.unit.id, set()) | {
                    k for (u, k) in cells if u == row.unit.id}).text


def _date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def summary(rows: list[Row]) -> dict[str, dict[str, int]]:
    """task → state → number of units (for the board's footer and the report)."""
    out: dict[str, dict[str, int]] = {t: {s: 0 for s in STATES} for t in TASKS}
    for row in rows:
        for task, cell in row.cells.items():
            if cell.owed:
                out[task][cell.state] += 1
    return out


def task_title(task: str) -> str:
    return f"{task} {TASK_NAMES[task]}"
