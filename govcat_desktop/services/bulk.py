"""Bulk edits of catalog entries, each ONE undoable command (GUI grid and CLI alike).

批量设置 a field, fill down, paste a rectangular range from Excel/WPS, find and replace in a column, duplicate an
entry into other matters, apply one entry's sharing attributes, copy info items, confirm proposed drafts.
Every builder returns a command (or None when nothing would change); `error_delta` tells, before anything is
applied, how many new errors the command would create.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from govcat_desktop.domain.models import CatalogEntry, InfoItem, Matter
from govcat_desktop.services import entry_cells as EC
from govcat_desktop.services.commands import AddEntry, Command, Composite
from govcat_desktop.services.rules import HAS_ERRORS, EntryWrite, entry_refusal
from govcat_desktop.services.session import Session, stored_id

SHARING_KEYS = ("share_type", "share_condition", "no_share_basis", "share_methods", "security_level")
ATTRIBUTE_KEYS = ("network", "update_cycle", "update_cycle_other", "domain", "domain_other")


@dataclass
class BulkUpdateEntries(Command):
    """Replace many entries at once (old → new), in one transaction; undo restores every old record."""

    pairs: list[tuple[CatalogEntry, CatalogEntry]] = field(default_factory=list)
    text: str = "批量修改目录"
    skipped: int = 0  # entries the edit left out: the rules refused their change (reasons: the sentences)
    reasons: list[str] = field(default_factory=list)
    refusal: str = ""  # the rules refuse every pair: pushing it raises Refused with this sentence
    matters: list[tuple[Matter, Matter]] = field(default_factory=list)  # 承办科室 set from entries' rows (issue 23)
    assigned: set[int] = field(default_factory=set)  # entries whose matter gets another 承办科室

    @property
    def count(self) -> int:
        """The entries the edit changes (their own fields, or their matter's 承办科室)."""
        return len({stored_id(new) for _old, new in self.pairs} | self.assigned)

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]:
        for _old, new in self.pairs:
            current = session.entries.get(new.id) if new.id is not None else None
            if current is not None:
                yield current[0], current[1], new

    @property
    def skipped_text(self) -> str:
        """What the edit left out, for the clerk ("" when nothing)."""
        if not self.skipped:
            return ""
        if set(self.reasons) == {HAS_ERRORS}:
            return f"{self.skipped} 个目录还有错误，未设为“已审核”。"
        return f"{self.skipped} 个目录未修改（{self.reasons[0]}）"

    def _apply(self, session: Session, which: int) -> None:
        try:
            with session.store.transaction():
                for matter_pair in self.matters:
                    session.replace_matter(matter_pair[which])
                for pair in self.pairs:
                    target, other = pair[which], pair[1 - which]
                    session.replace_entry(target, items=target.items != other.items, deep=False)
        except BaseException:
            session.reload()
            raise

    def do(self, session: Session) -> None:
        if self.refusal and not self.pairs and not self.matters:  # a 承办科室 no one can be (services.packages)
            from govcat_desktop.services.rules import Refused

            raise Refused(self.refusal)
        self._apply(session, 1)

    def undo(self, session: Session) -> None:
        self._apply(session, 0)

    @property
    def entry_ids(self) -> list[int]:
        return [stored_id(new) for _old, new in self.pairs]


def _edited(old: CatalogEntry, updates: dict, confirm: bool = False) -> CatalogEntry | None:
    """The entry with `updates` applied, or None when nothing changes."""
    updates = {k: (list(v) if isinstance(v, list) else v) for k, v in updates.items()}
    new = old.model_copy(update=updates)  # shallow: the lists updated are new, InfoItems are shared values
    if confirm:
        new.unconfirmed = False
    return None if new == old else new


def _allowed(session: Session, pairs: list[tuple[CatalogEntry, CatalogEntry]]) -> BulkUpdateEntries | None:
    """The pairs as one command, leaving out those the rules refuse (services.rules.entry_refusal: a state move the
    review does not allow, 已审核 with errors or unconfirmed, 退回 without a note) and counting them in `skipped`.
    When the rules refuse every pair, all are kept: pushing the command is then refused with the rule's sentence,
    as `govcat set-status` and the entry form refuse it."""
    if not pairs:
        return None
    kept, reasons = [], []
    for old, new in pairs:
        reason = entry_refusal(session, session.entries[stored_id(new)][0], old, new)
        if reason:
            reasons.append(reason)
        else:
            kept.append((old, new))
    if not kept:
        return BulkUpdateEntries(pairs, refusal=reasons[0])
    return BulkUpdateEntries(kept, skipped=len(reasons), reasons=reasons)


