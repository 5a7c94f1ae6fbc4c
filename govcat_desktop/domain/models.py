"""Pydantic records for every form of SPEC §3; drafts hold any text, validation judges it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govcat_desktop.domain.roles import BUREAU_ROLES, COUNTY_ROLES, ROLES  # noqa: F401 - forms/roles.toml


class Record(BaseModel):
    """Base: unknown keys are kept out, every value is kept as typed."""

    # defer_build: a model's validator is built when it first validates, not at import (a CLI command that only
    # loads and checks a project never builds most of them; about 30 ms of every start).
    model_config = ConfigDict(extra="ignore", validate_assignment=False, defer_build=True)


def is_blank(record: Record) -> bool:
    """True when nothing has been filled into `record` (it equals a fresh one)."""
    return record.model_dump() == type(record)().model_dump()


class Profile(Record):
    """Year and the four deadlines of the notice (ISO dates, as typed)."""

    year: str = ""
    city: str = "阳泉市"
    province: str = "山西省"
    deadline_t1: str = ""
    deadline_t2: str = ""
    deadline_t3: str = ""
    deadline_t4: str = ""


class ProjectInfo(Record):
    """The unit that fills this project (one per file)."""

    role: str = ""
    org_name: str = ""
    org_code: str = ""
    region: str = ""
    parent: str = ""
    dept_code: str = ""  # 部门类信息资源的“目”（3位），由市大数据局分配；信息资源代码建议用
    profile: Profile = Field(default_factory=Profile)
    matter_depts: list[str] = Field(default_factory=list)  # the unit's own 实施部门 in matter lists (import scope)


class Person(Record):
    """负责人 or 联系人 on 附件3."""

    name: str = ""
    title: str = ""
    office_phone: str = ""
    mobile: str = ""
    email: str = ""


class Contacts(Record):
    """工作联系表 (T1)."""

    leader: Person = Field(default_factory=Person)
    contact: Person = Field(default_factory=Person)
    fill_date: str = ""


class Mechanism(Record):
    """体制机制情况 (T2), counties only."""

    lead_agency: str = ""
    duties: str = ""
    mechanism: str = ""
    catalog_lead_name: str = ""
    catalog_lead_phone: str = ""
    contact_name: str = ""
    contact_phone: str = ""


class InfoItem(Record):
    """信息项 of a catalog entry; data_type holds the letter (C, N, …) or text as typed."""

    name: str = ""
    data_type: str = ""
    length: str = ""
    note: str = ""


class CatalogEntry(Record):
    """数据资源目录 entry (T3); belongs to one matter."""

    id: int | None = None
    name: str = ""
    summary: str = ""
    domain: str = ""
    domain_other: str = ""
    security_level: str = ""
    share_type: str = ""
    share_condition: str = ""
    no_share_basis: str = ""
    share_methods: list[str] = Field(default_factory=list)
    network: str = ""
    update_cycle: str = ""
    update_cycle_other: str = ""
    items: list[InfoItem] = Field(default_factory=list)
    review_status: str = "草稿"
    review_note: str = ""
    # Optional national core metadata (《政务信息资源目录编制指南（试行）》).
    resource_code: str = ""
    resource_format: str = ""
    resource_subformat: str = ""
    open_to_public: str = ""
    open_condition: str = ""
    publish_date: str = ""
    res_class: str = ""  # 信息资源分类：类（1 基础、2 主题、3 部门）
    res_item: str = ""  # 项（2位）
    res_target: str = ""  # 目（3位）
    res_detail: str = ""  # 细目（不定长）
    related_codes: str = ""  # 关联资源代码（多个用、分隔）
    code_exported: str = ""  # date the 信息资源代码 first left the project in a copy; the code is frozen from then on
    # A proposed draft (services.drafts) that no person has edited or confirmed yet; not exported.
    unconfirmed: bool = False
    # Confirmed with other drafts in one 确认草稿 and not opened since (issue 25 item 4): a reminder until a person
    # opens it (目录总表 row, the catalog page's form) or edits it; not exported.
    bulk_confirmed: bool = False
    # Issue 22: a stable identity given when the entry first leaves the project (it survives a rename), and why an
    # entry the bureau accepted was changed (forms/changes.toml reasons; 其他 with the note).
    uid: str = ""
    change_reason: str = ""
    change_note: str = ""
    # Fields declared only in forms/catalog.toml (`extra = true`, with a declared migration): text by field key.
    # They read and copy like the fields above (entry.key, model_copy(update={key: …})); see declare_extra.
    extra: dict[str, str] = Field(default_factory=dict)

    declared: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def declare_extra(cls, keys: frozenset[str]) -> None:
        """The keys forms/ declares beyond the model (formspec's loader says them once per forms folder)."""
        cls.declared = cls.declared | keys

    @model_validator(mode="before")
    @classmethod
    def _declared_into_extra(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls.declared and any(k in cls.declared for k in data):
            data = dict(data)
            moved = {k: str(data.pop(k)) for k in [k for k in data if k in cls.declared]}
            data["extra"] = {**(data.get("extra") or {}), **moved}
        return data

    @classmethod
    def construct(cls, **values: Any) -> CatalogEntry:  # type: ignore[override]
        """model_construct (trusted data), declared keys moved into `extra`."""
        extra = {k: str(values.pop(k)) for k in [k for k in values if k in cls.declared]}
        values["extra"] = {**values.get("extra", {}), **extra}  # its own dict, never a shared default
        return cls.model_construct(**values)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> CatalogEntry:
        if update and any(k in self.declared for k in update):
            update = dict(update)
            extra = {**self.extra, **{k: str(update.pop(k)) for k in [k for k in update if k in self.declared]}}
            update["extra"] = extra
        return super().model_copy(update=update, deep=deep)

    if not TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any:
            if name in type(self).declared:
                return self.__dict__.get("extra", {}).get(name, "")
            return super().__getattr__(name)


class Matter(Record):
    """政务服务事项 with the catalog entries its handling produces."""

    id: int | None = None
    code: str = ""
    name: str = ""
    kind: str = ""
    dept: str = ""
    no_data_reason: str = ""  # filled: the matter produces no data (why); silences its "no catalog entry" reminder
    assignee: str = ""  # 承办科室 (or person) the unit's coordinator handed the matter to (issue 23, work packages)
    entries: list[CatalogEntry] = Field(default_factory=list)

    @property
    def no_data(self) -> bool:
        return bool(self.no_data_reason.strip())


class Demand(Record):
    """共享数据需求 (T4, 附件2)."""

    id: int | None = None
    provider_level: str = ""
    provider: str = ""
    has_provider_catalog: str = ""
    catalog_name: str = ""
    data_name: str = ""
    source_basis: str = ""
    items: list[str] = Field(default_factory=list)
    matter_code: str = ""
    matter_name: str = ""
    usage: list[str] = Field(default_factory=list)
    usage_detail: str = ""
    in_state_lists: str = ""
    share_method: list[str] = Field(default_factory=list)
    update_cycle: str = ""
    update_cycle_other: str = ""
    applied: str = ""
    reject_reason: str = ""


class Review(Record):
    """需求审核确认: a demand raised on this unit, and the unit's answer."""

    id: int | None = None
    requester: str = ""
    data_name: str = ""
    items: list[str] = Field(default_factory=list)
    usage: str = ""
    share_method: str = ""
    decision: str = ""
    matched_entry: str = ""
    provide_items: list[str] = Field(default_factory=list)
    withheld_items: list[str] = Field(default_factory=list)  # 部分同意：不提供的信息项
    reason: str = ""
    received_date: str = ""  # when the demand reached this unit (ISO date); the review is due N working days later


class Withdrawal(Record):
    """An entry of the last submitted version that the unit deleted since (注销), with the reason."""

    uid: str = ""
    matter_code: str = ""
    matter_name: str = ""
    name: str = ""
    reason: str = ""
    note: str = ""


class Withdrawals(Record):
    """The project's 注销 list as stored (one singleton)."""

    entries: list[Withdrawal] = Field(default_factory=list)


class Project(Record):
    """Everything one project file holds."""

    info: ProjectInfo = Field(default_factory=ProjectInfo)
    contacts: Contacts = Field(default_factory=Contacts)
    mechanism: Mechanism = Field(default_factory=Mechanism)
    matters: list[Matter] = Field(default_factory=list)
    demands: list[Demand] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    # Issue 22: entries of the base version deleted since (注销), each with its reason; travels with the catalog.
    withdrawn: list[Withdrawal] = Field(default_factory=list)
    version: int = 0  # the unit's number of the catalog version being exported (printed on its pages); not stored

    def entry_count(self) -> int:
        return sum(len(m.entries) for m in self.matters)

    def item_count(self) -> int:
        return sum(len(e.items) for m in self.matters for e in m.entries)
