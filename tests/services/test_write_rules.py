"""Every path that writes an entry passes the same rules, refused with the same sentence (path × rule).

The rules (services.rules): a state move the review allows, 已审核 only without errors and only once a person has
confirmed a proposed draft, 退回 with a note, nothing written to a read-only project. The paths: the entry form, a
grid cell, 批量设置, cleared/pasted cells, paste, fill down, find and replace, duplicate, the import of an editable
copy, the set-status action, and the CLI's set-status, bulk-set and import (exit 2). Each case checks the sentence
and that the file still holds the entry as it was. Before services.rules.check_write, every path but the form's
status buttons and set-status wrote the entry (the bypass of issue 24: bulk-set 已审核 on an unconfirmed draft).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govcat_desktop.cli import main as cli_main
from govcat_desktop.domain.models import Project
from govcat_desktop.services import bulk
from govcat_desktop.services import entry_cells as EC
from govcat_desktop.services.actions import SetEntryStatus
from govcat_desktop.services.commands import UndoStack, UpdateEntry
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.rules import HAS_ERRORS, NOTE_REQUIRED, READ_ONLY, UNCONFIRMED, Refused
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import export_task, preview_import
from tests import factories as f

# rule → (A's state, the state asked for, B's state (a legitimate source for fill down), the sentence)
RULES = {
    "transition": (dict(review_status="草稿"), "已审核", dict(review_status="已审核"),
                   "目录“结婚证”的审核状态是“草稿”，不能改为“已审核”。"),
    "unconfirmed": (dict(review_status="待审核", unconfirmed=True), "已审核", dict(review_status="已审核"), UNCONFIRMED),
    "errors": (dict(review_status="待审核", summary=""), "已审核", dict(review_status="已审核"), HAS_ERRORS),
    "note": (dict(review_status="待审核"), "退回", dict(review_status="退回", review_note="请补充摘要"), NOTE_REQUIRED),
    "readonly": (dict(review_status="待审核"), "草稿", dict(review_status="草稿"), READ_ONLY),
}
KEYS = [c.key for c in EC.COLUMNS]


def _project(rule: str) -> Project:
    a, _want, b, _sentence = RULES[rule]
    matter = f.matter(entries=[f.entry("结婚证", **a), f.entry("离婚证", **b)])
    return Project(info=f.info(), contacts=f.contacts(), matters=[matter])


def _refusal(push) -> str:
    try:
        push()
    except Refused as exc:
        return exc.message
    return ""


# ----- the paths: each tries to give entry A the state `want`; returns the sentence it was refused with ------------
def _form(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    old = s.entries[a][1]  # the entry form's save (ui/catalog_page: push(UpdateEntry(old, draft)))
    return _refusal(lambda: UndoStack(s).push(UpdateEntry(old, old.model_copy(update={"review_status": want}))))


def _cell(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    old = s.entries[a][1]  # ui/grid/edits.EntryEdits.commit_cell
    new = old.model_copy(update=EC.parse_cell(old, EC.column("review_status"), want, s.forms), deep=True)
    return _refusal(lambda: UndoStack(s).push(UpdateEntry(old, new, text="修改")))


def _bulk_set(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    return _refusal(lambda: UndoStack(s).push(bulk.set_field(s, [a], "review_status", want)))


def _set_cells(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    return _refusal(lambda: UndoStack(s).push(bulk.set_cells(s, {a: {"review_status": want}})))


def _paste(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    plan = bulk.paste(s, f"{want}\n", [a, b], "review_status", KEYS)
    return _refusal(lambda: UndoStack(s).push(plan.command))


def _fill_down(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    return _refusal(lambda: UndoStack(s).push(bulk.fill_down(s, [b, a], ["review_status"])))


def _find_replace(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    current = s.entries[a][1].review_status
    return _refusal(lambda: UndoStack(s).push(bulk.find_replace(s, [a], "review_status", current, want)))


def _action(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    return _refusal(lambda: SetEntryStatus(a, want).run(s, Interaction()))


def _edited_copy(s: Session, want: str, tmp: Path) -> Path:
    """The unit's editable copy of its catalog with A's 审核状态 changed in Excel."""
    copy = [p for p in export_task(s, "catalog", tmp) if "可编辑版" in p.name][0]
    wb = openpyxl.load_workbook(copy)
    ws = wb["数据资源目录"]
    header = [c.value for c in ws[1]]
    name, status = header.index("目录名称"), header.index("审核状态")
    for row in ws.iter_rows(min_row=2):
        if row[name].value == "结婚证":
            row[status].value = want
    edited = tmp / "edited.xlsx"
    wb.save(edited)
    return edited


def _import_copy(s: Session, a: int, b: int, want: str, tmp: Path) -> str:
    edited = _edited_copy(s, want, tmp)
    return _refusal(lambda: UndoStack(s).push(preview_import(s, [edited]).command))


def _cli(argv: list[str], capsys) -> str:
    capsys.readouterr()
    code = cli_main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    return err.strip().splitlines()[-1].removeprefix("错误：")  # after the import's preview notes, if any


PATHS = {"form": _form, "cell": _cell, "bulk-set": _bulk_set, "set-cells": _set_cells, "paste": _paste,
         "fill-down": _fill_down, "find-replace": _find_replace, "action": _action, "import-copy": _import_copy}
CLI_PATHS = ("cli set-status", "cli bulk-set", "cli import")


def _status(path: Path) -> tuple[str, str, bool]:
    s = Session.open(path, readonly=True)
    try:
        entry = next(e for m in s.project.matters for e in m.entries if e.name == "结婚证")
        return entry.review_status, entry.review_note, entry.unconfirmed
    finally:
        s.close()


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("path_name", list(PATHS))
def test_every_path_is_refused_by_every_rule(tmp_path, path_name, rule):
    path = f.write_project(tmp_path / "p.govcat", _project(rule))
    before = _status(path)
    _a, want, _b, sentence = RULES[rule]
    session = Session.open(path, readonly=rule == "readonly")
    try:
        a, b = (next(e.id for e in session.project.matters[0].entries if e.name == n) for n in ("结婚证", "离婚证"))
        assert PATHS[path_name](session, a, b, want, tmp_path) == sentence
        assert session.entries[a][1].review_status == before[0]  # memory follows the file: nothing written
    finally:
        session.close()
    assert _status(path) == before


@pytest.mark.parametrize("rule", [r for r in RULES if r != "readonly"])  # the CLI opens a project to write it
@pytest.mark.parametrize("path_name", CLI_PATHS)
def test_every_cli_command_is_refused_by_every_rule_and_exits_2(tmp_path, capsys, path_name, rule):
    path = f.write_project(tmp_path / "p.govcat", _project(rule))
    before = _status(path)
    _a, want, _b, sentence = RULES[rule]
    if path_name == "cli set-status":
        argv = ["set-status", str(path), "--entry", "结婚证", "--status", want]
    elif path_name == "cli bulk-set":
        argv = ["bulk-set", str(path), "--field", "审核状态", "--value", want]  # B has `want` already: only A moves
    else:
        session = Session.open(path, readonly=True)
        try:
            edited = _edited_copy(session, want, tmp_path)
        finally:
            session.close()
        argv = ["import", str(path), str(edited)]
    assert _cli(argv, capsys) == sentence
    assert _status(path) == before


def test_a_bulk_edit_leaves_out_what_the_rules_refuse_and_says_so(tmp_path):
    """Some entries may move, some may not: the edit does the allowed ones and names what it left out."""
    matter = f.matter(entries=[f.entry("结婚证", review_status="草稿"), f.entry("离婚证", review_status="待审核")])
    path = f.write_project(tmp_path / "p.govcat", Project(info=f.info(), contacts=f.contacts(), matters=[matter]))
    session = Session.open(path)
    try:
        ids = list(session.entries)
        command = bulk.set_field(session, ids, "review_status", "已审核")
        assert len(command.pairs) == 1 and command.skipped == 1 and not command.refusal
        assert command.skipped_text == "1 个目录未修改（目录“结婚证”的审核状态是“草稿”，不能改为“已审核”。）"
        UndoStack(session).push(command)
        assert [session.entries[i][1].review_status for i in ids] == ["草稿", "已审核"]
    finally:
        session.close()


def test_undo_and_redo_of_an_allowed_move_are_not_refused(tmp_path):
    """待审核 → 已审核 is allowed; its undo goes back to 待审核 (not a move a clerk may make, but a step back)."""
    matter = f.matter(entries=[f.entry("结婚证", review_status="待审核")])
    path = f.write_project(tmp_path / "p.govcat", Project(info=f.info(), contacts=f.contacts(), matters=[matter]))
    session = Session.open(path)
    try:
        stack = UndoStack(session)
        (entry_id,) = session.entries
        stack.push(bulk.set_field(session, [entry_id], "review_status", "已审核"))
        assert stack.undo() and session.entries[entry_id][1].review_status == "待审核"
        assert stack.redo() and session.entries[entry_id][1].review_status == "已审核"
    finally:
        session.close()


def test_duplicate_and_a_new_entry_are_refused_on_a_read_only_project(tmp_path):
    path = f.write_project(tmp_path / "p.govcat", _project("readonly"))
    session = Session.open(path, readonly=True)
    try:
        a = next(iter(session.entries))
        matter_id = session.project.matters[0].id
        assert _refusal(lambda: UndoStack(session).push(bulk.duplicate_entry(session, a, [matter_id]))) == READ_ONLY
        assert len(session.entries) == 2
    finally:
        session.close()