def _bulk(session: Session, pairs: list[tuple[CatalogEntry, CatalogEntry]],
          text: Callable[[int], str], assign: dict[int, str] | None = None) -> BulkUpdateEntries | None:
    """_allowed, named `text(number of entries changed)` for Edit ▸ 撤销; `assign` ({entry id: 承办科室}) gives
    the entries' matters that 承办科室 in the same command."""
    command = _allowed(session, pairs)
    if assign:
        matters, assigned, refusal = _assignments(session, assign)
        if matters or refusal:
            command = command or BulkUpdateEntries([])
            command.matters, command.assigned = matters, assigned
            command.refusal = command.refusal or refusal
    if command is not None:
        command.text = text(command.count)
    return command


def _assignments(session: Session, assign: dict[int, str]) -> tuple[list[tuple[Matter, Matter]], set[int], str]:
    """(old, new) matters for 承办科室 typed on entries' rows, the entries they hold, a refusal of the name."""
    from govcat_desktop.services.packages import clean_assignee
    from govcat_desktop.services.rules import Refused

    wanted: dict[int, str] = {}
    for entry_id, text in assign.items():
        try:
            wanted[stored_id(session.entries[entry_id][0])] = clean_assignee(text)
        except Refused as exc:
            return [], set(), exc.message
    pairs = []
    for matter_id, name in wanted.items():
        old = session.matters[matter_id]
        if old.assignee != name:
            bare = old.model_copy(update={"entries": []})
            pairs.append((bare, bare.model_copy(update={"assignee": name})))
    changed = {m.id for m, _n in pairs}
    return pairs, {e for e in assign if session.entries[e][0].id in changed}, ""


def set_field(session: Session, entry_ids: list[int], key: str, text: str) -> BulkUpdateEntries | None:
    """批量设置: the column `key` set to the cell text `text` on every entry in `entry_ids`."""
    col = EC.column(key)
    if not col.editable:
        raise ValueError(f"“{col.header}”不能在目录中修改。")
    return set_fields(session, entry_ids, {key: text})


def set_fields(
    session: Session, entry_ids: list[int], values: dict[str, str], *, label: str = ""
) -> BulkUpdateEntries | None:
    """Several columns at once (共享类型 + 共享条件) as one command; `skipped` = entries the rules left out."""
    pairs = []
    for entry_id in dict.fromkeys(entry_ids):
        old = session.entries[entry_id][1]
        updates: dict = {}
        for key, text in values.items():
            updates.update(EC.parse_cell(old.model_copy(update=updates), EC.column(key), text, session.forms))
        new = _edited(old, updates)
        if new is not None:
            pairs.append((old, new))
    headers = "、".join(EC.column(k).header for k in values)
    assign = {e: values[EC.ASSIGNEE] for e in dict.fromkeys(entry_ids)} if EC.ASSIGNEE in values else None
    return _bulk(session, pairs, lambda n: label or f"批量设置“{headers}”（{n} 个目录）", assign)


def set_cells(session: Session, cells: dict[int, dict[str, str]], text: str = "") -> BulkUpdateEntries | None:
    """Cell texts per entry ({entry id: {column key: text}}) as one command (clearing cells, pasting)."""
    pairs = []
    for entry_id, values in cells.items():
        old = session.entries[entry_id][1]
        updates: dict = {}
        for key, value in values.items():
            col = EC.column(key)
            if col.editable:
                updates.update(EC.parse_cell(old.model_copy(update=updates), col, value, session.forms))
        new = _edited(old, updates)
        if new is not None:
            pairs.append((old, new))
    assign = {e: v[EC.ASSIGNEE] for e, v in cells.items() if EC.ASSIGNEE in v}
    return _bulk(session, pairs, lambda n: text or f"修改 {n} 个目录", assign)


def fill_down(session: Session, entry_ids: list[int], keys: list[str]) -> BulkUpdateEntries | None:
    """Ctrl+D: the first entry's value of each column in `keys` copied to the following entries."""
    if len(entry_ids) < 2:
        return None
    first = session.entries[entry_ids[0]]
    texts = {k: EC.cell_text(first[0], first[1], EC.column(k), session.forms) for k in keys if EC.column(k).editable}
    command = set_fields(session, entry_ids[1:], texts, label="向下填充")
    if command is not None:
        command.text = f"向下填充（{len(command.pairs)} 个目录）"
    return command


def find_replace(session: Session, entry_ids: list[int], key: str, find: str, replace: str) -> BulkUpdateEntries | None:
    """Replace `find` by `replace` in one column's text of the given entries."""
    if not find:
        return None
    col = EC.column(key)
    pairs, assign = [], {}
    for entry_id in dict.fromkeys(entry_ids):
        matter, old = session.entries[entry_id]
        text = EC.cell_text(matter, old, col, session.forms)
        if find not in text:
            continue
        if key == EC.ASSIGNEE:  # the matter's 承办科室, as a cell edit of it
            assign[entry_id] = text.replace(find, replace)
        new = _edited(old, EC.parse_cell(old, col, text.replace(find, replace), session.forms))
        if new is not None:
            pairs.append((old, new))
    return _bulk(session, pairs, lambda n: f"在“{col.header}”中把“{find}”替换为“{replace}”（{n} 个目录）", assign)


