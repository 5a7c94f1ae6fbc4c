"""Hostile scan files, built byte by byte: each small, each costly for a reader without bounds."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of numbered objects (1-based) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", flate: bool = False) -> bytes:
    head = b"<< /Length %d" % len(data) + (b" /Filter /FlateDecode" if flate else b"") + extra + b" >>"
    return head + b"\nstream\n" + data + b"\nendstream"


def recursive_form(path: Path) -> Path:
    """A page drawing form X0, which draws itself twice: 2^depth paints, for ever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X0 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        stream(b"q /X0 Do Q"),
        stream(b"q 0.9 0 0 0.9 5 5 cm /X0 Do Q q 0.5 0 0 0.5 0 0 cm /X0 Do Q 0 0 10 10 re f",
               b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X0 5 0 R >> >>"),
    ]
    path.write_bytes(pdf(objects))
    return path


def flate_bomb(path: Path, inflated: int = 1 << 30) -> Path:
    """One page whose content stream is a megabyte of Flate that inflates to a gigabyte of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(packer.compress(chunk) for _ in range(inflated // len(chunk))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(data, flate=True),
    ]
    path.write_bytes(pdf(objects))
    return path


def one_page_many_times(path: Path, times: int = 1000, size: int = 14400, unit: float = 1.0) -> Path:
    """The page tree lists one huge page `times` times (a few kB of file)."""
    kids = b" ".join([b"3 0 R"] * times)
    user = b" /UserUnit %g" % unit if unit != 1 else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % times,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]%s /Contents 4 0 R >>" % (size, size, user),
        stream(b"0 0 m 14400 14400 l S"),
    ]
    path.write_bytes(pdf(objects))
    return path


def blank_pages(path: Path, pages: int = 1000) -> Path:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(595, 842).close()
    doc.save(str(path))
    doc.close()
    return path


def tiff_frames(path: Path, frames: int = 1000, width: int = 6000, height: int = 6500) -> Path:
    """A TIFF of `frames` frames of width × height 1-bit pixels (39 MP each) sharing one CCITT G4 strip of white."""
    one = path.with_suffix(".one.tif")
    Image.new("1", (width, height), 1).save(one, compression="group4")
    with Image.open(one) as probe:
        offset, count = probe.tag_v2[273][0], probe.tag_v2[279][0]
    strip = one.read_bytes()[offset:offset + count]
    one.unlink()
    out = bytearray(b"II*\x00" + struct.pack("<I", 8 + len(strip)))
    out += strip
    tags = [(254, 4, 2), (256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 4), (262, 3, 0),
            (273, 4, 8), (277, 3, 1), (278, 4, height), (279, 4, len(strip))]
    for k in range(frames):
        start = len(out)
        out += struct.pack("<H", len(tags))
        for tag, typ, value in tags:
            packed = struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
            out += struct.pack("<HHI", tag, typ, 1) + packed
        nxt = start + 2 + 12 * len(tags) + 4
        out += struct.pack("<I", nxt if k + 1 < frames else 0)
    path.write_bytes(bytes(out))
    return path
