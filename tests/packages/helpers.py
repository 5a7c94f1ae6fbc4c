"""A unit divided into work: three 科室' matters, packages cut, edited apart (values written by hand)."""

from __future__ import annotations

from pathlib import Path

from govcat_desktop.domain.models import Matter
from govcat_desktop.services import packages
from govcat_desktop.services.commands import AddEntry, UndoStack, UpdateEntry
from govcat_desktop.services.package_merge import entry_values
from govcat_desktop.services.session import Session
from tests import factories as f


def unit(path: Path, name: str = "城区行政审批服务管理局") -> Path:
    project = f.valid_project()
    project.info = f.info(name=name)
    project.matters = [
        f.matter("A1", "企业设立登记", [f.entry("营业执照")]),
        f.matter("A2", "企业变更登记", [f.entry("变更登记通知书")]),
        f.matter("B1", "建设工程规划许可", [f.entry("建设工程规划许可证")]),
        f.matter("C1", "档案查询", [f.entry("档案查询记录")]),
    ]
    return f.write_project(path, project)


def do(session: Session, command) -> UndoStack:
    history = UndoStack(session)
    history.push(command)
    return history


def edit(session: Session, entry_name: str, **changes) -> None:
    matter, entry = next((m, e) for m, e in session.entries.values() if e.name == entry_name)
    do(session, UpdateEntry(entry.model_copy(deep=True), entry.model_copy(update=changes)))


def add(session: Session, matter_code: str, entry) -> None:
    matter = next(m for m in session.project.matters if m.code == matter_code)
    do(session, AddEntry(matter.id, entry))


def assign(session: Session, codes: list[str], who: str) -> None:
    do(session, packages.assign_command(session, packages.select_matters(session, codes=codes), who))


def state(session: Session) -> list:
    """Everything a person sees of the matters and entries, without ids."""
    def matter(m: Matter) -> tuple:
        return (m.code, m.name, m.assignee, m.no_data_reason, [entry_values(e) for e in m.entries])

    return [matter(m) for m in session.project.matters]
