"""The bureau's use cases: collect units' submissions, progress board, cross-unit checks, feedback, outputs, report."""

from __future__ import annotations

from govcat_desktop.domain.roles import BUREAU_ROLES, KIND_LABEL, KIND_TASK  # forms/roles.toml


def is_bureau(role: str) -> bool:
    return role in BUREAU_ROLES


__all__ = ["KIND_LABEL", "KIND_TASK", "is_bureau"]
