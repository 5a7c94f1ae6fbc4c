"""A streaming writer of plain data workbooks (text cells, bold header, dropdowns, hidden sheets) for city-scale
lists."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HIDDEN = ' state="hidden"'  # a sheet kept from the clerk's eye (the dropdowns' value lists)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


_LETTERS = [get_column_letter(i + 1) for i in range(702)]  # A … ZZ


# Plain rows are written a chunk at a time: the chunk's texts joined with two separators (cells, rows) that are
# illegal in XML (so never in a value that reaches the file), escaped and turned into markup by a few str passes
# in C. Cells and rows carry no `r`: they follow each other (ECMA-376 18.3.1.4/.73; calamine, openpyxl and
# LibreOffice read them in order), and an empty cell is <c/>.
_CELL, _ROW = "\x1f", "\x1e"
_OPEN = '<c t="inlineStr"><is><t xml:space="preserve">'
_CLOSE = "</t></is></c>"
_EMPTY = _OPEN + _CLOSE
_CHUNK = 100


_ILLEGAL_BUT_MARKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1d\ufffe\uffff]")


def _cells(row: Sequence[object]) -> str:
    return _CELL.join(["" if v is None else str(v) for v in row])


def _plain_chunk(rows: list[Sequence[object]]) -> str:
    try:
        text = _ROW.join([_CELL.join(row) for row in rows])  # type: ignore[arg-type]  # rows of text: the usual
    except TypeError:  # a number or None among them
        text = _ROW.join([_cells(row) for row in rows])
    if (_ILLEGAL_BUT_MARKS.search(text) or text.count(_ROW) != len(rows) - 1
            or text.count(_CELL) != sum(max(len(row) - 1, 0) for row in rows)):  # a control character in a value
        text = _ROW.join([_CELL.join([_ILLEGAL.sub("", "" if v is None else str(v)) for v in row]) for row in rows])
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        if raw in text:
            text = text.replace(raw, escaped)
    text = text.replace(_CELL, _CLOSE + _OPEN).replace(_ROW, _CLOSE + "</row><row>" + _OPEN)
    return ("<row>" + _OPEN + text + _CLOSE + "</row>").replace(_EMPTY, "<c/>")


def _esc(text: str) -> str:
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass
class Sheet:
    """One sheet: headers (row 1, bold), text rows, column widths, list dropdowns {header: 'a,b,c'}, hidden flag."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[float] = ()
    dropdowns: dict[str, str] = field(default_factory=dict)
    hidden: bool = False
    bold_header: bool = True
    styled: bool = False  # rows are (values, style ids per cell, height or None); no header row is written
    merges: list[str] = field(default_factory=list)  # may be filled while `rows` is consumed
    page: PageSetup | None = None
    header_style: int = 1  # BOLD; HEAD for a filled, bordered, centred header
    header_height: float | None = None
    autofilter: bool = False  # a filter over the header and every row


@dataclass
class PageSetup:
    """Print settings: A4 landscape, one page wide, repeated title rows, header and footer text."""

    title_rows: tuple[int, int] | None = None
    header: str = ""
    footer_left: str = ""
    footer_center: str = "第 &P 页 共 &N 页"
    footer_right: str = ""


# Style ids of _STYLES: 0 plain, 1 bold, 2 body (border, wrap), 3 head (bold, fill, border, centred), 4 title.
PLAIN, BOLD, BODY, HEAD, TITLE = 0, 1, 2, 3, 4