def confirm_drafts(session: Session, entry_ids: list[int]) -> BulkUpdateEntries | None:
    """A person has looked at these proposed drafts: the 草稿未经人工确认 warning goes. Several confirmed in one go
    keep a lighter reminder each (bulk_confirmed, rule draft-bulk-confirmed) until a person opens or edits it."""
    drafts = [session.entries[i][1] for i in dict.fromkeys(entry_ids) if session.entries[i][1].unconfirmed]
    bulk = len(drafts) > 1
    pairs = [(old, old.model_copy(update={"unconfirmed": False, "bulk_confirmed": bulk})) for old in drafts]
    return _bulk(session, pairs, lambda n: f"确认草稿（{n} 个目录）")


def opened(session: Session, entry_id: int) -> bool:
    """A person opened this entry (its row in 目录总表, its form on the catalog page): a draft confirmed in bulk loses
    its reminder. Not a step of the history — like a mail marked read; True when it had one."""
    found = session.entries.get(entry_id)
    if found is None or not found[1].bulk_confirmed or session.readonly:
        return False
    session.replace_entry(found[1].model_copy(update={"bulk_confirmed": False}), items=False, deep=False)
    return True


def apply_sharing(session: Session, source_id: int, entry_ids: list[int]) -> BulkUpdateEntries | None:
    """This entry's sharing attributes (共享类型, 条件, 依据, 方式, 安全级别, 网络, 周期, 领域) onto the others."""
    source = session.entries[source_id][1]
    updates = {k: getattr(source, k) for k in SHARING_KEYS + ATTRIBUTE_KEYS}
    pairs = []
    for entry_id in dict.fromkeys(entry_ids):
        if entry_id == source_id:
            continue
        old = session.entries[entry_id][1]
        new = _edited(old, updates)
        if new is not None:
            pairs.append((old, new))
    return _bulk(session, pairs, lambda n: f"套用“{source.name}”的共享属性（{n} 个目录）")


def copy_items(
    session: Session, items: list[InfoItem], entry_ids: list[int], source: str = ""
) -> BulkUpdateEntries | None:
    """Append `items` to each entry; an item whose name the entry already has is left out."""
    pairs = []
    for entry_id in dict.fromkeys(entry_ids):
        old = session.entries[entry_id][1]
        have = {i.name for i in old.items}
        extra = [i.model_copy() for i in items if i.name not in have]
        if extra:
            pairs.append((old, old.model_copy(update={"items": [*old.items, *extra]})))
    where = f"“{source}”的" if source else ""
    return _bulk(session, pairs, lambda n: f"复制{where}信息项到 {n} 个目录")


def duplicate_entry(session: Session, entry_id: int, matter_ids: list[int]) -> Composite | None:
    """The entry (with its items) copied into each matter of `matter_ids`; one undoable command."""
    source = session.entries[entry_id][1]
    commands: list[Command] = []
    for matter_id in dict.fromkeys(matter_ids):
        if matter_id not in session.matters:
            continue
        copy = source.model_copy(deep=True, update={"id": None, "review_status": "草稿", "review_note": ""})
        commands.append(AddEntry(matter_id, copy))
    if not commands:
        return None
    return Composite(commands, text=f"复制目录“{source.name}”到 {len(commands)} 个事项")


