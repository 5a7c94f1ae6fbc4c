"""Roles and the tasks each owes, task names, record kinds and their names — read from forms/roles.toml.

The one source of these lists (forms are data): status, validation, exchange, the bureau's board, the
CLI and the UI all ask here.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    name: str
    tasks: tuple[str, ...]
    bureau: bool = False
    county: bool = False
    gathers: tuple[str, ...] = ()  # a bureau: the roles of the units whose files it merges


@dataclass(frozen=True)
class Kind:
    key: str
    task: str
    label: str
    title: str = ""
    short: str = ""
    export: bool = False


@dataclass(frozen=True)
class Duties:
    tasks: dict[str, str]  # T1 → 报送工作联系人, in order
    roles: dict[str, Role]  # in order
    kinds: dict[str, Kind]  # in order

    def owes(self, role: str, task: str) -> bool:
        r = self.roles.get(role)
        return r is not None and task in r.tasks

    def export_kinds(self, role: str | None = None) -> tuple[str, ...]:
        """The exported kinds (contacts … review), or only those `role` owes (all when the role is unknown)."""
        kinds = [k for k in self.kinds.values() if k.export]
        if role is not None and role in self.roles:
            kinds = [k for k in kinds if self.owes(role, k.task)]
        return tuple(k.key for k in kinds)


@functools.cache
def duties() -> Duties:
    """The bundled forms/roles.toml (cached: read once per process)."""
    from govcat_desktop.paths import forms_dir

    with open(forms_dir() / "roles.toml", "rb") as fh:
        raw = tomllib.load(fh)
    return Duties(
        tasks={str(k): str(v) for k, v in raw["tasks"].items()},
        roles={r["name"]: Role(r["name"], tuple(r["tasks"]), bool(r.get("bureau")), bool(r.get("county")),
                               tuple(r.get("gathers", ()))) for r in raw["role"]},
        kinds={k["key"]: Kind(k["key"], k["task"], k["label"], k.get("title", ""), k.get("short", ""),
                              bool(k.get("export"))) for k in raw["kind"]},
    )


def _names(pick: str) -> dict[str, str]:
    return {k.key: getattr(k, pick) for k in duties().kinds.values() if getattr(k, pick)}


# Plain views for callers that want a mapping or a tuple.
ROLES: tuple[str, ...] = tuple(duties().roles)
BUREAU_ROLES: tuple[str, ...] = tuple(r.name for r in duties().roles.values() if r.bureau)
COUNTY_ROLES: tuple[str, ...] = tuple(r.name for r in duties().roles.values() if r.county)
TASK_NAMES: dict[str, str] = dict(duties().tasks)
TASKS_BY_ROLE: dict[str, tuple[str, ...]] = {r.name: r.tasks for r in duties().roles.values()}
KIND_TASK: dict[str, str] = {k.key: k.task for k in duties().kinds.values()}
KIND_LABEL: dict[str, str] = _names("label")  # 工作联系表, 数据资源目录, …
KIND_TITLE: dict[str, str] = _names("title")  # 政务数据资源目录, 政务服务事项, … (workbooks, file names)
KIND_SHORT: dict[str, str] = _names("short")  # 目录, 信息项, … (review comments)
