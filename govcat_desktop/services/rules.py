"""The domain's review rules, worded once; raised as Refused (a rule says no, not a bug or a file error)."""

from __future__ import annotations

# The review states of an entry inside a unit, and which moves each allows.
REVIEW_STATES = ("草稿", "待审核", "已审核", "退回")
TRANSITIONS = {"草稿": ("待审核",), "退回": ("待审核",), "待审核": ("已审核", "退回", "草稿"), "已审核": ("草稿",)}
DECISIONS = ("已审核", "退回")

NOTE_REQUIRED = "退回时请写明审核意见，告诉单位需要修改什么。"
HAS_ERRORS = "该目录还有错误，改正后才能审核通过。"


class Refused(Exception):
    """A rule of the domain says no; `message` is the Chinese sentence for the user (CLI exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def decision_refusal(decision: str, note: str | None) -> str:
    """The bureau's (and a unit's own) review decision rule: 已审核 or 退回, and 退回 needs a note."""
    if decision not in DECISIONS:
        return f"审核结论应为“已审核”或“退回”，而不是“{decision}”。"
    if decision == "退回" and not (note or "").strip():
        return NOTE_REQUIRED
    return ""


def check_decision(decision: str, note: str | None) -> None:
    reason = decision_refusal(decision, note)
    if reason:
        raise Refused(reason)
