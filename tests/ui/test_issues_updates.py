"""The issues dock after a step: only the groups and rows that changed move, so the clerk's expanded group, current
row and scroll position stay while fixing findings one by one (a reset collapsed them after every fix)."""

from __future__ import annotations

import random

from PySide6.QtCore import QModelIndex, Qt

from govcat_desktop.ui.issues_dock import FINDING_ROLE, FindingsModel, IssuesDock
from govcat_desktop.validation.findings import Finding

MISSING = "该事项还没有数据资源目录：请梳理办理该事项后产生的数据并编目。"


def _missing(n: int) -> Finding:
    return Finding("warning", "matter", f"事项{n}", "", "matter-no-entry", MISSING, ("matter", n))


def _required(n: int, field: str = "summary") -> Finding:
    return Finding("error", "catalog", f"目录{n}", field, "required", f"请填写“{field}”。", ("catalog", n))


def _rows(model: FindingsModel) -> list:
    """Every (group, findings below) as shown, in a comparable form."""
    out = []
    for r in range(model.rowCount()):
        top = model.index(r, 0)
        kids = [model.index(k, 0, top).data(FINDING_ROLE) for k in range(model.rowCount(top))]
        out.append((top.data(FINDING_ROLE), top.data(Qt.ItemDataRole.DisplayRole),
                    model.index(r, 2).data(), tuple(kids)))
    return sorted(out, key=repr)


def test_random_steps_leave_the_model_as_a_fresh_one(qtmodeltester):
    rng = random.Random(7)
    pool = [_missing(n) for n in range(40)] + [_required(n) for n in range(20)] + [
        _required(n, "domain") for n in range(5)] + [Finding("warning", "item", "目录1 / 日期", "data_type", "type",
                                                             "数据类型与名称不符。", ("item", 1, 0))]
    model = FindingsModel()
    qtmodeltester.check(model)
    current: list = []
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    for step in range(80):
        current = [f for f in pool if rng.random() < 0.6] if step % 10 == 0 else [
            f for f in pool if (f in current) != (rng.random() < 0.08)]
        rng.shuffle(current) if step % 17 == 0 else None
        model.set_findings(current)
        fresh = FindingsModel()
        fresh.set_findings(current)
        assert _rows(model) == _rows(fresh), step
    qtmodeltester.check(model)
    assert len(resets) < 20  # updated in place: a reset only when a step emptied or refilled the list


def test_fixing_one_finding_keeps_the_expanded_group_and_the_current_row(qtbot):
    dock = IssuesDock()
    qtbot.addWidget(dock)
    dock.show()
    findings = [_missing(n) for n in range(300)] + [_required(n) for n in range(3)]
    dock.set_findings(findings)
    view, proxy = dock.view, dock.proxy
    group = next(proxy.index(r, 0) for r in range(proxy.rowCount()) if proxy.rowCount(proxy.index(r, 0)) == 300)
    view.expand(group)
    target = proxy.index(200, 0, group)
    view.setCurrentIndex(target)
    view.scrollTo(target)
    scrolled = view.verticalScrollBar().value()
    assert scrolled > 0
    picked = target.data(FINDING_ROLE)
    resets = []
    dock.model.modelReset.connect(lambda: resets.append(1))
    dock.set_findings([f for f in findings if f.ref != ("matter", 5) and f.ref != ("catalog", 1)])  # two fixed
    group = next(proxy.index(r, 0) for r in range(proxy.rowCount()) if proxy.rowCount(proxy.index(r, 0)) == 299)
    assert not resets
    assert view.isExpanded(group)
    assert view.currentIndex().data(FINDING_ROLE) == picked
    assert view.verticalScrollBar().value() > 0
    assert "299" in proxy.index(group.row(), 2).data()
    assert not dock.model.index(0, 0, QModelIndex()).parent().isValid()


def test_the_rule_list_is_kept_while_its_kinds_and_counts_stay(qtbot):
    """The 全部问题类型 list was cleared and refilled after every step and validation (seen in a real window: its
    model's rows removed and inserted after a bulk edit that changed no finding); refilled only when it changes."""
    dock = IssuesDock()
    qtbot.addWidget(dock)
    findings = [_missing(n) for n in range(3)] + [_required(n) for n in range(2)]
    dock.set_findings(findings)
    moved = []
    model = dock.rule.model()
    model.rowsRemoved.connect(lambda *_a: moved.append("removed"))
    model.rowsInserted.connect(lambda *_a: moved.append("inserted"))
    dock.rule.setCurrentIndex(2)
    dock.rule.activated.emit(2)  # as a click in its list
    chosen = dock.rule.currentData()
    assert chosen
    dock.set_findings(list(reversed(findings)))  # the same kinds and counts, another order
    assert moved == [] and dock.rule.currentData() == chosen and dock.rule.count() == 3
    dock.set_findings(findings[1:])  # one fewer: the counts change, the choice stays
    assert moved and dock.rule.currentData() == chosen
    assert [dock.rule.itemText(i) for i in range(dock.rule.count())][1:] == [
        f"{dock.rule.itemText(1).split('（')[0]}（2）", f"{dock.rule.itemText(2).split('（')[0]}（2）"]
