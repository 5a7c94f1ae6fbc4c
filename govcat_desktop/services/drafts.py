"""为未编目的事项生成草稿: a proposed catalog entry for each matter without one.

The rules are data (resources/drafts/rules.toml): the matter's name and type give the entry's name, summary and
items (…登记 → its certificate, …许可/审批 → the licence, …认定 → …对象信息, …备案 → …备案信息, …补贴 → the
payment records); the unit's own entries for similar matters (rapidfuzz) give attributes and items; the certificate
library gives the items of a known certificate. Accepted drafts are stored in state 草稿 and flagged `unconfirmed`,
which shows the warning 草稿未经人工确认 until a person edits or confirms each.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from govcat_desktop.domain.models import CatalogEntry, InfoItem, Matter
from govcat_desktop.paths import resources_dir
from govcat_desktop.services.commands import AddEntry, Composite
from govcat_desktop.services.library import Certificate, certificates
from govcat_desktop.services.session import Session, stored_id

_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
ATTRIBUTES = ("share_type", "share_condition", "no_share_basis", "share_methods", "security_level", "network",
              "update_cycle", "update_cycle_other", "domain", "domain_other")


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    name: str
    summary: str
    items: tuple[InfoItem, ...]
    kinds: tuple[str, ...] = ()
    library: bool = False
    attributes: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    defaults: dict
    domains: tuple[tuple[str, tuple[str, ...]], ...]
    library_suffixes: tuple[str, ...]
    similar_score: float
    by_kind: dict = field(default_factory=dict, hash=False, compare=False)  # matter type → its sharing attributes


@dataclass
class Draft:
    """One proposal: the matter, the entry, and what it was made from (shown in the preview)."""

    matter_id: int
    entry: CatalogEntry
    rule: str
    basis: list[str] = field(default_factory=list)


def _item(raw: list) -> InfoItem:
    return InfoItem(name=raw[0], data_type=raw[1] if len(raw) > 1 else "C", length=raw[2] if len(raw) > 2 else "")


def load_rules(text: str | None = None) -> Rules:
    """Read the rules (the shipped file unless `text` is given)."""
    raw = tomllib.loads(text if text is not None else (resources_dir() / "drafts" / "rules.toml").read_text("utf-8"))
    defaults = dict(raw.get("defaults", {}))
    suffixes = tuple(defaults.pop("library_suffixes", ("证", "证书")))
    score = float(defaults.pop("similar_score", 85))
    rules = []
    for r in raw.get("rule", []):
        attributes = {k: r[k] for k in ATTRIBUTES if k in r}
        rules.append(Rule(r["id"], re.compile(r["pattern"]), r["name"], r["summary"],
                          tuple(_item(i) for i in r.get("items", [])), tuple(r.get("kinds", ())),
                          bool(r.get("library", False)), attributes))
    domains = tuple((d["domain"], tuple(d["keywords"])) for d in raw.get("domain", []))
    by_kind = {kind: {k: v for k, v in table.items() if k in ATTRIBUTES} for kind, table in raw.get("kind", {}).items()}
    return Rules(tuple(rules), defaults, domains, suffixes, score, by_kind)


@functools.cache
def shipped_rules() -> Rules:
    return load_rules()


def clean_name(name: str) -> str:
    return _BRACKETS.sub("", name).strip()


def match_rule(rules: Rules, matter: Matter) -> tuple[Rule, str] | None:
    """The first rule for the matter, and the stem its pattern left (the name before the suffix)."""
    name = clean_name(matter.name)
    for rule in rules.rules:
        if rule.kinds and matter.kind not in rule.kinds:
            continue
        m = rule.pattern.search(name)
        if m:
            stem = m.groupdict().get("stem") or name
            return rule, stem.strip("、，, ")
    return None


def library_match(rules: Rules, stem: str, library: tuple[Certificate, ...]) -> Certificate | None:
    """结婚 → 结婚证: a certificate named stem's tail + one of the usual suffixes, or named as the stem ends."""
    best: Certificate | None = None
    for cert in library:
        bases = [cert.name[: -len(s)] for s in rules.library_suffixes if cert.name.endswith(s)]
        if stem.endswith(cert.name) or any(len(base) >= 2 and stem.endswith(base) for base in bases):
            if best is None or len(cert.name) > len(best.name):
                best = cert
    return best


