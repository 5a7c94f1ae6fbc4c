"""Run the form rules and the cross-record rules over one record or a whole project."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from collections.abc import Callable, Iterable
from typing import Any

from govcat_desktop.domain import heuristics
from govcat_desktop.domain.models import CatalogEntry, Demand, Matter, Project, Review, is_blank
from govcat_desktop.domain.roles import duties
from govcat_desktop.formspec import FieldDef, FormDef, FormSet, default_forms
from govcat_desktop.validation.findings import Finding, Severity
from govcat_desktop.validation.formats import FORMATS
from govcat_desktop.validation.national import NationalRules

MEMO_LIMIT = 200_000  # distinct info items remembered per checker (a few tens of MB at most)
# Pure functions of an item's name (and type), asked once per info item: names repeat a lot.
_type_mismatch = lru_cache(maxsize=1 << 16)(heuristics.type_mismatch)
_looks_personal = lru_cache(maxsize=1 << 16)(heuristics.looks_personal)
_TYPE_ENDS, _TYPE_STARTS = heuristics.TYPE_RULE_ENDS, heuristics.TYPE_RULE_STARTS


def _join(values: Iterable[str]) -> str:
    return "、".join(values)


class FormChecker:
    """The declarative rules of one form, compiled for speed."""

    def __init__(self, form: FormDef, forms: FormSet, formats: dict) -> None:
        self.form = form
        self.forms = forms
        self.formats = formats
        # Sub-records (a group such as 负责人, the info items) are checked with their own form.
        self.fields = tuple(f for f in form.fields if f.widget != "group")
        # Per field what check() asks, decided once: always required; required or shown only on a condition;
        # the closed vocabulary; the format. (check runs once per record: 3,000 entries in a department.)
        self._plan = tuple(
            (f, f.key, f.required, bool(f.required_when or f.required_unless), bool(f.visible_when or f.visible_unless),
             f.vocabulary if f.vocabulary is not None and not f.vocabulary.open else None, f.format)
            for f in self.fields
        )
        # record content → (severity, field, rule, message) of its findings; the checks read nothing but the record
        self._memo: dict[tuple, tuple[tuple[Severity, str, str, str], ...]] = {}
        # A form without rules or conditions (the info item's) judges each field by its own value alone, and a field
        # with neither vocabulary nor format only by whether it is filled in: the memo's key is then those values and
        # filled-in marks, so 60,000 distinct items (every name its own) share a few hundred readings.
        self._reduced: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        if not form.rules and not any(cond or shown for _f, _k, _a, cond, shown, _v, _fm in self._plan):
            valued = tuple(key for _f, key, _a, _c, _s, vocab, fmt in self._plan if vocab is not None or fmt)
            self._reduced = (valued, tuple(f.key for f in self.fields if f.key not in valued))
        self._key = None if self._reduced is None else _memo_key(*self._reduced)  # asked 60,000 times in a department

    def findings_of(self, record: Any) -> tuple[tuple[Severity, str, str, str], ...] | None:
        """(severity, field, rule, message) of each finding of `record`, remembered by content; None when the
        content cannot be a key (a list value). The messages do not name the record, so one reading serves all."""
        try:
            key = tuple(record.__dict__.items()) if self._key is None else self._key(record.__dict__)
            found = self._memo.get(key)
        except (TypeError, KeyError):
            return None
        if found is None:
            out: list[Finding] = []
            self.check(record, "", "", (), out)
            found = tuple((f.severity, f.field, f.rule, f.message) for f in out)
            if len(self._memo) < MEMO_LIMIT:
                self._memo[key] = found
        return found

    def _required_message(self, f: FieldDef, record: Any) -> str:
        reason = ""
        cond = f.required_when if (f.required_when and f.required_when.holds(record)) else None
        if cond:
            key, accepted = cond.clauses[0]
            label = self.form.field(key).label if _has(self.form, key) else key
            value = getattr(record, key, "")
            shown = _join(value) if isinstance(value, list) else value
            reason = f"{label}为“{shown}”时，"
        if f.widget in ("choice", "multi"):
            return f"{reason}请选择“{f.label}”。{_short(f.help)}"
        if f.widget in ("strings", "items"):
            return f"{reason}请至少填写一个“{f.label}”。{_short(f.help)}"
        return f"{reason}请填写“{f.label}”。{_short(f.help)}"

    def check(self, record: Any, kind: str, label: str, ref: tuple, out: list[Finding]) -> None:
        for f, key, always, conditional, shown_if, vocab, fmt in self._plan:
            value = getattr(record, key)
            if not (value.strip() if isinstance(value, str) else value):  # not filled in
                if always or (conditional and f.is_required(record)):
                    out.append(Finding("error", kind, label, key, "required", self._required_message(f, record), ref))
                continue
            if shown_if and not f.is_visible(record):
                continue
            if vocab is not None:
                values = value if isinstance(value, list) else (value,)
                bad = [v for v in values if v not in vocab]
                if bad:
                    allowed = _join(vocab.label_list)
                    out.append(
                        Finding(
                            "error", kind, label, f.key, "vocabulary",
                            f"“{f.label}”的值“{_join(bad)}”不在规定范围内，请从下列选项中选择：{allowed}。",
                            ref,
                        )
                    )
            if fmt:
                severity, rule, fn = self.formats[fmt]
                problem = fn(value.strip() if isinstance(value, str) else value)
                if problem:
                    out.append(Finding(severity, kind, label, f.key, rule, problem + "。", ref))
        for rule in self.form.rules:
            if not rule.when.holds(record):
                continue
            if rule.unless and rule.unless.holds(record):
                continue
            if rule.unless_format and all(
                self.formats[fmt][2](str(getattr(record, key, ""))) is None for key, fmt in rule.unless_format
            ):
                continue
            out.append(Finding(rule.severity, kind, label, rule.field, rule.id, rule.message, ref))


def _memo_key(valued: tuple[str, ...], plain: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple]:
    """record.__dict__ → findings_of's key: the values of `valued`, then whether each of `plain` is filled in."""
    if len(plain) == 2:  # the info item's form (name and note): one call with no loop, the commonest key
        a, b = plain
        if len(valued) == 2:
            x, y = valued

            def key(d: dict[str, Any]) -> tuple:
                va, vb = d[a], d[b]  # _filled, inlined
                return (d[x], d[y], bool(va.strip() if isinstance(va, str) else va),
                        bool(vb.strip() if isinstance(vb, str) else vb))
            return key
    return lambda d: (*[d[k] for k in valued], *[_filled(d[k]) for k in plain])


