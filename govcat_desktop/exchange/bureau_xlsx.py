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


def _sheet_xml(out, sheet: Sheet) -> None:
    letters = [get_column_letter(i + 1) for i in range(len(sheet.headers))]
    out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS}>'.encode())
    if not sheet.hidden:
        out.write(b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
                  b' state="frozen"/></sheetView></sheetViews>')
    if sheet.widths:
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w:.1f}" customWidth="1"/>' for i, w in enumerate(sheet.widths))
        out.write(f"<cols>{cols}</cols>".encode())
    out.write(b"<sheetData>")
    style = ' s="1"' if sheet.bold_header else ""
    head = "".join(
        f'<c r="{letters[i]}1" t="inlineStr"{style}><is><t xml:space="preserve">{_esc(str(h))}</t></is></c>'
        for i, h in enumerate(sheet.headers)
    )
    out.write(f'<row r="1">{head}</row>'.encode())
    n = 1
    buffer: list[str] = []
    for values in sheet.rows:
        n += 1
        cells = []
        for i, value in enumerate(values):
            if value is None or value == "":
                continue
            cells.append(f'<c r="{letters[i]}{n}" t="inlineStr"><is><t xml:space="preserve">{_esc(str(value))}</t></is></c>')
        buffer.append(f'<row r="{n}">{"".join(cells)}</row>')
        if len(buffer) >= 2000:
            out.write("".join(buffer).encode())
            buffer.clear()
    out.write("".join(buffer).encode())
    out.write(b"</sheetData>")
    if sheet.dropdowns:
        items = []
        for header, allowed in sheet.dropdowns.items():
            letter = letters[list(sheet.headers).index(header)]
            items.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="{letter}2:{letter}{max(n, 2)}">'
                         f'<formula1>"{_esc(allowed)}"</formula1></dataValidation>')
        out.write(f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'.encode())
    out.write(b'<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/></worksheet>')


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet {_NS}><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
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
            z.writestr("xl/workbook.xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<workbook {_NS} xmlns:r="{_REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{entries}</sheets></workbook>"
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
