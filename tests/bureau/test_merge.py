"""Collect units' .govcat files and editable copies; cross-unit findings; resubmission; the board."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from pathlib import Path

import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.services import transfer
from govcat_desktop.services.bureau.board import board
from govcat_desktop.services.bureau.checks import cross_unit_findings, matches
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile, ProjectFileError
from tests import factories as F
from tests.bureau.conftest import civil_affairs


def _export_copies(path: Path, out: Path) -> list[Path]:
    session = Session.open(path, readonly=True)
    try:
        return transfer.export_task(session, "all", out)
    finally:
        session.close()


def _current(store: ProjectFile) -> Counter:
    return Counter(store.conn.execute(
        "SELECT u.org_name, e.name FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
        " JOIN unit u ON u.id = s.unit_id WHERE s.superseded = 0"
    ).fetchall())


@pytest.fixture
def merged(units, bureau, tmp_path):
    """民政局, 城区 and 盂县 as .govcat files; 自然资源局 as editable copies (with their 盖章版 beside them)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for key in ("minzheng", "chengqu", "gongan"):
        (inbox / units[key].name).write_bytes(units[key].read_bytes())
    _export_copies(units["ziran"], inbox)
    (inbox / "损坏的文件.govcat").write_bytes(b"not a database at all")
    outcome = merge(bureau, [inbox])
    return bureau, outcome


def test_every_entry_present_once_per_unit(merged) -> None:
    store, outcome = merged
    assert [p.name for p, _ in outcome.skipped] == ["损坏的文件.govcat"]
    assert outcome.exit_code == 1
    assert _current(store) == Counter({
        ("阳泉市民政局", "结婚证"): 1,
        ("阳泉市民政局", "养老机构备案信息"): 1,
        ("阳泉市规划和自然资源局", "不动产权证书信息"): 1,
        ("阳泉市规划和自然资源局", "结婚证"): 1,
        ("城区行政审批服务管理局", "养老机构备案（信息）"): 1,
        ("盂县公安局", "户口迁移证明"): 1,
    })
    items = store.conn.execute(
        "SELECT i.name FROM unit_item i JOIN unit_entry e ON e.id = i.entry_id JOIN submission s ON s.id = e.submission_id"
        " JOIN unit u ON u.id = s.unit_id WHERE u.org_name = '阳泉市规划和自然资源局' AND e.name = '不动产权证书信息'"
        " ORDER BY i.pos"
    ).fetchall()
    assert [r[0] for r in items] == ["不动产权证号", "权利人", "坐落", "面积"]


def test_cross_unit_findings(merged) -> None:
    store, _ = merged
    findings = cross_unit_findings(store)
    by_rule: dict[str, list] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    same_name = {f.message.split("”")[0].removeprefix("目录“"): f for f in by_rule["cross-unit-same-name"]}
    # 养老机构备案信息 / 养老机构备案（信息） are the same name once brackets are folded, with other items.
    assert set(same_name) in ({"结婚证", "养老机构备案信息"}, {"结婚证", "养老机构备案（信息）"})
    assert "结婚证字号" in same_name["结婚证"].message
    [same_matter] = by_rule["cross-unit-same-matter"]
    assert "11140300MB0001" in same_matter.message
    assert "阳泉市民政局" in same_matter.message and "城区行政审批服务管理局" in same_matter.message
    near = by_rule["cross-unit-near-duplicate"]
    assert any("养老机构备案（信息）" in f.message and "养老机构备案信息" in f.message for f in near)
    [match] = by_rule["supply-demand-match"]
    assert match.record.startswith("阳泉市民政局")
    assert "阳泉市规划和自然资源局" in match.message and "不动产权证书信息" in match.message


def test_supply_demand_candidates(merged) -> None:
    store, _ = merged
    demands, found = matches(store)
    [demand] = [d for d in demands if d.demand.catalog_name == "不动产权证书"]
    best = found[demand.id][0]
    assert (best.entry.unit, best.entry.name) == ("阳泉市规划和自然资源局", "不动产权证书信息")
    assert best.shared_items == ("不动产权证号", "权利人")
    assert all(c.entry.unit != "阳泉市民政局" for c in found[demand.id])


def test_validate_of_bureau_project_includes_cross_unit_findings(merged) -> None:
    store, _ = merged
    path = store.path
    store.close()
    session = Session.open(path, readonly=True)
    try:
        rules = {f.rule for f in session.findings()}
    finally:
        session.close()
    assert {"cross-unit-same-name", "cross-unit-same-matter", "supply-demand-match"} <= rules


def test_resubmission_replaces_and_keeps_history(merged, tmp_path) -> None:
    store, _ = merged
    again = civil_affairs()
    again.matters[0].entries[0].items.append(InfoItem(name="证件有效期限", data_type="C", length="20"))
    again.matters[1].entries[0].name = "养老机构备案登记信息"
    path = F.write_project(tmp_path / "民政局-重报.govcat", again)
    outcome = merge(store, [path])
    # Only what changed is a new submission; the same contacts, demands and reviews stay the submission they were.
    assert outcome.exit_code == 0 and set(outcome.taken[0].replaced) == {"catalog"}
    assert set(outcome.taken[0].unchanged) == {"contacts", "demand", "review"}
    current = _current(store)
    assert current[("阳泉市民政局", "结婚证")] == 1
    assert current[("阳泉市民政局", "养老机构备案登记信息")] == 1
    assert ("阳泉市民政局", "养老机构备案信息") not in current
    history = store.conn.execute(
        "SELECT s.superseded, s.source FROM submission s JOIN unit u ON u.id = s.unit_id"
        " WHERE u.org_name = '阳泉市民政局' AND s.kind = 'catalog' ORDER BY s.id"
    ).fetchall()
    assert history == [(1, "minzheng.govcat"), (0, "民政局-重报.govcat")]
    [row] = [r for r in board(store) if r.unit.org_name == "阳泉市民政局"]
    assert row.cells["T3"].history == 1 and row.cells["T3"].state == "已报送"