def _filled(value: Any) -> bool:
    """Filled in as check() reads it: text with more than blanks, any other value truthy."""
    return bool(value.strip() if isinstance(value, str) else value)


def _has(form: FormDef, key: str) -> bool:
    return any(f.key == key for f in form.fields)


def _short(help_text: str) -> str:
    """First sentence of a 释义, to remind the clerk what the field means."""
    if not help_text:
        return ""
    head = re.split(r"(?<=[。；])", help_text, maxsplit=1)[0]
    return head if len(head) <= 60 else ""


def info_label(project: Project) -> str:
    return project.info.org_name.strip() or "项目"


def entry_label(entry: CatalogEntry, matter: Matter | None = None) -> str:
    if entry.name.strip():
        return entry.name.strip()
    where = f"（事项：{matter.name}）" if matter and matter.name else ""
    return "未命名目录" + where


def matter_label(matter: Matter) -> str:
    return matter.name.strip() or matter.code.strip() or "未命名事项"


def demand_label(demand: Demand) -> str:
    data = demand.data_name.strip() or demand.catalog_name.strip() or "未填数据名称"
    return f"{demand.provider.strip() or '未填提供部门'} / {data}"


def review_label(review: Review) -> str:
    return f"{review.requester.strip() or '未填需求方'} / {review.data_name.strip() or '未填数据名称'}"


