"""The bureau reviews only what changed (issue 22): a resubmitted catalog merged against the version it accepted.

Before a unit's new catalog replaces the current one, the current entries are read (with their review states, and for
entries changed since, the content the bureau had accepted); after the new rows are stored, each new entry is matched to
an earlier one (by its 目录标识, else by 事项编码 + 目录名称): unchanged, it keeps its review state (已审核 stays
已审核); changed back to what was accepted, it is 已审核 again; otherwise it waits for review (待审核) marked
变更 with a field-by-field diff against the accepted content, or 新增. Earlier entries missing from the new
catalog are listed as 注销 with the unit's reason, for the bureau to confirm.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from govcat_desktop.domain import revisions as R
from govcat_desktop.storage import declared
from govcat_desktop.storage.city_reads import ENTRY_COLUMNS
from govcat_desktop.storage.life_store import HeldEntry, LifeStore, WithdrawnRow

ACCEPTED = "已审核"
TO_CONFIRM = "待确认"
CONFIRMED = "已确认"  # the bureau agrees the entry is withdrawn (注销)
REFUSED = "不予注销"  # the bureau does not agree (with its note: why)
_AT = {c: i for i, c in enumerate(ENTRY_COLUMNS)}
_CONTENT_AT = tuple(_AT[k] for k in R.CONTENT)
_UID, _REASON, _NOTE = _AT["uid"], _AT["change_reason"], _AT["change_note"]
_SHARE, _EXTRA = R.CONTENT.index("share_methods"), R.CONTENT.index("extra")


def snap_of(matter_code: str, matter_name: str, values: tuple, items: tuple, state: str = "") -> R.Snap:
    """A Snap of an entry in its stored form (ENTRY_COLUMNS values): lists decoded, so diffs read as text."""
    content = [values[i] for i in _CONTENT_AT]
    content[_SHARE] = json.loads(content[_SHARE] or "[]")
    content[_EXTRA] = declared.decode(content[_EXTRA])
    return R.Snap(values[_UID], matter_code, matter_name, R.freeze(content), tuple(tuple(i) for i in items), state,
                  values[_REASON], values[_NOTE])


@dataclass
class Before:
    """The unit's current catalog at the bureau, read before a resubmission replaces it."""

    version: int
    entries: list[HeldEntry]
    withdrawn: list[WithdrawnRow]
    whole_accepted: bool  # the submission as a whole was marked 已审核


@dataclass
class Merged:
    """What the merge of one resubmission found (counts for the notifier and the tests)."""

    kept: int = 0  # unchanged entries, review state kept
    changed: int = 0
    new: int = 0
    withdrawn: int = 0
    back: int = 0  # changed back to the accepted content: 已审核 again
    marks: dict[str, int] = field(default_factory=dict)


def read_before(store, unit_id: int | None) -> Before | None:
    if unit_id is None:
        return None
    life = LifeStore(store)
    current = life.current_catalog(unit_id)
    if current is None:
        return None
    sid, review, version = current
    return Before(version, life.entries(sid), life.withdrawn(submission_id=sid), review == ACCEPTED)


def current_version(store, unit_id: int | None) -> int:
    current = LifeStore(store).current_catalog(unit_id) if unit_id is not None else None
    return current[2] if current else 0


def _new_snaps(entries: list[tuple], items: list[tuple]) -> list[R.Snap]:
    grouped: dict[int, list[tuple]] = {}
    for index, _pos, *item in items:
        grouped.setdefault(index, []).append(tuple(item))
    return [snap_of(row[0], row[1], row[2:], tuple(grouped.get(i, ())), "") for i, row in enumerate(entries)]


def _diff_json(before: R.Snap, after: R.Snap, against: str) -> str:
    return json.dumps({"against": against, "fields": [list(f) for f in R.field_diff(before, after)],
                       "items": [list(i) for i in R.item_diff(before.items, after.items)]}, ensure_ascii=False)


