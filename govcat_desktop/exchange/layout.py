"""The SPEC §6.2 column contract as data: sheet names, headers, and how each column maps to a field."""

from __future__ import annotations

from dataclasses import dataclass

from govcat_desktop.domain.roles import KIND_TITLE, duties

FORMAT_NAME = "govcat-exchange"
FORMAT_VERSION = "1"
SPEC_VERSION = "1"
META_SHEET = "_govcat"
# print_pages: the page count of the print PDF exported with the copy ('' without one).
META_KEYS = ("format", "format_version", "kind", "org_name", "org_code", "region", "exported_at", "spec_version",
             "fingerprint", "print_pages")
# After the §6.2 keys, only when set: version, the unit's own number of this export of the catalog (issue 22).

# How a cell is read and written:
#   text   free text;            vocab  one value of `vocab`;   multi  several values of `vocab` joined with 、
#   list   several free values;  other  vocab with 其他 + written-out text in `other_key`
#   code   an identifier (numbers and full-width characters normalised);  phone  like code
#   seq    序号, written 1..n and ignored on import;  date  an ISO date
TEXT, VOCAB, MULTI, LIST, OTHER, CODE, PHONE, SEQ, DATE = (
    "text", "vocab", "multi", "list", "other", "code", "phone", "seq", "date")


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str
    kind: str = TEXT
    vocab: str = ""
    other_key: str = ""
    width: float = 12.0
    form: str = ""
    required: bool = False  # the column must exist in a file of this kind (else the file is refused)
    field_key: str = ""  # the record field this column fills (matter.code → code); derived from key
    aliases: tuple[str, ...] = ()  # earlier headers, still read (copies handed in before a header changed)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_key", self.key.rpartition(".")[2])
        if self.form in ("catalog", "item") and not self.aliases:
            object.__setattr__(self, "aliases", _aliases(self.form, self.field_key))


@dataclass(frozen=True, slots=True)
class SheetLayout:
    kind: str
    name: str
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


SEQ_COL = Column("序号", "seq", SEQ, width=6)


def _h(form: str, key: str) -> str:
    """The header of a record field's column: the column registry is forms/*.toml (`column`, else `label`)."""
    from govcat_desktop.formspec import default_forms

    return default_forms()[form].field(key).header


def _aliases(form: str, key: str) -> tuple[str, ...]:
    from govcat_desktop.formspec import default_forms

    try:
        return default_forms()[form].field(key).aliases
    except KeyError:  # a column of no form field (序号, a bureau list's own)
        return ()

MATTERS = SheetLayout(
    "matters",
    "服务事项",
    "政务服务事项清单",
    (
        SEQ_COL,
        Column("事项编码", "code", CODE, width=28, form="matter", required=True),
        Column("事项名称", "name", width=40, form="matter", required=True),
        Column("事项类型", "kind", VOCAB, vocab="matter_kind", width=14, form="matter"),
        Column("实施部门", "dept", width=22, form="matter"),
        Column("不产生数据的原因", "no_data_reason", width=16, form="matter"),
    ),
)

# Catalog: entry columns (3..12 plus status) repeat on each info-item row; keys prefixed by their record.
CATALOG = SheetLayout(
    "catalog",
    "数据资源目录",
    "政务数据资源目录",
    (
        SEQ_COL,
        Column("事项编码", "matter.code", CODE, width=24, form="matter", required=True),
        Column("事项名称", "matter.name", width=26, form="matter"),
        Column(_h("catalog", "name"), "name", width=20, form="catalog", required=True),
        Column(_h("catalog", "summary"), "summary", width=30, form="catalog"),
        Column(_h("catalog", "domain"), "domain", OTHER, vocab="domain", other_key="domain_other", width=12,
               form="catalog"),
        Column(_h("catalog", "security_level"), "security_level", VOCAB, vocab="security_level", width=9,
               form="catalog"),
        Column(_h("catalog", "share_type"), "share_type", VOCAB, vocab="share_type", width=12, form="catalog"),
        Column(_h("catalog", "share_condition"), "share_condition", width=20, form="catalog"),
        Column(_h("catalog", "no_share_basis"), "no_share_basis", width=20, form="catalog"),
        Column(_h("catalog", "share_methods"), "share_methods", MULTI, vocab="share_method", width=16, form="catalog"),
        Column(_h("catalog", "network"), "network", VOCAB, vocab="network", width=10, form="catalog"),
        Column(_h("catalog", "update_cycle"), "update_cycle", OTHER, vocab="update_cycle",
               other_key="update_cycle_other", width=10, form="catalog"),
        Column(_h("item", "name"), "item.name", width=18, form="item", required=True),
        Column(_h("item", "data_type"), "item.data_type", VOCAB, vocab="data_type", width=11, form="item"),
        Column(_h("item", "length"), "item.length", CODE, width=9, form="item"),
        Column(_h("item", "note"), "item.note", width=18, form="item"),
        Column(_h("catalog", "review_status"), "review_status", VOCAB, vocab="review_status", width=10, form="catalog"),
        Column(_h("catalog", "review_note"), "review_note", width=18, form="catalog"),
    ),
)

