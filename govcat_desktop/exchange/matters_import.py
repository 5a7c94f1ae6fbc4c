"""Service-matter lists from the province's matter system, in any layout: guess the columns, then read."""

from __future__ import annotations

from dataclasses import dataclass, field

from govcat_desktop.domain.models import Matter
from govcat_desktop.exchange import cells as C
from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.notes import Note, NoteBook, cell_ref
from govcat_desktop.exchange.reader import Book, Row
from govcat_desktop.formspec import FormSet

FIELDS = ("code", "name", "kind", "dept")
FIELD_LABELS = {"code": "事项编码", "name": "事项名称", "kind": "事项类型", "dept": "实施部门"}
REQUIRED = ("code", "name")

# Header synonyms, best first: an exact match beats a contained one, an earlier synonym beats a later one.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("事项编码", "实施编码", "item_code", "itemcode", "事项代码", "基本编码", "basic_code", "task_code", "编码",
             "code"),
    "name": ("事项名称", "matter_name", "实施事项名称", "task_name", "item_name", "事项", "名称", "name"),
    "kind": ("事项类型", "task_type", "事项类别", "权力类型", "类型", "type"),
    "dept": ("实施部门", "实施主体", "department", "dept_name", "实施机构", "办理部门", "部门", "dept"),
}
HEADER_SEARCH_ROWS = 10


@dataclass
class MatterTable:
    """A sheet that looks like a matter list: its header row, its rows and the guessed column of each field."""

    file: str
    sheet: str
    header_row: int  # 1-based
    headers: list[str]
    rows: list[Row]
    mapping: dict[str, int | None] = field(default_factory=dict)

    def sample(self, count: int = 5) -> list[list[str]]:
        return [[C.to_text(v)[0] for v in row] for row in self.rows[:count]]

    def missing(self, mapping: dict[str, int | None] | None = None) -> list[str]:
        mapping = self.mapping if mapping is None else mapping
        return [FIELD_LABELS[f] for f in REQUIRED if mapping.get(f) is None]


def _norm(text: str) -> str:
    return C.halfwidth(text).strip().lower().replace(" ", "").replace("\n", "")


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """The column index of each field, guessed from header synonyms (None when nothing fits)."""
    normal = [_norm(h) for h in headers]
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    for key in FIELDS:
        best: tuple[int, int] | None = None  # (score, column)
        for rank, synonym in enumerate(SYNONYMS[key]):
            syn = _norm(synonym)
            for col, header in enumerate(normal):
                if col in used or not header:
                    continue
                if header == syn:
                    score = rank
                elif len(syn) >= 2 and syn in header and not (key == "name" and "编码" in header):
                    score = 100 + rank
                else:
                    continue
                if best is None or score < best[0]:
                    best = (score, col)
        mapping[key] = best[1] if best else None
        if best:
            used.add(best[1])
    return mapping


def find_table(book: Book) -> MatterTable | None:
    """The first sheet with a header row naming at least a matter's name or code column."""
    for sheet in book.sheet_names:
        if sheet.startswith("_"):
            continue
        rows = book.rows(sheet)
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            headers = [C.to_text(v)[0].strip() for v in row]
            mapping = guess_mapping(headers)
            found = sum(mapping[f] is not None for f in FIELDS)
            if found >= 2 and (mapping["name"] is not None or mapping["code"] is not None):
                return MatterTable(book.name, sheet, i + 1, headers, rows[i + 1 :], mapping)
    return None


def resolve_mapping(table: MatterTable, mapping: dict[str, int | str | None] | None) -> dict[str, int | None]:
    """A clerk's mapping (field → column index or header text) checked against the table."""
    if mapping is None:
        return dict(table.mapping)
    out: dict[str, int | None] = {}
    for key in FIELDS:
        value = mapping.get(key, table.mapping.get(key))
        named = key in mapping and value is not None  # the clerk named this column: it must exist
        if isinstance(value, str):
            names = [_norm(h) for h in table.headers]
            value = names.index(_norm(value)) if _norm(value) in names else None
        if isinstance(value, int) and not 0 <= value < len(table.headers):
            value = None
        if named and value is None:
            shown = "、".join(h for h in table.headers if h)[:120]
            raise ImportRefused(
                f"指定给“{FIELD_LABELS[key]}”的列“{mapping[key]}”在文件“{table.file}”的工作表“{table.sheet}”中不存在"
                f"（第{table.header_row}行表头为：{shown}）。请核对列名。"
            )
        out[key] = value
    return out


def read_matters(
    table: MatterTable, forms: FormSet, mapping: dict[str, int | None]
) -> tuple[list[Matter], list[Note], list[Note]]:
    """Matters from the rows; malformed rows are reported (and kept when they hold a name or code)."""
    missing = [FIELD_LABELS[f] for f in REQUIRED if mapping.get(f) is None]
    if missing:
        raise ImportRefused(
            f"文件“{table.file}”的工作表“{table.sheet}”找不到“{'”“'.join(missing)}”列"
            f"（第{table.header_row}行表头为：{'、'.join(h for h in table.headers if h)[:120]}）。"
            "请在导入时指定对应的列。"
        )
    kinds = forms.vocab("matter_kind")
    notes = NoteBook(table.file)
    sheet = table.sheet
    width = sum(1 for h in table.headers if h) or len(table.headers)
    seen: dict[str, int] = {}
    out: list[Matter] = []
    for i, row in enumerate(table.rows):
        rownum = table.header_row + 1 + i
        if not any(C.clean(C.to_text(v)[0]) for v in row):
            continue
        used = len(row)
        while used and C.to_text(row[used - 1])[0] == "":
            used -= 1
        if used < width:
            notes.problem(sheet, f"第{rownum}行", f"本行只有{used}列，表头有{width}列，缺少的列按空白读入")
        elif used > len(table.headers):
            notes.problem(sheet, f"第{rownum}行", f"本行有{used}列，多于表头的{len(table.headers)}列，多出的内容未读入")
        values: dict[str, str] = {}
        for key in FIELDS:
            col = mapping.get(key)
            raw = row[col] if col is not None and col < len(row) else ""
            ref = cell_ref(col, rownum) if col is not None else f"第{rownum}行"
            if key == "code":
                value, note = C.read_code(raw)
            else:
                value, note = C.read_text(raw)
            if note:
                notes.note(sheet, ref, f"{FIELD_LABELS[key]}：{note}")
            if key == "kind" and value:
                found = kinds.canonical(C.halfwidth(value).strip())
                if found is None and value.replace(".", "").isdigit():
                    notes.problem(sheet, ref, f"事项类型代码“{value}”无法识别，按原样导入，请核对")
                elif found is not None and found != value:
                    value = found
            values[key] = value
        if not values["code"] and not values["name"]:
            notes.problem(sheet, f"第{rownum}行", "本行没有事项编码和事项名称，未导入")
            continue
        if not values["code"]:
            notes.problem(sheet, f"第{rownum}行", f"事项“{values['name']}”没有事项编码，按原样导入，请补填")
        elif not values["name"]:
            notes.problem(sheet, f"第{rownum}行", f"事项编码“{values['code']}”没有事项名称，按原样导入，请补填")
        if values["code"] and values["code"] in seen:
            notes.problem(sheet, f"第{rownum}行",
                          f"事项编码“{values['code']}”与第{seen[values['code']]}行重复，按原样导入，请核对")
        seen.setdefault(values["code"], rownum)
        out.append(Matter(**values))
    return out, notes.repairs, notes.problems
