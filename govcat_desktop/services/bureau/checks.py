"""Cross-unit checks over a bureau project's received records, and the findings hook for sessions."""

from __future__ import annotations

from govcat_desktop.domain.models import Demand
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.validation import Finding
from govcat_desktop.validation.cross_unit import Candidate, UnitDemand, UnitEntry, check_units, supply_demand

_CACHE: dict[tuple, list[Finding]] = {}


def unit_names(store: ProjectFile) -> dict[int, str]:
    return {u.id: u.org_name for u in BureauStore(store).units()}


def unit_entries(store: ProjectFile) -> list[UnitEntry]:
    """Current entries of every unit, with item names only (one query each for entries and items)."""
    names = unit_names(store)
    bureau = BureauStore(store)
    items = bureau.current_item_names()
    return [
        UnitEntry(eid, names[uid], code, mname, name, tuple(items.get(eid, ())), share)
        for eid, uid, code, mname, name, share in bureau.current_entry_heads()
    ]


def unit_matters(store: ProjectFile) -> list[tuple[str, str, str]]:
    names = unit_names(store)
    return [(names[uid], m.code, m.name) for uid, m in BureauStore(store).current_matters()]


def unit_demands(store: ProjectFile) -> list[UnitDemand]:
    names = unit_names(store)
    return [UnitDemand(rid, names[uid], d) for uid, rid, d in BureauStore(store).current_records("demand")
            if isinstance(d, Demand)]  # always one: records of kind "demand" are read as Demand


def cross_unit_findings(store: ProjectFile) -> list[Finding]:
    """All cross-unit findings of a bureau project (cached until its submissions change)."""
    key = (str(store.path), BureauStore(store).version()[:2])
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = check_units(unit_entries(store), unit_matters(store), unit_demands(store))
    return list(_CACHE[key])


def matches(store: ProjectFile) -> tuple[list[UnitDemand], dict[int, list[Candidate]]]:
    """Every unit's demands and, for each, the entries of other units that can serve it."""
    demands = unit_demands(store)
    return demands, supply_demand(unit_entries(store), demands)


def has_bureau_tables(store: ProjectFile) -> bool:
    return BureauStore(store).has_review_tables()


def extra_findings(session) -> list[Finding]:
    """Findings a session adds to its own validation: cross-unit checks (bureau) and open bureau comments (unit)."""
    from govcat_desktop.services.bureau import is_bureau
    from govcat_desktop.services.bureau.review import comment_findings

    store = session.store
    if not has_bureau_tables(store):
        return []
    out = comment_findings(session)
    if is_bureau(session.project.info.role):
        out += cross_unit_findings(store)
    else:  # issue 22: a 变更 or 注销 of an entry the bureau accepted needs its reason
        from govcat_desktop.services.revisions import findings as change_findings

        out += change_findings(session)
    return out