def declared_columns(form: str = "catalog") -> tuple[Column, ...]:
    """The columns of the fields forms/ declares beyond the domain model (`extra = true`): header, kind and width
    from the form field, so that adding such a field is an edit of forms/ (and its declared migration) only."""
    from govcat_desktop.formspec import default_forms

    out = []
    for f in default_forms()[form].extra_fields:
        kind = VOCAB if f.vocabulary is not None else DATE if f.widget == "date" else TEXT
        out.append(Column(f.header, f.key, kind, vocab=f.vocabulary.key if f.vocabulary else "", width=f.width,
                          form=form, aliases=f.aliases))
    return tuple(out)


# Optional national core metadata: written after the contract columns only when an entry carries it; the fields
# forms/ declares (declared_columns) follow it, on the same terms.
CATALOG_METADATA = (
    Column(_h("catalog", "resource_code"), "resource_code", CODE, width=20, form="catalog"),
    Column(_h("catalog", "resource_format"), "resource_format", VOCAB, vocab="resource_format", width=12,
           form="catalog"),
    Column(_h("catalog", "resource_subformat"), "resource_subformat", width=12, form="catalog"),
    Column(_h("catalog", "open_to_public"), "open_to_public", VOCAB, vocab="yes_no", width=10, form="catalog"),
    Column(_h("catalog", "open_condition"), "open_condition", width=16, form="catalog"),
    Column(_h("catalog", "publish_date"), "publish_date", DATE, width=12, form="catalog"),
    Column(_h("catalog", "res_class"), "res_class", VOCAB, vocab="resource_class", width=10, form="catalog"),
    Column(_h("catalog", "res_item"), "res_item", CODE, width=10, form="catalog"),
    Column(_h("catalog", "res_target"), "res_target", CODE, width=10, form="catalog"),
    Column(_h("catalog", "res_detail"), "res_detail", CODE, width=10, form="catalog"),
    Column(_h("catalog", "related_codes"), "related_codes", width=20, form="catalog"),
) + declared_columns()

# Issue 22: an entry's identity across versions and why it changed, after every other column; written once an entry
# carries them (from its first export on), read back so that a copy re-saved by an office suite keeps them.
CATALOG_LIFE = (
    Column("变更原因", "change_reason", VOCAB, vocab="change_reason", width=12),
    Column("变更说明", "change_note", width=20),
    Column("目录标识", "uid", CODE, width=18),
)

# Issue 22: the entries of the last submitted version deleted since (注销), each with its reason.
WITHDRAWN = SheetLayout(
    "withdrawn",
    "注销目录",
    "注销的数据资源目录",
    (
        SEQ_COL,
        Column("事项编码", "matter_code", CODE, width=24, required=True),
        Column("事项名称", "matter_name", width=26),
        Column("目录名称", "name", width=20, required=True),
        Column("注销原因", "reason", VOCAB, vocab="change_reason", width=12),
        Column("注销说明", "note", width=24),
        Column("目录标识", "uid", CODE, width=18),
    ),
)

ENTRY_KEYS = tuple(
    c.key for c in CATALOG.columns if c.key not in ("seq",) and not c.key.startswith(("item.", "matter."))
)