class Validator:
    """Validates records and projects against one FormSet."""

    def __init__(self, forms: FormSet | None = None) -> None:
        self.forms = forms or default_forms()
        formats = dict(FORMATS)
        pattern = self.forms.profile.get("resource_code_pattern")
        if pattern:
            compiled = re.compile(pattern)

            def resource_code(value: str) -> str | None:
                if compiled.match(value):
                    return None
                return f"信息资源代码“{value}”不符合本地规定的格式，应为前段码/顺序码，如 307001001/000123"

            formats["resource_code"] = ("warning", "resource-code-format", resource_code)
        self.data_types = self.forms.vocab("data_type")
        self.checkers = {key: FormChecker(form, self.forms, formats) for key, form in self.forms.forms.items()}
        self.national = NationalRules(self.forms)

    # ----- single records -------------------------------------------------
    def check_project_info(self, project: Project) -> list[Finding]:
        out: list[Finding] = []
        info = project.info
        self.checkers["project"].check(info, "project", info_label(project), ("project",), out)
        return out

    def check_contacts(self, project: Project) -> list[Finding]:
        out: list[Finding] = []
        contacts = project.contacts
        person = self.checkers["person"]
        for key, role in (("leader", "负责人"), ("contact", "联系人")):
            p = getattr(contacts, key)
            label = f"{role} {p.name.strip()}".strip()
            start = len(out)
            person.check(p, "contacts", label, ("contacts", key), out)
            for i in range(start, len(out)):
                f = out[i]
                out[i] = Finding(f.severity, f.kind, f.record, f.field, f.rule, f"{role}：{f.message}", f.ref)
        self.checkers["contacts"].check(contacts, "contacts", "工作联系表", ("contacts",), out)
        return out

    def check_mechanism(self, project: Project) -> list[Finding]:
        out: list[Finding] = []
        self.checkers["mechanism"].check(
            project.mechanism, "mechanism", project.info.region.strip() or "体制机制情况", ("mechanism",), out
        )
        return out

    def check_matter(self, matter: Matter) -> list[Finding]:
        out: list[Finding] = []
        self.checkers["matter"].check(matter, "matter", matter_label(matter), ("matter", matter.id), out)
        return out

    def check_entry(self, entry: CatalogEntry, matter: Matter | None = None,
                    reads: dict[int, tuple] | None = None) -> list[Finding]:
        """Every rule that one entry (with its items) can break on its own.

        `reads` (one project pass, check_catalog's): id(item) → (item, its own findings, stripped name, expected
        type) of the info items read so far in that pass. An item record is shared by every entry that has equal
        items (storage.loading), so 60,000 items may be 500 records, each read once; the tuple keeps its item
        alive, so an id is not reused while the pass runs."""
        out: list[Finding] = []
        label = entry_label(entry, matter)
        ref = ("catalog", entry.id)
        self.checkers["catalog"].check(entry, "catalog", label, ref, out)
        self.national.check_entry(entry, label, ref, out)
        item_checker = self.checkers["item"]
        seen: dict[str, int] = {}
        level1 = entry.security_level == "1级"
        personal: list[str] = []
        read = item_checker.findings_of
        for index, item in enumerate(entry.items):
            known = reads.get(id(item)) if reads is not None else None
            if known is not None and known[0] is item:
                _item, found, name, expected = known
            else:
                found = read(item)
                name = item.name.strip()
                expected = (_type_mismatch(name, item.data_type)
                            if name and (name.endswith(_TYPE_ENDS) or name.startswith(_TYPE_STARTS)) else None)
                if reads is not None:
                    reads[id(item)] = (item, found, name, expected)
            again = name in seen if name else False
            if found or found is None or again or expected:  # the label and ref only for an item with findings
                iref = ("item", entry.id, index)
                ilabel = f"{label} / {name or f'第{index + 1}个信息项'}"
                if found is None:
                    item_checker.check(item, "item", ilabel, iref, out)
                else:
                    out.extend(Finding(sev, "item", ilabel, fld, rule, msg, iref) for sev, fld, rule, msg in found)
            if not name:
                continue
            if again:
                out.append(
                    Finding(
                        "error", "item", ilabel, "name", "duplicate-item",
                        f"信息项“{name}”在本目录中重复（第{seen[name] + 1}个和第{index + 1}个），请删除或改名。",
                        iref,
                    )
                )
            else:
                seen[name] = index
            if expected:
                out.append(
                    Finding(
                        "warning", "item", ilabel, "data_type", "type-name-mismatch",
                        f"信息项“{name}”的数据类型为“{self.data_types.label_of(item.data_type)}”，与名称不符，一般应为{expected}，请核对。",
                        iref,
                    )
                )
            if level1 and _looks_personal(name):
                personal.append(name)
        if entry.unconfirmed:
            out.append(
                Finding(
                    "warning", "catalog", label, "", "draft-unconfirmed",
                    "草稿未经人工确认：该目录由“为未编目的事项生成草稿”按规则推测生成，请逐项核对后修改或确认。",
                    ref,
                )
            )
        elif entry.bulk_confirmed:
            out.append(Finding(
                "warning", "catalog", label, "", "draft-bulk-confirmed",
                "该草稿是和其他草稿一起批量确认的，还没有逐个打开看过：请在目录总表中选中它（或在“服务事项与数据资源目录”中"
                "打开它），核对名称、信息项和共享属性。", ref))
        if personal:
            out.append(
                Finding(
                    "warning", "catalog", label, "security_level", "personal-level1",
                    f"信息项{_join('“' + p + '”' for p in personal[:5])}可能涉及个人信息，"
                    "安全级别却为1级，请核对安全级别。",
                    ref,
                )
            )
        return out

    def check_demand(self, demand: Demand) -> list[Finding]:
        out: list[Finding] = []
        self.checkers["demand"].check(demand, "demand", demand_label(demand), ("demand", demand.id), out)
        return out

    def check_review(self, review: Review) -> list[Finding]:
        out: list[Finding] = []
        self.checkers["review"].check(review, "review", review_label(review), ("review", review.id), out)
        return out

    # ----- whole project --------------------------------------------------
    def validate(self, project: Project) -> list[Finding]:
        """Every finding of the project, in a stable order."""
        out = self.check_project_info(project)
        role = project.info.role
        contacts_filled = not is_blank(project.contacts)
        owed = duties()
        if owed.owes(role, "T1") or contacts_filled:
            out += self.check_contacts(project)
        if owed.owes(role, "T2"):
            out += self.check_mechanism(project)
        if owed.owes(role, "T3") and not project.matters:
            out.append(
                Finding(
                    "warning", "project", info_label(project), "", "no-matters",
                    "还没有服务事项：请导入从省政务服务事项系统导出的事项清单，或逐项录入本单位的政务服务事项，再为每个事项编制数据资源目录。",
                    ("project",),
                )
            )
        out += self.check_catalog(project)
        for demand in project.demands:
            out += self.check_demand(demand)
        for review in project.reviews:
            out += self.check_review(review)
        return out

    def check_catalog(self, project: Project) -> list[Finding]:
        out: list[Finding] = []
        codes: dict[str, Matter] = {}
        names: dict[str, list[tuple[Matter, CatalogEntry]]] = defaultdict(list)
        ordered: list[tuple[Matter, CatalogEntry, str]] = []
        # This pass's info item readings (check_entry), kept while they pay: once 10,000 items have been read and
        # more than half were records of their own (a department whose items are all distinct), no more.
        reads: dict[int, tuple] | None = {}
        items_read = 0
        for matter in project.matters:
            out += self.check_matter(matter)
            code = matter.code.strip()
            if code:
                if code in codes:
                    out.append(
                        Finding(
                            "error", "matter", matter_label(matter), "code", "duplicate-matter-code",
                            f"事项编码“{code}”与事项“{matter_label(codes[code])}”重复，同一项目内事项编码不能重复，请核对。",
                            ("matter", matter.id),
                        )
                    )
                else:
                    codes[code] = matter
            if not matter.entries and not matter.no_data_reason.strip():
                out.append(
                    Finding(
                        "warning", "matter", matter_label(matter), "", "matter-no-entry",
                        "该事项还没有数据资源目录：请梳理办理该事项后产生的数据并编目。",
                        ("matter", matter.id),
                    )
                )
            for entry in matter.entries:
                out += self.check_entry(entry, matter, reads)
                if reads is not None:
                    items_read += len(entry.items)
                    if items_read > 10_000 and len(reads) * 2 > items_read:
                        reads = None
                ordered.append((matter, entry, entry_label(entry, matter)))
                if entry.name.strip():
                    names[entry.name.strip()].append((matter, entry))
        out += same_name_different_items(names)
        out += self.national.drag_fill(ordered)
        return out


