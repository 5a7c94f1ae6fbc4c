"""The decoding of one scan file, run inside the scan child process (exchange.scan_child), never in the app's own.

Bounds, all checked before anything is rendered: MAX_PAGES pages (frames), each page at most MAX_SIDE_PT points
(× UserUnit) a side or MAX_PIXELS pixels (an image frame), and MAX_FILE_PIXELS pixels for the whole file at scan
resolution. Each page is read in passes, cheapest first, the next only while no code was found and the page's
budget (PAGE_SECONDS, RETRY_PIXELS for the file) lasts:

1. grey at SCAN_DPI, without zxing-cpp's downscaled copies (what a clean scan needs; most pages end here);
2. the red channel (a red seal over the code: red ink turns white, black modules stay black), then grey again with
   zxing-cpp's downscaled copies;
3. a light blur (dithered 1-bit MFP pages: the dots become grey modules);
4. twice the resolution, blurred (a 100 dpi fax: a module is one or two pixels), in grey and in the red channel.

A page with (almost) no ink is blank (空白页: the back of a duplex scan), never unreadable. A PDF page that draws
text and vector paths and has no image of the page is a print, not a scan (`drawn`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcat_desktop.exchange import pdf_qr

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

Render = Callable[[int, bool], "PILImage"]  # render(dpi, colour): the page as a PIL image
Drawn = Callable[[], bool]  # whether the page is drawn (text and vector paths), not a scanned image

MAX_PAGES = 300
MAX_FILE_BYTES = 400 * 1024 * 1024
MAX_PIXELS = 40_000_000  # one page or frame; a 600 dpi A3 page is 35 MP
MAX_SIDE_PT = 3370.0  # the long side of A0; no office scans larger paper
SCAN_DPI = 150
MAX_FILE_PIXELS = 800_000_000  # 300 A4 pages at 150 dpi are 655 MP
MAX_IMAGE_PIXELS = 3_000_000_000  # an image file's frames as stored (decoding costs ~5 ms a megapixel)
FRAME_PIXELS = 9_000_000  # a frame larger than a 300 dpi A4 page is reduced before it is read
RETRY_PIXELS = 800_000_000  # retry passes of one file together
PAGE_SECONDS = 3.0  # retry passes of one page
OPEN_SECONDS = 15.0  # a file's time: to open it and count its pages,
FILE_PAGE_SECONDS = 1.0  # and more per page,
MAX_FILE_SECONDS = 50.0  # at most (the scan child kills the reader then); retries stop at RETRY_SHARE of it
RETRY_SHARE = 0.7
BLANK_INK = 0.002  # share of dark pixels under which a page is blank
SCAN_COVER = 0.5  # an image covering this share of the page makes it a scanned page

CODE, BLANK, UNREADABLE = "code", "blank", "unreadable"


class Refused(Exception):
    """The file as a whole cannot be taken; str() is the Chinese reason."""


class Printed(Refused):
    """A page carrying a code is drawn (text and vector paths), not a scanned image: the unstamped print."""


def kind_of(head: bytes) -> str:
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        return "image"
    return ""


def file_seconds(pages: int) -> float:
    return min(MAX_FILE_SECONDS, OPEN_SECONDS + FILE_PAGE_SECONDS * pages)


def decode_file(path: Path, tell: Callable[[str, object], None]) -> list[tuple[int, str, list, int]]:
    """[(position, CODE|BLANK|UNREADABLE, payloads, codes seen on the sheet)]; tell("pages", n) and tell("tick", i).

    Retry passes stop once RETRY_SHARE of the file's time is spent: the rest of its pages get the cheap pass only,
    so a file of many damaged pages ends with what was read rather than being killed."""
    start = time.monotonic()
    count = [0]

    def told(kind: str, value: object) -> None:
        if kind == "pages":
            count[0] = int(value)  # type: ignore[call-overload]
        tell(kind, value)

    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise Refused(f"无法读取“{path.name}”：{exc.strerror or exc}") from None
    if size == 0:
        raise Refused(f"“{path.name}”是空文件")
    if size > MAX_FILE_BYTES:
        raise Refused(f"“{path.name}”有 {size // (1024 * 1024)} MB，"
                      f"超过扫描件上限 {MAX_FILE_BYTES // (1024 * 1024)} MB，请分成几个文件")
    kind = kind_of(head)
    if not kind:
        raise Refused(f"“{path.name}”不是 PDF、JPEG、PNG 或 TIFF 扫描件")
    pages = _pdf_pages(path, told) if kind == "pdf" else _image_pages(path, told)
    budget = [RETRY_PIXELS]
    out = []
    for position, (render, drawn) in enumerate(pages, 1):
        tell("tick", position - 1)
        if time.monotonic() - start > RETRY_SHARE * file_seconds(count[0]):
            budget[0] = 0
        try:
            state, payloads = decode_page(render, budget)
        except Refused:
            raise
        except Exception:  # noqa: BLE001 - a page PDFium or Pillow cannot draw counts as unreadable
            state, payloads = UNREADABLE, []
        if payloads and drawn is not None and drawn():
            raise Printed(f"“{path.name}”是 govcat 导出的打印文件"
                          f"（未盖章，第 {position} 页是文字和图形，不是扫描的图像），请汇总盖章后的扫描件")
        out.append((position, state, payloads, len(payloads)))
    if not out:
        raise Refused(f"“{path.name}”中没有页面")
    return out


def decode_page(render: Render, budget: list[int]) -> tuple[str, list]:
    """(state, payloads) of one page: the cheap pass, then the retry passes while no code is found.

    render(dpi, colour) gives the page as a PIL image ("L", or "RGB" when colour and the page has colour)."""
    from PIL import ImageFilter

    grey = render(SCAN_DPI, False)
    paper, ink = _ink(grey)
    if paper >= 100 and ink <= BLANK_INK:
        return BLANK, []
    found = _read(grey, downscale=False)  # a printed code at scan resolution needs no smaller copies (4× faster)
    if found:
        return CODE, found
    if paper < 100:  # a black page (a photo of nothing, an inverted fax): no pass finds a code there
        return UNREADABLE, []
    start = time.monotonic()

    def red() -> PILImage | None:
        image = render(SCAN_DPI, True)
        return image.getchannel("R") if image.mode == "RGB" and _coloured(image) else None

    def double() -> PILImage:
        big = render(SCAN_DPI * 2, False)
        return big.filter(ImageFilter.GaussianBlur(1.5 if big.width > grey.width else 0.8))

    def double_red() -> PILImage | None:
        image = render(SCAN_DPI * 2, True)
        if image.mode != "RGB" or not _coloured(image):
            return None
        return image.getchannel("R").filter(ImageFilter.GaussianBlur(1.0))

    passes: list[Callable[[], PILImage | None]] = [
        red, lambda: grey, lambda: grey.filter(ImageFilter.GaussianBlur(1.0)), double, double_red]
    for make in passes:
        if time.monotonic() - start > PAGE_SECONDS or budget[0] <= 0:
            break
        candidate = make()
        if candidate is None:
            continue
        budget[0] -= candidate.width * candidate.height
        found = _read(candidate)
        if found:
            return CODE, found
    return UNREADABLE, []


def _read(image: PILImage, downscale: bool = True) -> list[pdf_qr.PagePayload]:
    import zxingcpp

    # One BarcodeFormat is taken for a set of them by every zxing-cpp from 2.2 (the stubs of 3.x ask for the set
    # type, BarcodeFormats, which 2.x does not build from one format the same way)
    qr: Any = zxingcpp.BarcodeFormat.QRCode
    found: list[pdf_qr.PagePayload] = []
    for result in zxingcpp.read_barcodes(image, formats=qr, try_downscale=downscale):
        payload = pdf_qr.decode(result.text)
        if payload is not None and payload not in found:
            found.append(payload)
    return found


def _ink(grey: PILImage) -> tuple[int, float]:
    """(the paper's grey: the median level, the share of pixels clearly darker than the paper). Faded toner is
    still ink (125 on 255); show-through from the back of the sheet (220 on 255) is not."""
    histogram = grey.histogram()
    total = max(1, grey.width * grey.height)
    seen, paper = 0, 255
    for level in range(255, -1, -1):
        seen += histogram[level]
        if seen * 2 >= total:
            paper = level
            break
    return paper, sum(histogram[:max(0, paper - 70)]) / total


def _coloured(image: PILImage) -> bool:
    small = image.reduce(8) if image.width >= 800 else image
    r, g, b = small.split()
    from PIL import ImageChops

    spread = ImageChops.subtract(r, b).histogram()
    return sum(spread[60:]) > 0.0005 * small.width * small.height


# ----- PDF ---------------------------------------------------------------------------------------------
_USER_UNIT = re.compile(rb"/UserUnit\s+([0-9]*\.?[0-9]+)")


def _user_unit(path: Path) -> float:
    """The largest /UserUnit written in plain in the file (PDFium does not say it; one in an object stream is
    not seen, and a page is then bounded by its pixels only)."""
    with open(path, "rb") as fh:
        data = fh.read(8 << 20)
    units = [float(m.group(1)) for m in _USER_UNIT.finditer(data)]
    return max([1.0, *units])


def _pdf_pages(path: Path, tell: Callable[[str, object], None]) -> Iterator[tuple[Render, Drawn | None]]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if _no_pages(path):  # PDFium refuses a document without pages (and may repeat an earlier error code)
            raise Refused(f"“{path.name}”中没有页面") from None
        if "password" in text:
            raise Refused(f"“{path.name}”是加密的 PDF，请另存为不加密的 PDF 后再汇总") from None
        raise Refused(f"“{path.name}”不是可以读取的 PDF 文件（可能已损坏）") from None
    try:
        count = len(doc)
        if count == 0:
            raise Refused(f"“{path.name}”中没有页面")
        if count > MAX_PAGES:
            raise Refused(f"“{path.name}”有 {count} 页，超过扫描件上限 {MAX_PAGES} 页，请分成几个文件")
        if doc.get_metadata_dict().get("Producer", "") == "govcat":
            raise Printed(f"“{path.name}”是 govcat 导出的打印文件（未盖章），请汇总盖章后的扫描件")
        unit = _user_unit(path)
        sizes = [doc.get_page_size(i) for i in range(count)]  # from the page tree, no page is parsed
        total = 0.0
        for index, (w, h) in enumerate(sizes, 1):
            if max(w, h) * unit > MAX_SIDE_PT or min(w, h) <= 0:
                cm = f"{w * unit / 72 * 2.54:.0f}×{h * unit / 72 * 2.54:.0f}"
                raise Refused(f"“{path.name}”第 {index} 页的尺寸异常（{cm} 厘米），不是扫描的纸张")
            total += min(MAX_PIXELS, w * h * (SCAN_DPI / 72) ** 2)
        if total > MAX_FILE_PIXELS:
            raise Refused(f"“{path.name}”的页面太多或太大（共 {count} 页），超过一个扫描件的上限，请分成几个文件")
        tell("pages", count)
        for index in range(count):
            page = doc[index]
            try:
                w, h = sizes[index]

                def render(dpi: int, colour: bool, page: Any = page, w: float = w, h: float = h) -> PILImage:
                    scale = dpi / 72
                    if w * h * scale * scale > MAX_PIXELS:
                        scale = (MAX_PIXELS / max(1.0, w * h)) ** 0.5
                    bitmap = page.render(scale=scale, grayscale=not colour, may_draw_forms=False)
                    try:
                        image = bitmap.to_pil()
                        return image.convert("RGB" if colour else "L") if image.mode not in ("L", "RGB") else image
                    finally:
                        bitmap.close()

                def drawn(page: Any = page, area: float = w * h) -> bool:
                    return _drawn(page, area)

                yield render, drawn
            finally:
                page.close()
    finally:
        doc.close()


def _drawn(page: Any, area: float) -> bool:
    """A page of text and vector paths without an image of the page: a print, not a scan. A scan with an OCR
    text layer (invisible text, or text under the page image) has its page image and is a scan."""
    import pypdfium2.raw as c

    covered = 0.0
    ink = 0
    for obj in page.get_objects(max_depth=2):
        kind = c.FPDFPageObj_GetType(obj.raw)
        if kind == c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            covered = max(covered, (right - left) * (top - bottom))
        elif kind == c.FPDF_PAGEOBJ_TEXT:
            ink += c.FPDFTextObj_GetTextRenderMode(obj.raw) != c.FPDF_TEXTRENDERMODE_INVISIBLE
        elif kind == c.FPDF_PAGEOBJ_PATH:
            ink += 1
    return covered < SCAN_COVER * area and ink > 0


def _no_pages(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            data = fh.read(1 << 20)
    except OSError:
        return False
    return re.search(rb"/Count\s*0\b", data) is not None and re.search(rb"/Count\s*[1-9]", data) is None


# ----- images --------------------------------------------------------------------------------------------
def _image_pages(path: Path, tell: Callable[[str, object], None]) -> Iterator[tuple[Render, None]]:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(path)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise Refused(f"“{path.name}”不是可以读取的图片（可能已损坏）") from None
    with image:
        count = _frames(image, path)
        sizes = []
        for index in range(count):  # every frame's size from its header, nothing decoded yet
            try:
                image.seek(index)
            except (OSError, ValueError, EOFError, SyntaxError):
                raise Refused(f"“{path.name}”第 {index + 1} 页无法读取（图片可能已损坏）") from None
            if image.width * image.height > MAX_PIXELS or not image.width or not image.height:
                raise Refused(f"“{path.name}”第 {index + 1} 页的图片过大（{image.width}×{image.height} 像素），"
                              "请以 150–300 dpi 重新扫描")
            sizes.append(image.width * image.height)
        if sum(sizes) > MAX_IMAGE_PIXELS:
            raise Refused(f"“{path.name}”的页面太多或太大（共 {count} 页），超过一个扫描件的上限，请分成几个文件")
        tell("pages", count)
        for index in range(count):
            try:
                image.seek(index)
                frame = image.convert("RGB") if image.mode not in ("1", "L") else image.convert("L")
            except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError):
                raise Refused(f"“{path.name}”第 {index + 1} 页无法读取（图片可能已损坏）") from None
            factor = 1
            while frame.width * frame.height > FRAME_PIXELS * factor * factor:
                factor += 1  # a 600 dpi page is read at 300 dpi: the code is large, zxing-cpp's time is pixels
            if factor > 1:
                frame = frame.reduce(factor)
            frame = _square(frame, image.info.get("dpi"))
            grey = frame.convert("L") if frame.mode != "L" else frame

            def render(dpi: int, colour: bool, frame: PILImage = frame, grey: PILImage = grey) -> PILImage:
                image = frame if colour else grey
                if dpi == SCAN_DPI or image.width * image.height * 4 > MAX_PIXELS:
                    return image
                return image.resize((image.width * 2, image.height * 2), Image.Resampling.BILINEAR)

            yield render, None


def _square(frame: PILImage, dpi: Any) -> PILImage:
    """A frame of unequal resolutions (a standard-mode fax: 204 × 98 dpi) stretched to square pixels."""
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return frame
    if x <= 0 or y <= 0 or abs(x - y) < 0.05 * max(x, y) or max(x, y) > 4 * min(x, y):
        return frame
    from PIL import Image

    w, h = (frame.width, round(frame.height * x / y)) if x > y else (round(frame.width * y / x), frame.height)
    if w * h > MAX_PIXELS:
        return frame
    return frame.resize((w, h), Image.Resampling.BILINEAR)


def _frames(image: PILImage, path: Path) -> int:
    """Frames of an image, counted without walking past MAX_PAGES of them."""
    if not getattr(image, "is_animated", False):
        return 1
    count = 1
    try:
        while True:
            image.seek(count)
            count += 1
            if count > MAX_PAGES:
                raise Refused(f"“{path.name}”有 {MAX_PAGES} 页以上，超过扫描件上限 {MAX_PAGES} 页，请分成几个文件")
    except EOFError:
        pass
    except (OSError, ValueError, SyntaxError):
        raise Refused(f"“{path.name}”第 {count + 1} 页无法读取（图片可能已损坏）") from None
    image.seek(0)
    return count