DEMAND = SheetLayout(
    "demand",
    "共享数据需求",
    "共享数据需求清单",
    (
        SEQ_COL,
        Column("数据提供方层级", "provider_level", VOCAB, vocab="provider_level", width=12, form="demand"),
        Column("数据提供部门", "provider", width=16, form="demand", required=True),
        Column("提供方已有目录", "has_provider_catalog", VOCAB, vocab="yes_no", width=9, form="demand"),
        Column("需求目录名称", "catalog_name", width=16, form="demand"),
        Column("数据名称", "data_name", width=14, form="demand"),
        Column("数据来源依据", "source_basis", width=18, form="demand"),
        Column("信息项名称", "items", LIST, width=20, form="demand"),
        Column("关联事项编码", "matter_code", CODE, width=18, form="demand"),
        Column("关联事项名称", "matter_name", width=18, form="demand"),
        Column("应用场景", "usage", MULTI, vocab="usage", width=12, form="demand"),
        Column("应用描述", "usage_detail", width=24, form="demand"),
        Column("是否在国办前三批共享责任清单", "in_state_lists", VOCAB, vocab="yes_no", width=12, form="demand"),
        Column("共享方式", "share_method", MULTI, vocab="share_method", width=14, form="demand"),
        Column("更新频率", "update_cycle", OTHER, vocab="update_cycle", other_key="update_cycle_other", width=9,
               form="demand"),
        Column("是否已申请", "applied", VOCAB, vocab="applied", width=12, form="demand"),
        Column("驳回理由", "reject_reason", width=16, form="demand"),
    ),
)

REVIEW = SheetLayout(
    "review",
    "需求审核确认",
    "共享数据需求审核确认表",
    (
        SEQ_COL,
        Column("需求方", "requester", width=18, form="review", required=True),
        Column("需求数据名称", "data_name", width=18, form="review", required=True),
        Column("需求信息项", "items", LIST, width=24, form="review"),
        Column("应用场景", "usage", width=18, form="review"),
        Column("共享方式", "share_method", width=14, form="review"),
        Column("审核结论", "decision", VOCAB, vocab="decision", width=10, form="review"),
        Column("对应本部门目录", "matched_entry", width=18, form="review"),
        Column("可提供信息项", "provide_items", LIST, width=24, form="review"),
        Column("理由", "reason", width=24, form="review"),
        # after the §6.2 contract columns: 部分同意's withheld items and the date the demand arrived
        Column("不提供的信息项", "withheld_items", LIST, width=20, form="review"),
        Column("收到日期", "received_date", DATE, width=12, form="review"),
    ),
)

CONTACTS = SheetLayout(
    "contacts",
    "工作联系表",
    "政务数据资源目录编制工作联系表",
    (
        Column("角色", "role", VOCAB, vocab="person_role", width=10, required=True),
        Column("姓名", "name", width=12, form="person", required=True),
        Column("职务", "title", width=16, form="person"),
        Column("办公电话", "office_phone", PHONE, width=16, form="person"),
        Column("手机", "mobile", PHONE, width=16, form="person"),
        Column("邮箱", "email", width=24, form="person"),
    ),
)
# Not in the §6.2 contract: the fill date rides after the contract columns (same value on both rows).
CONTACTS_FILL_DATE = Column("填报日期", "fill_date", DATE, width=12, form="contacts")
CONTACT_ROLES = (("负责人", "leader"), ("联系人", "contact"))

MECHANISM = SheetLayout(
    "mechanism",
    "体制机制情况",
    "政务数据共享体制机制情况",
    (
        Column("项目", "label", width=18, required=True),
        Column("内容", "value", width=70, required=True),
    ),
)
# 项目 labels of the mechanism sheet, in order; None = the project's region (not a Mechanism field).
MECHANISM_ROWS = (
    ("县（区）", None),
    ("主管机构", "lead_agency"),
    ("职责", "duties"),
    ("工作机制", "mechanism"),
    ("目录编制负责人", "catalog_lead_name"),
    ("负责人电话", "catalog_lead_phone"),
    ("联系人", "contact_name"),
    ("联系人电话", "contact_phone"),
)

LAYOUTS = {layout.kind: layout for layout in (MATTERS, CATALOG, DEMAND, REVIEW, CONTACTS, MECHANISM, WITHDRAWN)}
SHEET_KIND = {layout.name: layout.kind for layout in LAYOUTS.values()}

# Each editable workbook: its kind, form name (file names, titles) and its data sheets.
KIND_LABEL = {("matters" if k == "matter" else k): v for k, v in KIND_TITLE.items()}  # forms/roles.toml
WORKBOOK_SHEETS = {
    "contacts": (CONTACTS,),
    "mechanism": (MECHANISM,),
    "catalog": (CATALOG, MATTERS),
    "matters": (MATTERS,),
    "demand": (DEMAND,),
    "review": (REVIEW,),
}
EXPORT_TASKS = duties().export_kinds()
