"""The domain's rules on every write, worded once; raised as Refused (a rule says no, not a bug or a file error).

Every edit of a project — the entry form, a grid cell, paste, fill down, find and replace, 批量设置, duplicate,
the import of an editable copy, a wizard, the CLI — is a command pushed on the command history
(services.commands.UndoStack.push), and push() asks `check_write` first. So the rules below hold on every path:

- a read-only project takes no edit;
- an entry's 审核状态 moves only as TRANSITIONS allow (a new entry has no state to move from);
- 退回 needs a note (审核意见);
- 已审核 only for an entry without errors, and only once a person has confirmed a proposed draft.

The sentence of a refusal is the same on every path (the GUI shows it, the CLI prints it and exits 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from govcat_desktop.domain.models import CatalogEntry, Matter
    from govcat_desktop.validation import Validator
    from govcat_desktop.services.session import Session

# The review states of an entry inside a unit, and which moves each allows.
REVIEW_STATES = ("草稿", "待审核", "已审核", "退回")
TRANSITIONS = {"草稿": ("待审核",), "退回": ("待审核",), "待审核": ("已审核", "退回", "草稿"), "已审核": ("草稿",)}
DECISIONS = ("已审核", "退回")

READ_ONLY = "项目以只读方式打开，不能修改。"
NOTE_REQUIRED = "退回时请写明审核意见，告诉单位需要修改什么。"
HAS_ERRORS = "该目录还有错误，改正后才能审核通过。"
UNCONFIRMED = "该目录是按规则生成的草稿，还未经人工确认；请核对并“确认草稿”后再审核通过。"
BUREAU_HAS_ERRORS = "目录“{name}”还有 {n} 个错误（{first}），不能审核通过；请退回，并在审核意见中写明要修改的地方。"


class Refused(Exception):
    """A rule of the domain says no; `message` is the Chinese sentence for the user (CLI exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# One write of a catalog entry: its matter, the entry as it is now (None: a new entry) and as it would be.
EntryWrite = tuple["Matter", "CatalogEntry | None", "CatalogEntry"]


class Writes(Protocol):
    """What a command says it would write (services.commands.Command.entry_writes)."""

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]: ...


def state_refusal(status: str) -> str:
    if status not in REVIEW_STATES:
        return f"审核状态应为{'、'.join(f'“{s}”' for s in REVIEW_STATES)}之一，而不是“{status}”。"
    return ""


def transition_refusal(name: str, current: str, status: str) -> str:
    if status not in TRANSITIONS.get(current, ()):
        return f"目录“{name}”的审核状态是“{current}”，不能改为“{status}”。"
    return ""


def entry_refusal(session: Session, matter: Matter, old: CatalogEntry | None, new: CatalogEntry) -> str:
    """Why this write of one entry may not happen ("" when it may): the review rules, in the set-status order."""
    status = new.review_status or "草稿"
    current = (old.review_status or "草稿") if old is not None else None
    if status == current:
        return ""  # the state does not move: an edit of other fields
    reason = state_refusal(status)
    if not reason and old is not None and current is not None:
        reason = transition_refusal(old.name, current, status)
    if reason:
        return reason
    if status == "退回" and not new.review_note.strip():
        return NOTE_REQUIRED
    if status == "已审核":
        if (old if old is not None else new).unconfirmed:
            return UNCONFIRMED
        if any(f.is_error for f in session.validator.check_entry(new, matter)):
            return HAS_ERRORS
    return ""


def write_refusal(session: Session, command: Writes) -> str:
    """The first rule a command would break ("" when none): the one check every write passes."""
    if session.readonly:
        return READ_ONLY
    for matter, old, new in command.entry_writes(session):
        reason = entry_refusal(session, matter, old, new)
        if reason:
            return reason
    return ""


def check_write(session: Session, command: Writes) -> None:
    reason = write_refusal(session, command)
    if reason:
        raise Refused(reason)


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


def bureau_accept_refusal(validator: Validator, entry: CatalogEntry | None) -> str:
    """The bureau's 审核通过 of a received entry, by the unit's own rule: only an entry without errors (the unit's
    已审核 asks the same, HAS_ERRORS). '' when it may be accepted (or is gone: the mark itself says so)."""
    if entry is None:
        return ""
    errors = [f for f in validator.check_entry(entry) if f.is_error]
    if not errors:
        return ""
    first = errors[0].message.rstrip("。")
    return BUREAU_HAS_ERRORS.format(name=entry.name.strip() or "未命名", n=len(errors), first=first)
