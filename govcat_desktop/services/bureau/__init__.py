"""The bureau's use cases: collect units' submissions, progress board, cross-unit checks, feedback, outputs, report."""

from __future__ import annotations

from govcat_desktop.domain.models import BUREAU_ROLES

KIND_TASK = {"contacts": "T1", "mechanism": "T2", "catalog": "T3", "demand": "T4", "review": "T4"}
KIND_LABEL = {
    "contacts": "工作联系表",
    "mechanism": "体制机制情况",
    "catalog": "数据资源目录",
    "demand": "共享数据需求",
    "review": "需求审核确认",
}


def is_bureau(role: str) -> bool:
    return role in BUREAU_ROLES


__all__ = ["KIND_LABEL", "KIND_TASK", "is_bureau"]