def apply(store, submission_id: int, version: int, entries: list[tuple], items: list[tuple],
          withdrawn: list[tuple], before: Before | None) -> Merged:
    """Mark the rows of a newly stored catalog submission against `before` (inside the caller's transaction).
    `withdrawn`: the unit's 注销 list (uid, matter_code, matter_name, name, reason, note)."""
    life = LifeStore(store)
    life.set_version(submission_id, version)
    merged = Merged()
    if before is None:
        return merged
    new = _new_snaps(entries, items)
    ids = life.entry_ids(submission_id)
    # the earlier entries, each with its accepted content (its own when accepted; else the one it was changed from)
    old: list[R.Snap] = []
    held: dict[int, HeldEntry | WithdrawnRow] = {}
    accepted: dict[int, R.Snap | None] = {}
    h: HeldEntry | WithdrawnRow  # an earlier entry, or an earlier 注销 (the pairs below hold either)
    for h in before.entries:
        state = ACCEPTED if h.bureau_status == ACCEPTED or (before.whole_accepted and h.bureau_status != "退回") \
            else h.bureau_status
        s = snap_of(h.matter_code, h.matter_name, h.values, h.items, state)
        old.append(s)
        held[id(s)] = h
        accepted[id(s)] = s if state == ACCEPTED else (R.Snap.from_json(json.loads(h.base)) if h.base else None)
    for w in before.withdrawn:  # withdrawn earlier, not confirmed away: it may come back
        if w.base:
            s = R.Snap.from_json(json.loads(w.base))
            old.append(s)
            held[id(s)] = w
            accepted[id(s)] = s if s.state == ACCEPTED else None
    pairs, added, gone = R.match(old, new)
    position = {id(s): i for i, s in enumerate(new)}
    rows: list[tuple[str, str, str, str, str, int]] = []
    stale: list[tuple[str, str]] = []  # entries changed since the bureau's decision on them
    for b, c in pairs:
        h, base = held[id(b)], accepted[id(b)]
        eid = ids[position[id(c)]]
        if isinstance(h, HeldEntry) and b.content == c.content:
            merged.kept += 1
            if b.state == ACCEPTED:
                rows.append((ACCEPTED, h.bureau_note, "", "", "", eid))
            else:  # 退回 or not yet reviewed: resubmitted, it waits for another look (with its diff, if any)
                rows.append(("", "", h.change_mark, h.base, h.diff, eid))
        elif base is not None and base.content == c.content:
            merged.back += 1
            rows.append((ACCEPTED, "", "", "", "", eid))
        elif base is not None:
            merged.changed += 1
            stale.append((b.matter_code, b.name))
            rows.append(("", "", R.CHANGED, json.dumps(base.to_json(), ensure_ascii=False),
                         _diff_json(base, c, "accepted"), eid))
        else:
            merged.new += 1
            rows.append(("", "", R.NEW, "", _diff_json(b, c, "previous"), eid))
    for c in added:
        merged.new += 1
        rows.append(("", "", R.NEW, "", "", ids[position[id(c)]]))
    life.mark_entries(rows)
    # an entry changed since the bureau's decision: that decision (审核通过 …) was of the earlier version, not this one
    life.archive_decisions(submission_id, stale, f"（第{before.version}版的审核结论，该目录此后已变更）"
                           if before.version else "（此前版本的审核结论，该目录此后已变更）")
    reasons = {}
    for uid, code, _mname, name, reason, note in withdrawn:
        reasons[uid or f"{code}/{name}"] = (reason, note)
    out = []
    for b in gone:
        h, base = held[id(b)], accepted[id(b)]
        reason, note = reasons.get(b.uid) or reasons.get(f"{b.matter_code}/{b.name}") or (
            (h.reason, h.note) if isinstance(h, WithdrawnRow) else ("", ""))
        status = h.status if isinstance(h, WithdrawnRow) else TO_CONFIRM
        kept = base or b
        out.append((b.uid, b.matter_code, b.matter_name, b.name, reason, note,
                    json.dumps(kept.to_json(), ensure_ascii=False), status))
    life.put_withdrawn(submission_id, out)
    merged.withdrawn = len(out)
    return merged


def unit_changes(store, unit: str):
    """(unit name, entries kept 已审核 unchanged, changed rows, withdrawn entries) of the unit named or coded `unit`,
    against the version the bureau accepted; None when the project has no such unit."""
    from govcat_desktop.storage.bureau_store import BureauStore
    from govcat_desktop.storage.life_store import LifeStore

    hits = [u for u in BureauStore(store).units() if unit in (u.org_name, u.org_code)]
    if not hits:
        return None
    life = LifeStore(store)
    rows = [r for r in life.current_marks() if r[0] == hits[0].id]
    changed = [r for r in rows if r[4]]
    kept = sum(1 for r in rows if not r[4] and r[5] == "已审核")
    return hits[0].org_name, kept, changed, life.withdrawn(unit_id=hits[0].id)


def diff_lines(diff: str, label) -> list[str]:
    """A stored diff as lines a person reads: 字段：之前 → 之后; 信息项 X：新增 / 删除 / 变更."""
    if not diff:
        return []
    data = json.loads(diff)
    out = [f"{label(key)}：{before or '（空）'} → {after or '（空）'}" for key, before, after in data.get("fields", [])]
    for mark, name, before, after in data.get("items", []):
        if mark == R.ITEM_NEW:
            out.append(f"信息项“{name}”：新增（{after}）")
        elif mark == R.ITEM_GONE:
            out.append(f"信息项“{name}”：删除（原为 {before}）")
        else:
            out.append(f"信息项“{name}”：{before} → {after}")
    return out