def item_signature(entry: CatalogEntry) -> tuple[str, ...]:
    return tuple(sorted({i.name.strip() for i in entry.items if i.name.strip()}))


def same_name_different_items(names: dict[str, list[tuple[Matter, CatalogEntry]]]) -> list[Finding]:
    """W: one 目录名称 in two matters of one unit with different info items."""
    out: list[Finding] = []
    for name, group in names.items():
        if len(group) < 2:
            continue
        first_matter, first = group[0]
        first_sig = item_signature(first)
        for matter, entry in group[1:]:
            sig = item_signature(entry)
            if sig != first_sig:
                extra = sorted(set(sig) - set(first_sig))[:3]
                lacking = sorted(set(first_sig) - set(sig))[:3]
                diff = []
                if extra:
                    diff.append("多了" + _join(extra))
                if lacking:
                    diff.append("少了" + _join(lacking))
                out.append(
                    Finding(
                        "warning", "catalog", name, "items", "same-name-different-items",
                        f"目录“{name}”在事项“{matter_label(first_matter)}”和“{matter_label(matter)}”中的信息项不一致"
                        f"（{'，'.join(diff)}），国家将比对目录一致性，请统一。",
                        ("catalog", entry.id),
                    )
                )
    return out


def validate_project(project: Project, forms: FormSet | None = None) -> list[Finding]:
    return Validator(forms).validate(project)
