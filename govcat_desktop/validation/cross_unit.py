"""Checks across units' catalogs: same name with other items, shared matters, near-duplicates, supply–demand matches."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from govcat_desktop.domain.models import Demand
from govcat_desktop.validation.findings import Finding

NEAR_SCORE = 85.0  # one character off in a 7-character name scores 85.7
MATCH_SCORE = 70.0
MAX_CANDIDATES = 5
_BRACKETS = re.compile(r"[()\[\]{}<>（）【】［］｛｝〈〉《》「」『』〔〕]")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"(信息|数据|目录|资料|信息表|登记表)$")


@dataclass(frozen=True)
class UnitEntry:
    """One catalog entry of a unit, as the cross-unit checks need it."""

    id: int
    unit: str
    matter_code: str
    matter_name: str
    name: str
    items: tuple[str, ...]
    share_type: str


@dataclass(frozen=True)
class UnitDemand:
    """One demand of a unit."""

    id: int
    unit: str
    demand: Demand


@dataclass(frozen=True)
class Candidate:
    """An entry of another unit that can serve a demand."""

    entry: UnitEntry
    score: float
    shared_items: tuple[str, ...]


def normalise(name: str) -> str:
    """Full/half width folded, spaces and brackets removed, letters lower-cased."""
    text = unicodedata.normalize("NFKC", name)
    text = _BRACKETS.sub("", _SPACES.sub("", text))
    return text.lower()


def _core(name: str) -> str:
    """The normalised name without a trailing 信息/数据 (结婚证信息 ≈ 结婚证)."""
    text = normalise(name)
    stripped = _TRAILING.sub("", text)
    return stripped or text


def _join(values: Iterable[str]) -> str:
    return "、".join(values)


def same_name_different_items(entries: list[UnitEntry]) -> list[Finding]:
    """W: one 目录名称 catalogued by two units with different info items."""
    groups: dict[str, list[UnitEntry]] = defaultdict(list)
    for e in entries:
        if e.name.strip():
            groups[normalise(e.name)].append(e)
    out: list[Finding] = []
    for group in groups.values():
        by_unit: dict[str, UnitEntry] = {}
        for e in group:
            by_unit.setdefault(e.unit, e)
        if len(by_unit) < 2:
            continue
        first, *others = by_unit.values()
        first_items = set(first.items)
        for other in others:
            if set(other.items) == first_items:
                continue
            extra = sorted(set(other.items) - first_items)[:3]
            lacking = sorted(first_items - set(other.items))[:3]
            diff = ([f"多了{_join(extra)}"] if extra else []) + ([f"少了{_join(lacking)}"] if lacking else [])
            out.append(Finding(
                "warning", "catalog", f"{other.unit} / {other.name}", "items", "cross-unit-same-name",
                f"目录“{other.name}”在{other.unit}和{first.unit}的信息项不一致（{other.unit}{'，'.join(diff)}），"
                "同一数据应统一信息项，请与两个单位核实。",
                ("unit_entry", other.id),
            ))
    return out


def same_matter_two_units(entries: list[UnitEntry], matters: Iterable[tuple[str, str, str]]) -> list[Finding]:
    """W: one 事项编码 claimed by two units. matters: (unit, code, name)."""
    claims: dict[str, dict[str, str]] = defaultdict(dict)
    for unit, code, name in matters:
        code = code.strip()
        if code:
            claims[code].setdefault(unit, name)
    out: list[Finding] = []
    for code, units in claims.items():
        if len(units) < 2:
            continue
        names = list(units.items())
        out.append(Finding(
            "warning", "matter", f"{names[0][1] or code}（{code}）", "code", "cross-unit-same-matter",
            f"事项“{names[0][1]}”（编码 {code}）同时由{_join(u for u, _ in names[:5])}"
            f"{f'等 {len(names)} 个单位' if len(names) > 5 else ''}报送，"
            "同一事项只应由实施部门编目，请核实由哪个单位负责。",
            ("unit_matter", code),
        ))
    return out


def near_duplicates(entries: list[UnitEntry], score: float = NEAR_SCORE) -> list[Finding]:
    """W: entry names of different units that differ only in width, spaces, brackets or a few characters."""
    from rapidfuzz import fuzz, process  # the bureau's checks only: a unit's validation does not load it

    names: dict[str, dict[str, UnitEntry]] = defaultdict(dict)  # normalised → unit → entry
    raw: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.name.strip():
            key = normalise(e.name)
            names[key].setdefault(e.unit, e)
            raw[key].add(e.name.strip())
    out: list[Finding] = []
    reported: set[tuple[str, str]] = set()
    # 1) same after normalising, but typed differently by different units.
    for key, spellings in raw.items():
        units = names[key]
        if len(spellings) > 1 and len(units) > 1:
            first, *others = units.values()
            for other in others:
                if other.name.strip() != first.name.strip():
                    reported.add((first.unit, other.unit))
                    out.append(_near(other, first))
    # 2) fuzzy: distinct normalised names, blocked by their first character.
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in names:
        blocks[key[:1]].append(key)
    for keys in blocks.values():
        if len(keys) < 2:
            continue
        # One query per key against the keys after it (process.cdist would need numpy, which govcat does
        # not ship); pairs in (i, j) order, as a matrix walk would give them.
        for i, key in enumerate(keys[:-1]):
            later = keys[i + 1:]
            hits = process.extract(key, later, scorer=fuzz.ratio, score_cutoff=score, limit=None)
            for _, _, k in sorted(hits, key=lambda h: h[2]):
                for a in names[key].values():
                    b = next((b for b in names[later[k]].values() if b.unit != a.unit), None)
                    if b is not None and (a.unit, b.unit) not in reported:
                        out.append(_near(b, a))
                        break
    return out


def _near(entry: UnitEntry, other: UnitEntry) -> Finding:
    return Finding(
        "warning", "catalog", f"{entry.unit} / {entry.name}", "name", "cross-unit-near-duplicate",
        f"目录名称“{entry.name}”与{other.unit}的“{other.name}”几乎相同，可能是同一数据，"
        "请统一目录名称（按办理事项的结果命名）。",
        ("unit_entry", entry.id),
    )


def supply_demand(entries: list[UnitEntry], demands: list[UnitDemand], score: float = MATCH_SCORE,
                  limit: int = MAX_CANDIDATES) -> dict[int, list[Candidate]]:
    """For each demand, entries of other units (not 不予共享) that can serve it, best first."""
    from rapidfuzz import fuzz, process

    shareable = [e for e in entries if e.share_type != "不予共享" and e.name.strip()]
    by_core: dict[str, list[UnitEntry]] = defaultdict(list)
    for e in shareable:
        by_core[_core(e.name)].append(e)
    cores = list(by_core)
    result: dict[int, list[Candidate]] = {}
    for ud in demands:
        d = ud.demand
        wanted = d.catalog_name.strip() or d.data_name.strip()
        if not wanted or not cores:
            continue
        wanted_items = {normalise(i) for i in d.items if i.strip()}
        provider = normalise(d.provider)
        found: list[Candidate] = []
        near = process.extract(_core(wanted), cores, scorer=fuzz.WRatio, score_cutoff=score, limit=limit * 4)
        for core, s, _ in near:
            for e in by_core[core]:
                if e.unit == ud.unit:
                    continue
                shared = tuple(i for i in e.items if normalise(i) in wanted_items)
                bonus = 10.0 if provider and provider in normalise(e.unit) else 0.0
                coverage = 10.0 * len(shared) / len(wanted_items) if wanted_items else 0.0
                found.append(Candidate(e, min(100.0, s * 0.8 + bonus + coverage), shared))
        if found:
            found.sort(key=lambda c: (-c.score, c.entry.unit, c.entry.id))
            result[ud.id] = found[:limit]
    return result


def supply_demand_findings(demands: list[UnitDemand], matches: dict[int, list[Candidate]]) -> list[Finding]:
    """W on each demand another unit's catalog already provides."""
    out: list[Finding] = []
    for ud in demands:
        cands = matches.get(ud.id)
        if not cands:
            continue
        d = ud.demand
        wanted = d.catalog_name.strip() or d.data_name.strip()
        listed = "；".join(
            f"{c.entry.unit}的“{c.entry.name}”" + (f"（含{_join(c.shared_items[:4])}）" if c.shared_items else "")
            for c in cands[:3]
        )
        out.append(Finding(
            "warning", "demand", f"{ud.unit} / {wanted}", "catalog_name", "supply-demand-match",
            f"{ud.unit}需求的“{wanted}”，本地已有单位编目可以提供：{listed}。可在本地供需对接中直接对接。",
            ("unit_demand", ud.id),
        ))
    return out


def check_units(entries: list[UnitEntry], matters: Iterable[tuple[str, str, str]],
                demands: list[UnitDemand]) -> list[Finding]:
    """Every cross-unit finding, in a stable order."""
    out = same_name_different_items(entries)
    out += same_matter_two_units(entries, matters)
    out += near_duplicates(entries)
    out += supply_demand_findings(demands, supply_demand(entries, demands))
    return out