# ----- the bureau's decision on a 注销 entry ----------------------------------------------------------------
def find_withdrawn(store, unit: str, name: str) -> WithdrawnRow:
    """The 注销 entry named `name` (目录名称, 事项编码/目录名称 or 目录标识) of the unit named or coded `unit`;
    Refused (in Chinese) when there is none or more than one."""
    from govcat_desktop.services.rules import Refused
    from govcat_desktop.storage.bureau_store import BureauStore

    hits = [u for u in BureauStore(store).units() if unit in (u.org_name, u.org_code)]
    if not hits:
        raise Refused(f"没有单位“{unit}”。")
    name = name.strip()
    rows = [w for w in LifeStore(store).withdrawn(unit_id=hits[0].id)
            if name in (w.name, w.uid, f"{w.matter_code}/{w.name}")]
    if not rows:
        raise Refused(f"“{hits[0].org_name}”当前报送的注销目录中没有“{name}”。")
    if len(rows) > 1:
        raise Refused(f"“{hits[0].org_name}”有 {len(rows)} 条名为“{name}”的注销目录，请用“事项编码/目录名称”指明。")
    return rows[0]


def decide_withdrawn(store, row_id: int, decision: str, note: str = "") -> tuple[str, str]:
    """Confirm (已确认) or refuse (不予注销, with a note) a 注销 entry; returns its earlier (status, note)."""
    from govcat_desktop.services.rules import Refused

    if decision not in (CONFIRMED, REFUSED, TO_CONFIRM):
        raise Refused(f"注销目录的审核结论应为“{CONFIRMED}”或“{REFUSED}”。")
    if decision == REFUSED and not note.strip():
        raise Refused("不予注销时请写明理由（审核意见）。")
    life = LifeStore(store)
    row = life.withdrawn_row(row_id)
    if row is None:
        raise Refused("找不到该注销目录，可能已被该单位重新报送的版本替换。")
    life.decide_withdrawn(row_id, decision, note.strip())
    return row.status, row.bureau_note


REFUSED_TOKEN = "WD"  # a feedback line on a 注销 entry: WD + its 目录标识 (stable over re-exports of the feedback)


def withdrawn_feedback(store, unit_id: int) -> list:
    """The bureau's decisions on the unit's 注销 entries as feedback lines (exchange.bureau.feedback.FeedbackRow):
    不予注销 with the bureau's note (open: the unit has to answer it), 已确认注销 (for the record)."""
    import hashlib

    from govcat_desktop.exchange.bureau.feedback import FeedbackRow

    out = []
    for w in LifeStore(store).withdrawn(unit_id=unit_id):
        if w.status not in (CONFIRMED, REFUSED):
            continue
        ident = w.uid or hashlib.sha1(f"{w.matter_code}/{w.name}".encode()).hexdigest()[:16]
        if w.status == REFUSED:
            out.append(FeedbackRow(REFUSED_TOKEN + ident, "catalog", w.matter_code, w.name, "", "", REFUSED,
                                   f"不同意注销该目录：{w.bureau_note}。请恢复该目录后重新报送，或在处理说明中说明理由。"))
        else:
            out.append(FeedbackRow(REFUSED_TOKEN + ident, "catalog", w.matter_code, w.name, "", "", "已确认注销",
                                   "同意注销该目录。", "resolved"))
    return out


def refused_withdrawals(session) -> list:
    """The unit's side: the open received comments that refuse a 注销 (shown on import and in 审核意见)."""
    from govcat_desktop.storage.bureau_store import BureauStore

    return [c for c in BureauStore(session.store).comments(origin="received", open_only=True)
            if c.decision == REFUSED]


# ----- what the bureau's window shows ----------------------------------------------------------------------------
def review_marks(store) -> dict[int, tuple[str, str, str]]:
    """entry id → (change mark, review state, diff JSON) of every current entry marked 新增 / 变更."""
    return {r[1]: (r[4], r[5], r[6]) for r in LifeStore(store).current_marks() if r[4]}


def withdrawn_rows(store, unit_id: int | None = None) -> list[tuple[str, WithdrawnRow]]:
    """(unit name, 注销 entry) of the current catalogs, of one unit or of all."""
    from govcat_desktop.storage.bureau_store import BureauStore

    life = LifeStore(store)
    units = [u for u in BureauStore(store).units() if unit_id is None or u.id == unit_id]
    return [(u.org_name, w) for u in units for w in life.withdrawn(unit_id=u.id)]


def change_counts(store) -> dict[int, tuple[int, int, int]]:
    """unit id → (新增, 变更, 注销) since the version the bureau accepted, still waiting for its review."""
    return LifeStore(store).change_counts()