def _sheet_xml(out, sheet: Sheet) -> None:
    letters = _LETTERS
    out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS}>'.encode())
    if sheet.page is not None:
        out.write(b'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    if not sheet.hidden and not sheet.styled:
        out.write(b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
                  b' state="frozen"/></sheetView></sheetViews>')
    if sheet.widths:
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w:.1f}" customWidth="1"/>'
                       for i, w in enumerate(sheet.widths))
        out.write(f"<cols>{cols}</cols>".encode())
    out.write(b"<sheetData>")
    n = 0
    if sheet.headers:
        style = f' s="{sheet.header_style}"' if sheet.bold_header else ""
        head = "".join(
            f'<c r="{letters[i]}1" t="inlineStr"{style}><is><t xml:space="preserve">{_esc(str(h))}</t></is></c>'
            for i, h in enumerate(sheet.headers)
        )
        height = f' ht="{sheet.header_height:.1f}" customHeight="1"' if sheet.header_height else ""
        out.write(f'<row r="1"{height}>{head}</row>'.encode())
        n = 1
    if not sheet.styled:
        chunk: list[Sequence[object]] = []
        for row in sheet.rows:
            chunk.append(row)
            if len(chunk) >= _CHUNK:
                out.write(_plain_chunk(chunk).encode())
                n += len(chunk)
                chunk.clear()
        if chunk:
            out.write(_plain_chunk(chunk).encode())
            n += len(chunk)
    buffer: list[str] = []
    for row in sheet.rows if sheet.styled else ():
        n += 1
        values, styles, height = row
        cells = []
        for i, value in enumerate(values):
            sid = f' s="{styles[i]}"' if styles and styles[i] else ""
            if value is None or value == "":
                if sid:
                    cells.append(f'<c r="{letters[i]}{n}"{sid}/>')
                continue
            cells.append(
                f'<c r="{letters[i]}{n}" t="inlineStr"{sid}><is><t xml:space="preserve">{_esc(str(value))}</t></is></c>'
            )
        attrs = f' ht="{height:.1f}" customHeight="1"' if height else ""
        buffer.append(f'<row r="{n}"{attrs}>{"".join(cells)}</row>')
        if len(buffer) >= 2000:
            out.write("".join(buffer).encode())
            buffer.clear()
    out.write("".join(buffer).encode())
    out.write(b"</sheetData>")
    if sheet.autofilter and sheet.headers and n > 1:
        out.write(f'<autoFilter ref="A1:{letters[len(sheet.headers) - 1]}{n}"/>'.encode())
    if sheet.merges:
        merged = "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges)
        out.write(f'<mergeCells count="{len(sheet.merges)}">{merged}</mergeCells>'.encode())
    if sheet.dropdowns:
        items = []
        for header, allowed in sheet.dropdowns.items():
            letter = letters[list(sheet.headers).index(header)]
            items.append('<dataValidation type="list" allowBlank="1" showErrorMessage="1"'
                         f' sqref="{letter}2:{letter}{max(n, 2)}">'
                         f'<formula1>"{_esc(allowed)}"</formula1></dataValidation>')
        out.write(f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'.encode())
    out.write(b'<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>')
    if sheet.page is not None:
        pg = sheet.page
        out.write(b'<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
        footer = "".join(f"&amp;{k}{_esc(v)}" for k, v in (("L", pg.footer_left), ("C", pg.footer_center),
                                                            ("R", pg.footer_right)) if v)
        header = f"<oddHeader>&amp;C{_esc(pg.header)}</oddHeader>" if pg.header else ""
        out.write(f"<headerFooter>{header}<oddFooter>{footer}</oddFooter></headerFooter>".encode())
    out.write(b"</worksheet>")


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet {_NS}><fonts count="3"><font><sz val="10"/><name val="宋体"/></font>'
    '<font><b/><sz val="10"/><name val="宋体"/></font><font><b/><sz val="16"/><name val="宋体"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    '</borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
    ' applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def write_workbook(path: Path, sheets: list[Sheet]) -> Path:
    """Write the sheets as an .xlsx (every cell an inline text string) through a temporary file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            overrides = "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            z.writestr("[Content_Types].xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                f"{overrides}</Types>"
            ))
            z.writestr("_rels/.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ))
            entries = "".join(
                f'<sheet name="{_esc(s.name)}" sheetId="{i}"{HIDDEN if s.hidden else ""}'
                f' r:id="rId{i}"/>'
                for i, s in enumerate(sheets, start=1)
            )
            names = "".join(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                f"'{_esc(s.name)}'!${s.page.title_rows[0]}:${s.page.title_rows[1]}</definedName>"
                for i, s in enumerate(sheets) if s.page is not None and s.page.title_rows
            )
            names = f"<definedNames>{names}</definedNames>" if names else ""
            z.writestr("xl/workbook.xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<workbook {_NS} xmlns:r="{_REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{entries}</sheets>{names}</workbook>"
            ))
            rels = "".join(
                f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
            z.writestr("xl/_rels/workbook.xml.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
            ))
            z.writestr("xl/styles.xml", _STYLES)
            for i, sheet in enumerate(sheets, start=1):
                with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                    _sheet_xml(out, sheet)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
