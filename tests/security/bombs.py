"""Decompression bombs built at run time (never committed): small XLSX zips whose parts expand a lot.

A workbook is written part by part with ``zipfile`` (deflate), the sheet streamed row by row, so even a
200 MB sheet is built with little memory."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '{shared}</Types>')
_SHARED_TYPE = ('<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{shared}</Relationships>')
_SHARED_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
               'sharedStrings" Target="sharedStrings.xml"/>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
HEADER = ["maatregel", "bsn", "geboortedatum", "startdatum", "einddatum", "doelgroep", "werkgever"]


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row(number: int, cells: list[str], numbered: bool = True) -> str:
    """One row; without ``numbered`` the row and cell references are left out (allowed by the format,
    and every row alike: the way a bomb packs millions of rows into a few hundred kilobytes)."""
    if not numbered:
        return "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>' for v in cells) + "</row>"
    body = "".join(f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                   for i, v in enumerate(cells) if v)
    return f'<row r="{number}">{body}</row>'


def write_workbook(path: Path, rows, *, shared_string: int = 0, header=HEADER, numbered: bool = True) -> Path:
    """An XLSX whose first sheet holds ``header`` and ``rows`` (an iterable of cell lists); with
    ``shared_string`` > 0 also a shared-strings part holding one string of that many characters."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        shared = bool(shared_string)
        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(shared=_SHARED_TYPE if shared else ""))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(shared=_SHARED_REL if shared else ""))
        if shared:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
                block = b"A" * (1 << 20)
                left = shared_string
                while left > 0:
                    fh.write(block[:min(left, len(block))])
                    left -= len(block)
                fh.write(b"</t></si></sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(_SHEET_HEAD.encode())
            fh.write(_row(1, header).encode())
            batch: list[str] = []
            for number, cells in enumerate(rows, start=2):
                batch.append(_row(number, cells, numbered))
                if len(batch) >= 10_000:
                    fh.write("".join(batch).encode())
                    batch.clear()
            fh.write("".join(batch).encode())
            if shared:
                fh.write(b'<row r="999999"><c r="A999999" t="s"><v>0</v></c></row>')
            fh.write(_SHEET_TAIL.encode())
    return path


def row_bytes(cells: list[str], numbered: bool = True) -> int:
    """The size of one such row in the sheet's XML."""
    return len(_row(1_000_000, cells, numbered).encode())


def bad_rows(n: int):
    """``n`` rows that are each rejected (an unknown measure), as in the reported bomb."""
    return (["X", "1", "1", "1", "", "", ""] for _ in range(n))
