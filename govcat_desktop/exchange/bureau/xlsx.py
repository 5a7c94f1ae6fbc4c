"""A streaming writer of plain data workbooks (text cells, bold header, dropdowns, hidden sheets) for city-scale lists."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


_LETTERS = [get_column_letter(i + 1) for i in range(702)]  # A … ZZ


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
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w:.1f}" customWidth="1"/>' for i, w in enumerate(sheet.widths))
        out.write(f"<cols>{cols}</cols>".encode())
    out.write(b"<sheetData>")
    n = 0
    if sheet.headers:
        style = ' s="1"' if sheet.bold_header else ""
        head = "".join(
            f'<c r="{letters[i]}1" t="inlineStr"{style}><is><t xml:space="preserve">{_esc(str(h))}</t></is></c>'
            for i, h in enumerate(sheet.headers)
        )
        out.write(f'<row r="1">{head}</row>'.encode())
        n = 1
    buffer: list[str] = []
    for row in sheet.rows:
        n += 1
        values, styles, height = row if sheet.styled else (row, None, None)
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
    if sheet.merges:
        merged = "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges)
        out.write(f'<mergeCells count="{len(sheet.merges)}">{merged}</mergeCells>'.encode())
    if sheet.dropdowns:
        items = []
        for header, allowed in sheet.dropdowns.items():
            letter = letters[list(sheet.headers).index(header)]
            items.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="{letter}2:{letter}{max(n, 2)}">'
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
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
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
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
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
                f'<sheet name="{_esc(s.name)}" sheetId="{i}"{" state=" + chr(34) + "hidden" + chr(34) if s.hidden else ""}'
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