def domain_for(rules: Rules, name: str) -> str:
    for domain, keywords in rules.domains:
        if any(k in name for k in keywords):
            return domain
    return ""


def _fill(template: str, **values: str) -> str:
    return template.format(**values)


def propose_one(rules: Rules, matter: Matter, similar: tuple[Matter, CatalogEntry] | None = None,
                library: tuple[Certificate, ...] | None = None) -> Draft | None:
    """The draft for one matter (None when no rule applies and no similar entry exists)."""
    library = certificates() if library is None else library
    found = match_rule(rules, matter)
    basis: list[str] = []
    attributes = dict(rules.defaults)
    if found is None and similar is None:
        return None
    cert = None
    source = "默认值"  # where the sharing attributes came from (said in the draft's basis)
    if found is not None:
        rule, stem = found
        attributes.update(rule.attributes)
        if rule.attributes:
            source = f"规则“{rule.id}”"
        cert = library_match(rules, stem, library) if rule.library else None
        name = cert.name if cert else _fill(rule.name, stem=stem, matter=matter.name)
        items = [i.model_copy() for i in (cert.items if cert else rule.items)]
        basis.append(f"规则“{rule.id}”")
        if cert:
            basis.append(f"证照库“{cert.name}”")
        summary = _fill(rule.summary, stem=stem, matter=matter.name, name=name)
        rule_id = rule.id
    else:
        rule_id, name, summary, items = "similar", "", "", []
    if similar is not None:  # the unit's own choices for a similar matter beat the defaults
        other_matter, other = similar
        basis.append(f"相似事项“{other_matter.name}”的目录“{other.name}”")
        attributes.update({k: getattr(other, k) for k in ATTRIBUTES})
        if cert is None and other.items:
            items = [i.model_copy() for i in other.items]
        if found is None:
            name, summary = other.name, other.summary
        source = f"相似事项“{other_matter.name}”"
    elif matter.kind in rules.by_kind:
        attributes.update(rules.by_kind[matter.kind])
        source = f"事项类型“{matter.kind}”"
    basis.append(f"共享属性取自{source}")
    if not attributes.get("domain"):
        attributes["domain"] = domain_for(rules, matter.name)
    entry = CatalogEntry(name=name, summary=summary, items=items, review_status="草稿", unconfirmed=True,
                         **{k: v for k, v in attributes.items() if k in CatalogEntry.model_fields})
    return Draft(stored_id(matter), entry, rule_id, basis)


def _similar_index(session: Session) -> tuple[list[str], list[tuple[Matter, CatalogEntry]]]:
    names, pairs = [], []
    for m in session.project.matters:
        if m.entries:
            names.append(clean_name(m.name))
            pairs.append((m, m.entries[0]))
    return names, pairs


def propose(session: Session, matter_ids: list[int] | None = None, rules: Rules | None = None) -> list[Draft]:
    """A draft for every matter without an entry and not marked as producing no data (or for those of `matter_ids`)."""
    rules = rules or shipped_rules()
    names, pairs = _similar_index(session)
    wanted = None if matter_ids is None else set(matter_ids)
    out = []
    for matter in session.project.matters:
        if matter.entries or matter.no_data or (wanted is not None and matter.id not in wanted):
            continue  # a matter marked as producing no data gets no draft
        similar = None
        if names:
            hit = process.extractOne(clean_name(matter.name), names, scorer=fuzz.token_set_ratio,
                                     score_cutoff=rules.similar_score)
            if hit is not None:
                similar = pairs[hit[2]]
        draft = propose_one(rules, matter, similar)
        if draft is not None:
            out.append(draft)
    return out


def accept(drafts: list[Draft]) -> Composite | None:
    """The accepted drafts as new entries: one undoable command."""
    if not drafts:
        return None
    return Composite([AddEntry(d.matter_id, d.entry) for d in drafts], text=f"接受 {len(drafts)} 个草稿目录")
