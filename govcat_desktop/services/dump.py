"""Deterministic JSON of every record of a project, without internal ids."""

from __future__ import annotations

import json
from typing import Any

from govcat_desktop.domain.models import Project


# Internal bookkeeping, like ids: when an entry's 信息资源代码 first left the project (it freezes the code).
_INTERNAL = frozenset({"id", "code_exported"})


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k not in _INTERNAL}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _key(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def project_dump(project: Project) -> dict[str, Any]:
    """Records sorted by content, so two projects holding the same records dump the same."""
    data = _strip_ids(project.model_dump(mode="json"))
    for matter in data["matters"]:
        matter["entries"].sort(key=_key)
    data["matters"].sort(key=lambda m: (m["code"], m["name"], _key(m)))
    data["demands"].sort(key=_key)
    data["reviews"].sort(key=_key)
    return data


def dump_json(project: Project) -> str:
    return json.dumps(project_dump(project), ensure_ascii=False, indent=2) + "\n"
