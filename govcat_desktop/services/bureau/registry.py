"""Registration by difference (issue 22): the city's 目录注册表 as a whole, or only what changed since the last one.

The national platform takes updates, so the bureau need not register the whole city every time. Each registration the
bureau exports is remembered entry by entry (storage.registry_store: the entry's key — the unit's code and the entry's
目录标识, else its 事项编码/目录名称 —, a digest of its registered rows and the rows). The next one can then list
only the difference, with a first column 操作:

- 新增: an accepted entry not registered before;
- 变更: an accepted entry whose registered rows (any column of the national template, any info item) differ;
- 注销: a registered entry that has left its unit's catalog — its 注销 confirmed by the bureau (已确认), or gone from
  the current catalog with no 注销 waiting. A 注销 still 待确认 or refused (不予注销), and an entry changed but not yet
  accepted again, stay registered as they were.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain import revisions as R
from govcat_desktop.domain.filenames import FileNameError, safe_filename
from govcat_desktop.services.atomic import AtomicSet, AtomicWriteError
from govcat_desktop.services.bureau.life import CONFIRMED
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.storage.city_reads import ENTRY_COLUMNS
from govcat_desktop.storage.life_store import LifeStore
from govcat_desktop.storage.registry_store import RegistryStore

OPERATION = "操作"
WHOLE, CHANGES = "全量", "变更"
_UID, _NAME = ENTRY_COLUMNS.index("uid"), ENTRY_COLUMNS.index("name")


def entry_key(org_code: str, uid: str, matter_code: str, name: str) -> str:
    return f"{org_code}|{uid}" if uid else f"{org_code}|{matter_code}/{name}"


def _digest(rows: list[list[str]]) -> str:
    return hashlib.sha1(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class Plan:
    """What a registration lists and what it leaves registered."""

    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (操作 or '', row with 序号 empty)
    counts: dict[str, int] = field(default_factory=lambda: {R.NEW: 0, R.CHANGED: 0, R.WITHDRAWN: 0})
    registered: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (digest, rows JSON) afterwards
    since: str = ""  # when the last registration was exported ('' = none)


def plan(store, forms, *, changes: bool) -> Plan:
    """The rows of the city's registration: every accepted entry, or (`changes`) the difference since the last."""
    from govcat_desktop.services.registration import entry_rows, iter_bureau_entries, registration_spec

    _, _, cols = registration_spec(forms)
    registry = RegistryStore(store)
    before = registry.registered()
    last = registry.last()
    out = Plan(since=last[0] if last else "")
    for reg in iter_bureau_entries(store):
        rows = entry_rows(forms, cols, reg)
        key = entry_key(reg.provider_code, reg.entry.uid, reg.matter_code, reg.entry.name)
        digest = _digest(rows)
        was = before.get(key)
        mark = "" if was is not None and was[0] == digest else (R.NEW if was is None else R.CHANGED)
        if mark:
            out.counts[mark] += 1
        if mark or not changes:
            out.rows.extend((mark, r) for r in rows)
        out.registered[key] = (digest, json.dumps(rows, ensure_ascii=False))
    present = set(_present_keys(store))
    for key, (digest, rows_json) in before.items():
        if key in out.registered:
            continue
        if key in present:  # changed but not accepted again, or its 注销 not confirmed: registered as it was
            out.registered[key] = (digest, rows_json)
            continue
        out.counts[R.WITHDRAWN] += 1
        if changes:
            out.rows.extend((R.WITHDRAWN, r) for r in json.loads(rows_json))
    return out


def _present_keys(store) -> Iterator[str]:
    """Keys of every current entry (any review state) and of every 注销 not confirmed."""
    bureau = BureauStore(store)
    codes = {u.id: u.org_code for u in bureau.units()}
    for unit_id, _eid, code, _mname, values, _ in bureau.stream_entries(with_items=False):
        yield entry_key(codes.get(unit_id, ""), values[_UID], code, values[_NAME])
    life = LifeStore(store)
    for unit_id, org_code in codes.items():
        for w in life.withdrawn(unit_id=unit_id):
            if w.status != CONFIRMED:
                yield entry_key(org_code, w.uid, w.matter_code, w.name)


@dataclass
class Written:
    path: Path
    counts: dict[str, int]
    since: str
    rows: int


def register(session, out_dir, day: _dt.date | None = None, *, changes: bool = False) -> Written:
    """Write the city's registration sheet into the folder `out_dir` (whole, or `changes`: the difference, first
    column 操作) and remember it as the last registration. RegistrationError (in Chinese) when it cannot be written."""
    from govcat_desktop.services.atomic import describe
    from govcat_desktop.services.registration import RegistrationError

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegistrationError(f"无法创建文件夹“{out}”：{describe(exc)}。") from None
    return write_city_registration(session, out, day or _dt.date.today(), changes=changes)


def write_city_registration(session, out: Path, day: _dt.date, *, changes: bool = False) -> Written:
    """register() into an existing folder."""
    from govcat_desktop.exchange.registration import write_sheet
    from govcat_desktop.services.registration import RegistrationError, registration_spec

    forms = session.forms
    title, sheet, cols = registration_spec(forms)
    info = session.project.info
    found = plan(session.store, forms, changes=changes)
    city = info.profile.city or info.region
    stem = title.replace("全市", city, 1) + ("（变更）" if changes else "")
    try:
        name = safe_filename(stem, f"_{day:%Y%m%d}", ".xlsx", folder=out)
    except FileNameError as exc:
        raise RegistrationError(str(exc)) from None
    headers = [c.header for c in cols]
    seq = next((i for i, c in enumerate(cols) if c.source == "seq"), None)

    def rows() -> Iterator[list[str]]:
        for n, (mark, row) in enumerate(found.rows, 1):
            row = list(row)
            if seq is not None:
                row[seq] = str(n)
            yield [mark, *row] if changes else row

    meta = {"org_name": info.org_name, "org_code": info.org_code, "region": info.region, "scope": "全市汇总",
            "registration": CHANGES if changes else WHOLE, "since": found.since if changes else ""}
    path = out / name
    files = AtomicSet(out)
    files.add(path, lambda temp: write_sheet(temp, sheet, [OPERATION, *headers] if changes else headers, rows(), meta))
    try:
        files.commit()
    except AtomicWriteError as exc:
        raise RegistrationError(str(exc)) from None
    if not session.readonly:
        at = _dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        RegistryStore(session.store).remember(at, CHANGES if changes else WHOLE,
                                              ((k, d, r) for k, (d, r) in found.registered.items()))
    return Written(path, found.counts, found.since, len(found.rows))
