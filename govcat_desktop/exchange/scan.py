"""Reading scanned stamped copies: each page's govcat QR code, from PDF (pypdfium2), JPEG, PNG or TIFF (Pillow).

Bounded: at most MAX_PAGES pages a file, MAX_FILE_BYTES a file, pages rendered one at a time at SCAN_DPI (a page
larger than A3 is scaled down to MAX_PIXELS), images larger than MAX_PIXELS refused before they are decoded.
Every failure is a ScanRefused with a Chinese message; nothing here writes anywhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.exchange import pdf_qr

SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
MAX_PAGES = 1000
MAX_FILE_BYTES = 400 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 600 dpi A3 page is 35 MP
SCAN_DPI = 150
RETRY_DPI = 300


class ScanRefused(Exception):
    """A file that cannot be taken as a scan; str() is the Chinese reason."""


@dataclass
class ScanPage:
    position: int  # 1-based page in the file
    payloads: list[pdf_qr.PagePayload] = field(default_factory=list)


@dataclass
class ScanFile:
    path: Path
    pages: list[ScanPage]

    @property
    def unreadable(self) -> list[int]:
        return [p.position for p in self.pages if not p.payloads]


def is_scan(path: Path) -> bool:
    return path.suffix.lower() in SCAN_SUFFIXES


def _kind_of(head: bytes) -> str:
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n") or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    return ""


def read_scan(path: str | os.PathLike[str], tick: Callable[[int, int], bool] | None = None) -> ScanFile:
    """Decode every page of one scan file; tick(done, total) False stops (ScanRefused)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ScanRefused(f"无法读取“{path.name}”：{exc.strerror or exc}") from None
    if size == 0:
        raise ScanRefused(f"“{path.name}”是空文件")
    if size > MAX_FILE_BYTES:
        raise ScanRefused(f"“{path.name}”有 {size // (1024 * 1024)} MB，超过扫描件上限 {MAX_FILE_BYTES // (1024 * 1024)} MB，请分成几个文件")
    kind = _kind_of(head)
    if not kind:
        raise ScanRefused(f"“{path.name}”不是 PDF、JPEG、PNG 或 TIFF 扫描件")
    images = _pdf_pages(path) if kind == "pdf" else _image_pages(path)
    pages: list[ScanPage] = []
    total = None
    for position, (count, render) in enumerate(images, 1):
        total = count
        if tick is not None and not tick(position - 1, count):
            raise ScanRefused("已取消")
        try:
            payloads = _decode(render)
        except ScanRefused:
            raise
        except Exception:  # noqa: BLE001 - a page PDFium or Pillow cannot draw counts as unreadable
            payloads = []
        pages.append(ScanPage(position, payloads))
    if not pages:
        raise ScanRefused(f"“{path.name}”中没有页面")
    if tick is not None:  # the last page read: the bar reaches 100 % (a one-page scan stayed at 0 %)
        tick(len(pages), total or len(pages))
    return ScanFile(path, pages)


def _pdf_pages(path: Path) -> Iterator[tuple[int, Callable[[int], object]]]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if _no_pages(path):  # PDFium refuses a document without pages (and may repeat an earlier error code)
            raise ScanRefused(f"“{path.name}”中没有页面") from None
        if "password" in text:
            raise ScanRefused(f"“{path.name}”是加密的 PDF，请另存为不加密的 PDF 后再汇总") from None
        raise ScanRefused(f"“{path.name}”不是可以读取的 PDF 文件（可能已损坏）") from None
    try:
        count = len(doc)
        if count == 0:
            raise ScanRefused(f"“{path.name}”中没有页面")
        if count > MAX_PAGES:
            raise ScanRefused(f"“{path.name}”有 {count} 页，超过扫描件上限 {MAX_PAGES} 页，请分成几个文件")
        for index in range(count):
            page = doc[index]
            try:
                w, h = page.get_size()

                def render(dpi: int, page=page, w=w, h=h):
                    scale = dpi / 72
                    if w * h * scale * scale > MAX_PIXELS:
                        scale = (MAX_PIXELS / max(1.0, w * h)) ** 0.5
                    bitmap = page.render(scale=scale, grayscale=True)
                    try:
                        return bitmap.to_pil().copy()
                    finally:
                        bitmap.close()

                yield count, render
            finally:
                page.close()
    finally:
        doc.close()


def _no_pages(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            data = fh.read(1 << 20)
    except OSError:
        return False
    return re.search(rb"/Count\s*0\b", data) is not None and re.search(rb"/Count\s*[1-9]", data) is None


def _image_pages(path: Path) -> Iterator[tuple[int, Callable[[int], object]]]:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ScanRefused(f"“{path.name}”不是可以读取的图片（可能已损坏）") from None
    with image:
        count = getattr(image, "n_frames", 1)
        if count > MAX_PAGES:
            raise ScanRefused(f"“{path.name}”有 {count} 页，超过扫描件上限 {MAX_PAGES} 页，请分成几个文件")
        for index in range(count):
            try:
                image.seek(index)
                if image.width * image.height > MAX_PIXELS:
                    raise ScanRefused(f"“{path.name}”第 {index + 1} 页的图片过大（{image.width}×{image.height} 像素），请以 150–300 dpi 重新扫描")
                frame = image.convert("L")
            except ScanRefused:
                raise
            except (OSError, ValueError, EOFError, SyntaxError):
                raise ScanRefused(f"“{path.name}”第 {index + 1} 页无法读取（图片可能已损坏）") from None

            def render(dpi: int, frame=frame):
                if dpi == SCAN_DPI:
                    return frame
                return frame.resize((frame.width * 2, frame.height * 2)) if frame.width * frame.height * 4 <= MAX_PIXELS else frame

            yield count, render


def _decode(render: Callable[[int], object]) -> list[pdf_qr.PagePayload]:
    """The govcat payloads on one page: at scan resolution, then once more at twice the resolution."""
    import zxingcpp

    for dpi in (SCAN_DPI, RETRY_DPI):
        image = render(dpi)
        found = []
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            payload = pdf_qr.decode(result.text)
            if payload is not None and payload not in found:
                found.append(payload)
        if found:
            return found
    return []


def is_print_file(path: Path) -> bool:
    """True for a PDF govcat wrote itself (the unstamped print file); False for a scan or anything unreadable."""
    try:
        with open(path, "rb") as fh:
            if not fh.read(5).startswith(b"%PDF"):
                return False
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - not readable here: read_scan gives the reason
        return False
    try:
        return doc.get_metadata_dict().get("Producer", "") == "govcat"
    except Exception:  # noqa: BLE001
        return False
    finally:
        doc.close()
