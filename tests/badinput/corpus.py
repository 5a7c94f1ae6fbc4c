"""Bad input files, generated from code (nothing binary is committed): workbooks and project files."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parent.parent / "data"
RNG_SEED = 1234


# ----- helpers ------------------------------------------------------------------------------------
def _rewrite_zip(src: Path, dest: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None) -> Path:
    """Copy a zip, passing every part through change(name, data) (None drops the part)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dest


def _first_sheet_part(src: Path) -> str:
    with zipfile.ZipFile(src) as z:
        return sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[0]


def _edit(src: Path, dest: Path, fn: Callable[[openpyxl.Workbook, object], None]) -> Path:
    """Load with openpyxl, change the first (data) sheet, save as a new file (test-only re-save)."""
    wb = openpyxl.load_workbook(src)
    fn(wb, wb.worksheets[0])
    wb.save(dest)
    return dest


def _rows(src: Path) -> list[list[str]]:
    wb = openpyxl.load_workbook(src, read_only=True)  # read-only keeps the file open until close()
    try:
        return [["" if v is None else str(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def _csv(rows: list[list[str]]) -> str:
    return "\r\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows) + "\r\n"


def encrypted_workbook(dest: Path) -> Path:
    """A minimal OLE2 compound file holding EncryptionInfo + EncryptedPackage (a password-protected .xlsx)."""
    sector = 512
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    rng = random.Random(RNG_SEED)
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\"/>"
    info = info.ljust(4096, b"\0")
    package = struct.pack("<Q", 20000) + bytes(rng.getrandbits(8) for _ in range(4096 - 8))
    fat = [fat_sect, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack(
        "<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0, end, 0
    )
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, left, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    nostream = 0xFFFFFFFF
    directory = (
        entry("Root Entry", 5, nostream, nostream, 1, end, 0)
        + entry("EncryptionInfo", 2, nostream, 2, nostream, 2, len(info))
        + entry("EncryptedPackage", 2, nostream, nostream, nostream, 10, len(package))
        + entry("", 0, nostream, nostream, nostream, 0, 0)
    )
    body = struct.pack("<128I", *fat) + directory + info + package
    assert len(header) == sector and len(body) == 18 * sector
    dest.write_bytes(header + body)
    return dest


def _zip_bomb(src: Path, dest: Path, inflated_mb: int = 300) -> Path:
    """The first sheet part replaced by one that inflates to `inflated_mb` MB."""
    part = _first_sheet_part(src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == part:
                with zout.open(part, "w", force_zip64=True) as fh:
                    fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    block = b" " * (1 << 20)
                    for _ in range(inflated_mb):
                        fh.write(block)
                    fh.write(b"</sheetData></worksheet>")
            else:
                zout.writestr(info, zin.read(info.filename))
    return dest


def _in_sheet_xml(src: Path, dest: Path, fn: Callable[[bytes], bytes]) -> Path:
    part = _first_sheet_part(src)
    return _rewrite_zip(src, dest, lambda n, d: fn(d) if n == part else d)


def _in_shared_strings(src: Path, dest: Path, fn: Callable[[bytes], bytes]) -> Path:
    return _rewrite_zip(src, dest, lambda n, d: fn(d) if n == "xl/sharedStrings.xml" else d)


def _with_dtd(data: bytes, dtd: bytes) -> bytes:
    head, sep, rest = data.partition(b"?>")
    return head + sep + dtd + rest if sep else dtd + data


BILLION_LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
)
XXE = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _first_string(data: bytes, new: bytes) -> bytes:
    """Replace the text of the first shared string after the header row strings."""
    texts = list(re.finditer(rb"<t(?: [^>]*)?>([^<]*)</t>", data))
    target = texts[min(len(texts) - 1, 25)]
    return data[: target.start(1)] + new + data[target.end(1):]


def _header_row(ws) -> int:
    """The row holding the most non-empty cells among the first 5 (the header row)."""
    return max(range(1, 6), key=lambda r: sum(1 for c in ws[r] if c.value not in (None, "")))


def _random_cjk(n: int) -> str:
    rng = random.Random(RNG_SEED)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


# ----- the workbook corpus ----------------------------------------------------------------------------
def workbook_corpus(folder: Path, good: Path) -> dict[str, Path]:
    """At least 30 kinds of bad file for an import path, derived from one good file of that path."""
    folder.mkdir(parents=True, exist_ok=True)
    ext = good.suffix
    rng = random.Random(RNG_SEED)
    out: dict[str, Path] = {}

    def put(kind: str, name: str, data: bytes | str) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        out[kind] = path

    put("empty", f"空文件{ext}", b"")
    put("random_bytes", f"随机字节{ext}", bytes(rng.getrandbits(8) for _ in range(65536)))
    put("truncated", f"截断{ext}", good.read_bytes()[: good.stat().st_size // 2])
    put("text_renamed", f"文本改名{ext}", "这不是表格，是一段改了扩展名的文字。\n第二行。\n")
    out["encrypted"] = encrypted_workbook(folder / f"密码保护{ext}")
    shutil.copyfile(DATA / "matters_sample.xls", folder / "旧版Excel.xls")
    out["old_xls"] = folder / "旧版Excel.xls"
    wb = openpyxl.Workbook()
    wb.active.title = "销售统计"
    wb.active.append(["月份", "销售额", "利润"])
    for m in range(1, 13):
        wb.active.append([f"{m}月", m * 1000, m * 100])
    wb.save(folder / f"无关工作簿{ext}")
    out["unrelated_workbook"] = folder / f"无关工作簿{ext}"

    def drop_col(_, ws):
        ws.delete_cols(2)

    def dup_col(_, ws):
        h = _header_row(ws)
        ws.insert_cols(3)
        for row in range(1, ws.max_row + 1):
            ws.cell(row, 3).value = ws.cell(row, 2).value
        ws.cell(h, 3).value = ws.cell(h, 2).value

    def shift(_, ws):
        ws.insert_rows(1, 3)
        ws.insert_cols(1, 2)

    def merge_header(_, ws):
        h = _header_row(ws)
        ws.merge_cells(start_row=h, start_column=2, end_row=h, end_column=4)

    def formulas(_, ws):
        h = _header_row(ws)
        for col in range(1, min(ws.max_column, 8) + 1):
            ws.cell(h + 1, col).value = f"=CONCATENATE(\"公式\",{col})" if col % 2 else "=1/0"

    def huge_cell(_, ws):
        h = _header_row(ws)
        ws.cell(h + 1, 2).value = _random_cjk(3_500_000)  # ≈ 10 MB of UTF-8

    def header_only(_, ws):
        h = _header_row(ws)
        if ws.max_row > h:
            ws.delete_rows(h + 1, ws.max_row - h)

    def far_corner(_, ws):
        ws.cell(1048576, 16384).value = "最远的单元格"

    def rename_sheet(wb, ws):
        ws.title = "Sheet1"

    def numbers_everywhere(_, ws):
        h = _header_row(ws)
        for col in range(1, ws.max_column + 1):
            ws.cell(h + 1, col).value = [1.5e20, -0.0, 45123.75, True, 3][col % 5]

    def all_blank_header(_, ws):
        h = _header_row(ws)
        for c in ws[h]:
            c.value = None

    for kind, fn in [
        ("missing_column", drop_col), ("duplicated_column", dup_col), ("shifted_header", shift),
        ("merged_header", merge_header), ("formulas", formulas), ("cell_10mb", huge_cell), ("header_only", header_only),
        ("far_corner_cell", far_corner), ("sheet_renamed", rename_sheet), ("numbers_and_bools", numbers_everywhere),
        ("blank_header_row", all_blank_header),
    ]:
        if ext == ".xlsx":
            out[kind] = _edit(good, folder / f"{kind}{ext}", fn)
    if ext == ".xlsx":
        out["control_chars_escaped"] = _in_shared_strings(
            good, folder / "控制字符.xlsx", lambda d: _first_string(d, b"\xe5\x90\x8d_x0001__x0007__x001B_\xe7\xa7\xb0")
        )
        out["control_chars_raw"] = _in_shared_strings(good, folder / "控制字符原样.xlsx", lambda d: _first_string(d, b"A\x01\x07\x1bB"))
        out["zip_bomb"] = _zip_bomb(good, folder / "压缩炸弹.xlsx")
        out["xml_entities"] = _in_sheet_xml(good, folder / "实体声明.xlsx", lambda d: _with_dtd(d, BILLION_LAUGHS))
        out["xml_external_entity"] = _in_sheet_xml(good, folder / "外部实体.xlsx", lambda d: _with_dtd(d, XXE))
        out["no_workbook_part"] = _rewrite_zip(good, folder / "缺少workbook.xlsx", lambda n, d: None if n == "xl/workbook.xml" else d)
        out["bad_shared_string_index"] = _in_sheet_xml(
            good, folder / "共享字符串越界.xlsx", lambda d: re.sub(rb'(t="s"[^>]*><v>)\d+(</v>)', rb"\g<1>999999\g<2>", d, count=3)
        )
        out["number_cell_with_text"] = _in_sheet_xml(
            good, folder / "数字单元格写文字.xlsx", lambda d: re.sub(rb'<c r="([A-Z]+[3-9])" t="s"([^>]*)><v>\d+</v>', rb'<c r="\1"\2><v>abc</v>', d, count=3)
        )
        out["far_row_cells_without_ref"] = _in_sheet_xml(
            good, folder / "远行无引用单元格.xlsx",
            lambda d: d.replace(b"</sheetData>", b'<row r="1048576">' + b"<c><v>1</v></c>" * 1000 + b"</row></sheetData>", 1),
        )
        out["cells_without_ref"] = _in_sheet_xml(
            good, folder / "单元格无引用.xlsx", lambda d: re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", d)
        )
        out["malformed_sheet_xml"] = _in_sheet_xml(good, folder / "XML不完整.xlsx", lambda d: d[: (d.find(b"</sheetData>") if b"</sheetData>" in d else len(d)) // 2])  # cut inside the cells
        out["macro_enabled"] = _rewrite_zip(good, folder / "带宏.xlsx", lambda n, d: d, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 508})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("说明.txt", "压缩包里只有一个文本文件。")
    put("plain_zip", f"普通压缩包{ext}", buf.getvalue())
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="菜单"><table:table-row><table:table-cell><text:p>菜名</text:p></table:table-cell><table:table-cell><text:p>价格</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    put("unrelated_ods", "无关表格.ods", ods.getvalue())
    rows = _rows(good) if ext == ".xlsx" else [["事项名称", "事项编码"], ["测试", "1"]]
    put("csv_utf16", "UTF16编码.csv", "\ufeff".encode("utf-16-le") + _csv(rows).encode("utf-16-le"))
    put("csv_big5", "Big5編碼.csv", _csv([[c.encode("big5", "replace").decode("big5") for c in r] for r in rows]).encode("big5", "replace"))
    put("csv_nul_bytes", "含NUL.csv", b"a,b\x00,c\r\n1,2,3\r\n")
    put("csv_ragged_quotes", "引号不配对.csv", '名称,"编码\r\n"甲,1,2,3,4\r\n乙"\r\n'.encode("utf-8"))
    put("csv_empty", "空.csv", b"")
    conn = sqlite3.connect(folder / "数据库改名.xlsx")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    out["sqlite_renamed"] = folder / "数据库改名.xlsx"
    (folder / f"一个文件夹{ext}").mkdir(exist_ok=True)
    out["directory"] = folder / f"一个文件夹{ext}"
    out["missing_path"] = folder / f"不存在的文件{ext}"
    weird = folder / f"很长 的#文件名{'长' * 60}😀{ext}"
    weird.write_bytes(b"not a workbook at all")
    out["odd_long_name"] = weird
    return out


# ----- the project-file corpus ----------------------------------------------------------------------------
def drop_column(conn: sqlite3.Connection, table: str, column: str) -> None:
    """`ALTER TABLE table DROP COLUMN column` as SQLite < 3.35 does it (the oldest supported, Debian 11 / UOS / Kylin,
    has 3.34): the table rebuilt from its own CREATE statement less that column's line, rows copied, indexes remade."""
    create, = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    indexes = [row[0] for row in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,))]
    rebuilt, n = re.subn(rf"\n\s*{column} [^\n]*,", "", create, count=1)
    assert n == 1, f"column {column} not found in {create}"
    keep = ", ".join(name for _, name, *_ in conn.execute(f"PRAGMA table_info({table})") if name != column)
    conn.executescript(
        f"PRAGMA foreign_keys = OFF; BEGIN; {rebuilt.replace(f'CREATE TABLE {table}', 'CREATE TABLE rebuilt', 1)};"
        f"INSERT INTO rebuilt ({keep}) SELECT {keep} FROM {table}; DROP TABLE {table};"
        f"ALTER TABLE rebuilt RENAME TO {table}; {'; '.join(indexes)}; COMMIT;")


def govcat_corpus(folder: Path, good: Path, good_xlsx: Path) -> dict[str, Path]:
    """Bad .govcat files, derived from one good project file."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(RNG_SEED)
    out: dict[str, Path] = {}

    def put(kind: str, data: bytes) -> None:
        out[kind] = folder / f"{kind}.govcat"
        out[kind].write_bytes(data)

    def variant(kind: str, sql: list[str | Callable[[sqlite3.Connection], None]], *, pragma_after: str = "") -> None:
        path = folder / f"{kind}.govcat"
        shutil.copyfile(good, path)
        conn = sqlite3.connect(path, isolation_level=None)
        for statement in sql:
            if callable(statement):
                statement(conn)
            else:
                conn.execute(statement)
        if pragma_after:
            conn.execute(pragma_after)
        conn.close()
        out[kind] = path

    raw = good.read_bytes()
    put("empty", b"")
    put("random_bytes", bytes(rng.getrandbits(8) for _ in range(65536)))
    put("truncated", raw[: len(raw) // 3])
    put("text_renamed", "这是一段文字，不是项目文件。".encode())
    put("workbook_renamed", good_xlsx.read_bytes())
    put("bad_magic", b"\0" * 16 + raw[16:])
    damaged = bytearray(raw)
    for page in range(2, len(raw) // 4096):
        damaged[page * 4096 + 100: page * 4096 + 400] = bytes(rng.getrandbits(8) for _ in range(300))
        # and where a page keeps its cells (packed at its end): damage that free space alone would hide
        damaged[page * 4096 + 3700: page * 4096 + 4000] = bytes(rng.getrandbits(8) for _ in range(300))
    put("damaged_pages", bytes(damaged))
    other = folder / "other_app.govcat"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE accounts (id INTEGER, name TEXT)")
    conn.commit()
    conn.close()
    out["other_app_sqlite"] = other
    variant("newer_version", [], pragma_after="PRAGMA user_version = 999")
    variant("wrong_application_id", [], pragma_after="PRAGMA application_id = 12345")
    variant("missing_table", ["DROP TABLE item"])
    variant("missing_column", [lambda conn: drop_column(conn, "entry", "summary")])
    variant("bad_json_singleton", ["UPDATE singleton SET data = '{not json' WHERE kind = 'info'"])
    variant("wrong_json_shape", ["UPDATE singleton SET data = '[1, 2, 3]' WHERE kind = 'contacts'"])
    variant("bad_json_list", ["UPDATE entry SET share_methods = 'not a list'"])
    variant("wrong_types", ["UPDATE matter SET name = 12345, code = x'00ff'"])
    variant("huge_text", [f"UPDATE entry SET summary = '{'长' * 3_500_000}'"])
    variant("nul_in_text", ["UPDATE matter SET name = 'A' || char(0) || 'B'"])
    variant("old_version_garbage", ["CREATE TABLE leftovers (x)"], pragma_after="PRAGMA user_version = 0")
    variant("wal_mode", [], pragma_after="PRAGMA journal_mode = WAL")
    garbage_journal = folder / "garbage_journal.govcat"
    shutil.copyfile(good, garbage_journal)
    (folder / "garbage_journal.govcat-journal").write_bytes(bytes(rng.getrandbits(8) for _ in range(8192)))
    out["garbage_journal"] = garbage_journal
    out["encrypted_workbook_renamed"] = encrypted_workbook(folder / "encrypted.govcat")
    (folder / "a_folder.govcat").mkdir(exist_ok=True)
    out["directory"] = folder / "a_folder.govcat"
    out["missing_path"] = folder / "nope.govcat"
    link = folder / "dangling_link.govcat"
    if not link.exists() and hasattr(os, "symlink"):
        try:
            os.symlink(folder / "nowhere.govcat", link)
            out["dangling_symlink"] = link
        except OSError:
            pass
    return out
