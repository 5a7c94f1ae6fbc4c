"""Division of work inside a unit (issue 23): matters assigned to 科室, the overview per assignee, work packages cut.

A work package is a project file holding one assignee's matters with their entries, the unit's forms and
settings, its own package row (so it opens as a normal project but cannot be handed to the bureau) and the base it
was cut from; the coordinator's file keeps the same base per package (services.package_merge merges it back).
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from govcat_desktop.domain.models import Matter
from govcat_desktop.services.commands import Command, Composite, UpdateMatter
from govcat_desktop.services.rules import Refused
from govcat_desktop.services.session import Session
from govcat_desktop.storage import package_store
from govcat_desktop.storage.package_store import Package

UNASSIGNED = "（未分配）"
MAX_ASSIGNEE_CHARS = 50
NOT_FOR_BUREAU = ("这是分给“{assignee}”的工作包，不能直接报送市大数据局。请填好后交回本单位汇总人，"
                  "由汇总人合并到本单位的项目后再导出报送材料。")
NO_PACKAGE_FROM_PACKAGE = "这是一个工作包，不能再从中导出工作包；请在本单位的项目中分配和导出。"


def clean_assignee(text: str) -> str:
    """The assignee as it will be stored; a refusal for what cannot be one."""
    name = " ".join(text.split())
    if len(name) > MAX_ASSIGNEE_CHARS:
        raise Refused(f"承办科室的名称最多 {MAX_ASSIGNEE_CHARS} 个字。")
    if any(ord(ch) < 32 or 0x200B <= ord(ch) <= 0x200F or 0x202A <= ord(ch) <= 0x202E for ch in name):
        raise Refused("承办科室的名称中含有控制字符（不可见的特殊字符），请重新输入。")
    return name


# ----- choosing matters -------------------------------------------------------------------------------------------
def select_matters(session: Session, *, codes: Iterable[str] = (), dept: str = "", pattern: str = "",
                   unassigned: bool = False, every: bool = False) -> list[Matter]:
    """Matters by 事项编码, by 实施部门, by a name pattern (* and ? as wildcards, else a part of the name), or all.

    Several criteria narrow each other; `unassigned` keeps only matters no one has yet. A code not found is refused
    (every one of them is named)."""
    matters = list(session.project.matters)
    wanted = [c.strip() for c in codes if c.strip()]
    if wanted:
        by_code = {m.code: m for m in matters}
        missing = [c for c in wanted if c not in by_code]
        if missing:
            raise Refused(f"本项目中没有事项编码为{'、'.join(f'“{c}”' for c in missing[:5])}"
                          f"{'等' if len(missing) > 5 else ''}的事项。")
        chosen = set(wanted)
        matters = [m for m in matters if m.code in chosen]
    elif not (dept or pattern or every or unassigned):
        raise Refused("请指定要分配的事项：事项编码、实施部门、事项名称，或“全部”。")
    if dept:
        matters = [m for m in matters if m.dept.strip() == dept.strip()]
    if pattern:
        if any(ch in pattern for ch in "*?["):
            matters = [m for m in matters if fnmatch.fnmatchcase(m.name, pattern)]
        else:
            matters = [m for m in matters if pattern in m.name]
    if unassigned:
        matters = [m for m in matters if not m.assignee]
    return matters


def assign_command(session: Session, matters: Iterable[Matter], assignee: str) -> Command | None:
    """One undoable edit giving `matters` to `assignee` ("" takes them back); None when nothing would change."""
    name = clean_assignee(assignee)
    steps: list[Command] = []
    for matter in matters:
        if matter.assignee != name:
            old = matter.model_copy(update={"entries": []})
            steps.append(UpdateMatter(old, old.model_copy(update={"assignee": name})))
    if not steps:
        return None
    count = len(steps)
    text = f"将 {count} 个事项分配给“{name}”" if name else f"取消 {count} 个事项的分配"
    return Composite(steps, text=text)


# ----- overview -----------------------------------------------------------------------------------------------------
@dataclass
class AssigneeRow:
    assignee: str
    matters: int = 0
    entries: int = 0
    errors: int = 0
    unconfirmed: int = 0
    no_entry: int = 0  # matters with neither an entry nor a reason for having none

    def text(self) -> str:
        return (f"{self.assignee}：事项 {self.matters} 个（尚未梳理 {self.no_entry} 个），目录 {self.entries} 条，"
                f"错误 {self.errors} 个，未确认的草稿 {self.unconfirmed} 条")


def overview(session: Session, findings: Iterable | None = None) -> list[AssigneeRow]:
    """Per assignee (the unassigned last): matters, entries, errors, unconfirmed drafts. Empty when nobody is
    assigned anything (a unit that does not divide its work sees nothing new)."""
    project = session.project
    if not any(m.assignee for m in project.matters):
        return []
    owner_of: dict[tuple, str] = {}
    rows: dict[str, AssigneeRow] = {}
    for m in project.matters:
        who = m.assignee or UNASSIGNED
        row = rows.setdefault(who, AssigneeRow(who))
        row.matters += 1
        row.entries += len(m.entries)
        row.unconfirmed += sum(e.unconfirmed for e in m.entries)
        row.no_entry += not m.entries and not m.no_data
        owner_of[("matter", m.id)] = who
        for e in m.entries:
            owner_of[("catalog", e.id)] = who
    for f in session.findings() if findings is None else findings:
        if not f.is_error or not f.ref:
            continue
        ref = ("catalog", f.ref[1]) if f.ref[0] == "item" else tuple(f.ref[:2])
        owner = owner_of.get(ref)
        if owner is not None:
            rows[owner].errors += 1
    return sorted(rows.values(), key=lambda r: (r.assignee == UNASSIGNED, r.assignee))


def assignees(session: Session) -> list[str]:
    """The assignees named in the project, in order of their first matter."""
    return list(dict.fromkeys(m.assignee for m in session.project.matters if m.assignee))


# ----- packages -----------------------------------------------------------------------------------------------------
def own_package(session: Session) -> Package | None:
    """The package this open project is (None: a unit's own project)."""
    return package_store.own_package(session.store)


@dataclass
class Cut:
    path: Path
    package: Package
    matters: int
    entries: int


def export_package(session: Session, assignee: str, target: str | os.PathLike[str], *,
                   now: _dt.datetime | None = None) -> Cut:
    """Cut the package of `assignee`: a new project file at `target`; this project keeps the package's base."""
    if own_package(session) is not None:
        raise Refused(NO_PACKAGE_FROM_PACKAGE)
    if session.readonly:
        raise Refused("项目以只读方式打开，不能导出工作包（导出时需记下工作包的基准）。")
    name = clean_assignee(assignee)
    matters = [m for m in session.project.matters if name and m.assignee == name]
    if not matters:
        known = assignees(session)
        hint = f"已分配的承办科室：{'、'.join(known)}。" if known else "还没有事项分配给任何科室，请先分配事项。"
        raise Refused(f"没有分配给“{name}”的事项。{hint}")
    path = Path(target)
    if path.suffix.lower() != ".govcat":
        path = path.with_name(path.name + ".govcat")
    info = session.project.info
    stamp = (now or _dt.datetime.now()).replace(microsecond=0).isoformat()
    package = Package(id=uuid.uuid4().hex, side=package_store.SENT, assignee=name, org_code=info.org_code,
                      org_name=info.org_name, created_at=stamp, matters=[m.id for m in matters if m.id is not None])
    from govcat_desktop.services.package_merge import base_rows, tag

    copies = tag([m.model_copy(deep=True) for m in matters])
    rows = base_rows(copies)
    own = Package(**{**package.__dict__, "side": package_store.SELF})
    written = package_store.cut(path, info, session.project.contacts, session.project.mechanism, copies, own, rows)
    try:
        with session.store.transaction():
            package_store.put_package(session.store, package)
            package_store.put_base(session.store, package.id, rows)
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    return Cut(written, package, len(matters), sum(len(m.entries) for m in matters))


def sent_packages(session: Session) -> list[Package]:
    return package_store.packages(session.store, package_store.SENT)


def banner(session: Session) -> str:
    """What the window says of an open package (title, status bar); "" for a unit's own project."""
    package = own_package(session)
    if package is None:
        return ""
    return f"工作包：{package.assignee}（{package.org_name}，导出于 {package.created_at.replace('T', ' ')}）"


def hand_back_name(session: Session) -> str:
    """The file name suggested when a 科室 hands its package back."""
    package = own_package(session)
    who = package.assignee if package is not None else ""
    return f"{session.path.stem}-交回.govcat" if not who or who in session.path.stem else f"{who}-交回.govcat"


def hand_back(session: Session, target: str | os.PathLike[str]) -> Path:
    """A copy of this package for the coordinator (the package keeps its row and base); refused for a unit's
    own project, which has nothing to hand back."""
    if own_package(session) is None:
        raise Refused("当前打开的是本单位的项目，不是工作包，没有要交回的内容。工作包由汇总人“导出工作包”生成。")
    path = Path(target)
    if path.suffix.lower() != ".govcat":
        path = path.with_name(path.name + ".govcat")
    if path.resolve() == session.path.resolve():
        raise Refused("请另选一个文件名：交回的工作包不能覆盖正在编辑的文件。")
    return session.store.save_copy(path)


def package_file_name(session: Session, assignee: str, folder: str | os.PathLike[str]) -> Path:
    """A new file in `folder` for the package of `assignee` (a number added when the name is taken)."""
    org = session.project.info.org_name or session.path.stem
    base = "".join(ch if ch not in '\\/:*?"<>|' else "_" for ch in f"{org}-{assignee}-工作包")
    path = Path(folder) / f"{base}.govcat"
    n = 2
    while path.exists():
        path = Path(folder) / f"{base}（{n}）.govcat"
        n += 1
    return path
