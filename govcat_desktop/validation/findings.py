"""A finding: what is wrong or doubtful, where, and what the clerk should do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from govcat_desktop.domain.roles import KIND_TASK as _KIND_TASK

Severity = Literal["error", "warning"]
KINDS = ("project", "contacts", "mechanism", "matter", "catalog", "item", "demand", "review")
SEVERITY_LABEL = {"error": "错误", "warning": "提醒"}
KIND_TASK = _KIND_TASK  # record kind → task, from forms/roles.toml


@dataclass(frozen=True, slots=True)
class Finding:
    """One validation result. `ref` locates the record for the UI, e.g. ("item", entry_id, index)."""

    severity: Severity
    kind: str
    record: str
    field: str
    rule: str
    message: str
    ref: tuple = ()

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def task(self) -> str:
        return KIND_TASK.get(self.kind, "")

    def as_json(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "record": self.record,
            "field": self.field,
            "rule": self.rule,
            "message": self.message,
        }