def test_board_states_and_deadlines(merged) -> None:
    store, _ = merged
    today = _dt.date.today()
    rows = {r.unit.org_name: r for r in board(store, today)}
    assert rows["盂县公安局"].cells["T1"].state == "—"  # a county department owes T3 and T4 only
    assert rows["盂县公安局"].cells["T4"].state == "未报送"
    assert rows["城区行政审批服务管理局"].cells["T2"].state == "已报送"
    assert rows["阳泉市规划和自然资源局"].cells["T2"].state == "—"
    # Deadline 2026-09-24 is before anything was received today (≥ 2026-11) → late; set it ahead → on time.
    late = today > _dt.date(2026, 9, 24)
    assert rows["阳泉市民政局"].cells["T3"].overdue == late
    info = store.get_info()
    info.profile.deadline_t3 = info.profile.deadline_t4 = (today + _dt.timedelta(days=30)).isoformat()
    store.save_info(info)
    rows = {r.unit.org_name: r for r in board(store, today)}
    assert not rows["阳泉市民政局"].cells["T3"].overdue
    assert not rows["盂县公安局"].cells["T4"].overdue  # not in yet, but not due yet either
    assert rows["盂县公安局"].cells["T4"].overdue is False
    # After the deadline a unit that has not sent T4 is overdue.
    later = today + _dt.timedelta(days=31)
    rows = {r.unit.org_name: r for r in board(store, later)}
    assert rows["盂县公安局"].cells["T4"].overdue and rows["盂县公安局"].overdue


def test_a_unit_project_cannot_merge(units) -> None:
    store = ProjectFile.open(units["minzheng"])
    try:
        with pytest.raises(ProjectFileError) as info:
            merge(store, [units["ziran"]])
    finally:
        store.close()
    assert "市大数据局或县（区）主管机构" in info.value.message


def test_nothing_readable_is_exit_1_not_2(bureau, tmp_path) -> None:
    # README: 1 when files were left aside, 2 only when the merge could not be done at all (issue #19).
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    outcome = merge(bureau, [bad, tmp_path / "不存在.govcat"])
    assert outcome.exit_code == 1 and not outcome.taken
    reasons = dict((p.name, r) for p, r in outcome.skipped)
    assert reasons["不存在.govcat"] == "文件不存在"
    assert reasons["坏.xlsx"]


def test_worker_processes_give_the_same_result(units, tmp_path) -> None:
    from tests.bureau.conftest import bureau_info

    results = []
    for workers in (0, 2):
        store = ProjectFile.create(tmp_path / f"city{workers}.govcat", bureau_info())
        try:
            outcome = merge(store, [units[k] for k in sorted(units)] + [tmp_path / "无.govcat"], workers=workers)
            results.append((
                [(t.unit, t.kinds, t.errors, t.warnings) for t in outcome.taken],
                [(p.name, r) for p, r in outcome.skipped],
                sorted(_current(store).items()),
                store.conn.execute("SELECT kind, fingerprint, records, items FROM submission ORDER BY id").fetchall(),
            ))
        finally:
            store.close()
    assert results[0] == results[1]


def test_a_copy_edited_after_export_is_taken_with_a_warning(units, bureau, tmp_path) -> None:
    from openpyxl import load_workbook

    from govcat_desktop.services.notify import SilentNotifier

    out = tmp_path / "copies"
    [copy] = [p for p in _export_copies(units["ziran"], out) if "目录" in p.name and "可编辑" in p.name]
    wb = load_workbook(copy)
    ws = wb["数据资源目录"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("资源摘要") + 1).value = "导出后改过的摘要"
    wb.save(copy)
    notifier = SilentNotifier()
    outcome = merge(bureau, [copy], notifier)
    assert outcome.exit_code == 0
    warnings = [m for kind, m in notifier.messages if kind == "warning"]
    assert any("指纹" in m and "导出后被修改过" in m for m in warnings)
    stored = bureau.conn.execute("SELECT fingerprint FROM submission").fetchone()[0]
    assert stored and stored in warnings[0]  # the fingerprint printed on the 盖章版


def test_one_module_makes_the_fingerprints_and_a_stored_one_stays_the_same() -> None:
    """intake's record fingerprint is exchange.fingerprint's (one module), with the value stored before."""
    import hashlib
    import json

    from govcat_desktop.exchange.fingerprint import format_code, records_fingerprint
    from govcat_desktop.services.bureau import intake

    data = [["11140300MB0001", "内地居民结婚登记"], [["结婚证", ["男方姓名", "女方姓名"]]]]
    before = format_code(hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).digest())
    assert intake.fingerprint(data) == records_fingerprint(data) == before