# ----- paste from Excel / WPS ----------------------------------------------------------------
def parse_tsv(text: str) -> list[list[str]]:
    """What Excel/WPS put on the clipboard: tab-separated rows; cells with line breaks come quoted."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"'))
    return [[c.strip() for c in row] for row in rows]


def to_tsv(rows: list[list[str]]) -> str:
    """Rows as Excel pastes them back: tabs, newlines, quoted cells when they hold a tab, a quote or a line break."""
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in '\t\n"') else text

    return "".join("\t".join(cell(c) for c in row) + "\n" for row in rows)


@dataclass
class PastePlan:
    command: Command | None
    updated: int = 0
    created: int = 0
    skipped_header: bool = False
    problems: list[str] = field(default_factory=list)


def _matter_for(session: Session, row: list[str], keys: list, fallback: Matter | None) -> Matter | None:
    values = {k: row[i] for i, k in enumerate(keys) if k and i < len(row) and k.startswith("matter.")}
    code, name = values.get("matter.code", "").strip(), values.get("matter.name", "").strip()
    if code or name:
        for m in session.project.matters:
            if (code and m.code.strip() == code) or (not code and name and m.name.strip() == name):
                return m
        return None
    return fallback


def paste(session: Session, text: str, entry_ids: list[int], start_key: str, visible_keys: list[str]) -> PastePlan:
    """Paste a TSV range at the row of entry_ids[0] and the column `start_key`.

    `entry_ids` are the grid's rows from the paste point down, `visible_keys` its columns in view order. Rows beyond
    the last become new entries (their matter from the pasted 事项编码/事项名称, else the last row's matter); a first
    row that repeats the column headers is skipped; read-only columns are left as they are.
    """
    rows = parse_tsv(text)
    plan = PastePlan(None)
    if not rows:
        return plan
    start = visible_keys.index(start_key)
    keys: list[str | None] = list(visible_keys[start:start + max(len(r) for r in rows)])
    first = [c for c in rows[0] if c]
    if first and all(c in EC.BY_HEADER for c in first):
        plan.skipped_header = True  # a copied header row: it names the columns the cells below go to
        keys = [EC.BY_HEADER[c].key if c in EC.BY_HEADER else None for c in rows[0]]
        rows = rows[1:]
    pairs: list[tuple[CatalogEntry, CatalogEntry]] = []
    assign: dict[int, str] = {}  # 承办科室 pasted on existing rows: their matters', as a cell edit of it
    adds: list[AddEntry] = []
    last_matter = session.entries[entry_ids[-1]][0] if entry_ids else None
    for n, row in enumerate(rows):
        if n < len(entry_ids):
            old = session.entries[entry_ids[n]][1]
            updates: dict = {}
            for i, key in enumerate(keys):
                col = EC.column(key) if key else None
                if col is not None and i < len(row) and col.editable:
                    updates.update(EC.parse_cell(old.model_copy(update=updates), col, row[i], session.forms))
                    if key == EC.ASSIGNEE:
                        assign[entry_ids[n]] = row[i]
            new = _edited(old, updates)
            if new is not None:
                pairs.append((old, new))
            continue
        matter = _matter_for(session, row, keys, last_matter)
        if matter is None:
            plan.problems.append(
                f"粘贴的第 {n + 1} 行：找不到事项（请在“事项编码”列填写本项目已有的事项编码），未新增。"
            )
            continue
        entry = CatalogEntry()
        updates = {}
        for i, key in enumerate(keys):
            col = EC.column(key) if key else None
            if col is not None and i < len(row) and col.editable:
                updates.update(EC.parse_cell(entry.model_copy(update=updates), col, row[i], session.forms))
        entry = entry.model_copy(update=updates, deep=True)
        if not entry.name.strip() and not entry.items:
            continue
        adds.append(AddEntry(stored_id(matter), entry))
    refused = _assignments(session, assign)[2] if assign else ""
    if refused:  # a 承办科室 no one can be: the paste is refused whole, as a cell edit would be
        plan.problems.append(f"粘贴的“承办科室”有误，未粘贴：{refused}")
        return plan
    edit = _bulk(session, pairs, lambda n: f"粘贴（修改 {n} 个目录）", assign)
    if edit is not None and edit.skipped:
        plan.problems.append(f"粘贴的 {edit.skipped_text}")
    plan.updated, plan.created = edit.count if edit else 0, len(adds)
    parts: list[Command] = []
    if edit is not None:
        parts.append(edit)
    parts.extend(adds)
    if parts:
        plan.command = Composite(parts, text=f"粘贴（修改 {plan.updated} 个、新增 {len(adds)} 个目录）")
    return plan


# ----- before it is applied -------------------------------------------------------------------
def would_be(session: Session, command: Command | None) -> list[tuple[Matter, CatalogEntry]]:
    """The records a command would write, without writing them."""
    if command is None:
        return []
    out = []
    parts = command.commands if isinstance(command, Composite) else [command]
    for part in parts:
        if isinstance(part, BulkUpdateEntries):
            out += [(session.entries[stored_id(new)][0], new) for _old, new in part.pairs]
        elif isinstance(part, AddEntry):
            out.append((session.matters[part.matter_id], part.entry))
    return out


def error_delta(session: Session, command: Command | None) -> tuple[int, int]:
    """(errors after, errors before) on the entries the command touches, by the existing validator."""
    validator = session.validator
    after = before = 0
    for matter, new in would_be(session, command):
        after += sum(1 for f in validator.check_entry(new, matter) if f.is_error)
        if new.id is not None and new.id in session.entries:
            before += sum(1 for f in validator.check_entry(session.entries[new.id][1], matter) if f.is_error)
    return after, before


def warning_text(session: Session, command: Command | None) -> str:
    """A Chinese sentence when the command would create errors, else ''."""
    after, before = error_delta(session, command)
    if after > before:
        return f"这次修改后，所涉目录将有 {after} 个错误（修改前 {before} 个，新增 {after - before} 个）。"
    return ""
