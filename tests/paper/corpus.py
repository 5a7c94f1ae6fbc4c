"""A corpus of scans degraded the way offices degrade them (issue #19), made with Pillow from a print PDF's pages.

Each degradation takes the page rendered at 300 dpi in colour and gives (image, dpi) as the scanner would store it.
The code sits in the top-right corner of a landscape A4 page (exchange.pdf_layout: 26 mm, 6 mm from the top).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

from tests.paper import scans as S

PAGE_W_MM, MARGIN_MM, QR_MM, QR_TOP_MM = 297.0, 12.0, 26.0, 6.0


def code_box(image: Image.Image) -> tuple[int, int, int, int]:
    """The code's box on a full page image (landscape A4)."""
    k = image.width / PAGE_W_MM
    right = (PAGE_W_MM - MARGIN_MM) * k
    return int(right - QR_MM * k), int(QR_TOP_MM * k), int(right), int((QR_TOP_MM + QR_MM) * k)


def seal_over_code(image: Image.Image, seed: int = 1, alpha: int = 200) -> Image.Image:
    """A round red seal (ring, star, characters) pressed across the code, as a clerk stamps the corner."""
    from PIL import ImageChops

    rgb = image.convert("RGB")
    left, top, right, bottom = code_box(rgb)
    cx, cy = (left + right) // 2 - (right - left) // 5, (top + bottom) // 2 + (bottom - top) // 6
    r = int((right - left) * 0.75)
    overlay = Image.new("RGB", rgb.size, (255, 255, 255))  # stamp ink is translucent: it multiplies the page
    draw = ImageDraw.Draw(overlay)
    red = (225, 40 + (255 - alpha) // 2, 50 + (255 - alpha) // 2)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(4, r // 10))
    star = [(cx + r * 0.4 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
             cy - r * 0.4 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=red)
    rnd = random.Random(seed)
    for k in range(22):  # the ring of characters: thick strokes
        a = math.pi * (0.1 + 1.8 * k / 21)
        x, y = cx - math.cos(a) * r * 0.72, cy - math.sin(a) * r * 0.72
        draw.line((x, y, x + rnd.randint(-r // 6, r // 6), y + rnd.randint(-r // 6, r // 6)), fill=red, width=r // 14)
    return ImageChops.multiply(rgb, overlay)


def _resample(image: Image.Image, dpi: int, source_dpi: int = 300) -> Image.Image:
    w, h = image.size
    return image.resize((round(w * dpi / source_dpi), round(h * dpi / source_dpi)), Image.LANCZOS)


def mfp_threshold(image: Image.Image) -> tuple[Image.Image, int]:
    """A multi-function printer at 200 dpi, 1-bit, fixed threshold (slightly blurred optics first)."""
    grey = _resample(image.convert("L").filter(ImageFilter.GaussianBlur(1.2)), 200)
    return grey.point(lambda v: 255 if v > 140 else 0).convert("1"), 200


def mfp_dither(image: Image.Image) -> tuple[Image.Image, int]:
    """200 dpi, 1-bit, error diffusion (Floyd–Steinberg) of a light, soft scan: modules become dot clouds."""
    grey = _resample(image.convert("L").filter(ImageFilter.GaussianBlur(1.5)), 200)
    grey = grey.point(lambda v: 70 + v * 185 // 255)  # toner and paper both greyish
    return grey.convert("1", dither=Image.Dither.FLOYDSTEINBERG), 200


def mfp_dither_faded(image: Image.Image) -> tuple[Image.Image, int]:
    """The same of a faded copy (toner at 190 of 255): each module is a cloud of sparse dots."""
    grey = _resample(image.convert("L").filter(ImageFilter.GaussianBlur(1.0)), 200)
    grey = grey.point(lambda v: 190 + v * 65 // 255)
    return grey.convert("1", dither=Image.Dither.FLOYDSTEINBERG), 200


def fax(image: Image.Image) -> tuple[Image.Image, int]:
    """A fax: 100 dpi (the fine mode is 200 × 100; standard mode sends 100 dpi), 1-bit."""
    grey = _resample(image.convert("L").filter(ImageFilter.GaussianBlur(1.0)), 100)
    return grey.point(lambda v: 255 if v > 150 else 0).convert("1"), 100


def photo(image: Image.Image, seed: int = 3) -> tuple[Image.Image, int]:
    """A phone photo: perspective (one side further away), a few degrees turned, a shadow across, JPEG."""
    rgb = _resample(image.convert("RGB"), 150)
    w, h = rgb.size
    rnd = random.Random(seed)
    d = 0.06
    # The page's corners (from the top-left, clockwise) as the camera sees them.
    quad = (rnd.uniform(0, d) * w, rnd.uniform(0, d) * h, rnd.uniform(0, d / 2) * w, (1 - rnd.uniform(0, d)) * h,
            (1 - rnd.uniform(0, d / 2)) * w, (1 - rnd.uniform(0, d / 2)) * h, (1 - rnd.uniform(0, d)) * w,
            rnd.uniform(0, d / 2) * h)
    warped = rgb.transform((w, h), Image.QUAD, quad, Image.BICUBIC, fillcolor=(90, 80, 70))
    warped = S.rotate(warped, rnd.uniform(-4, 4))
    shade = Image.linear_gradient("L").resize(warped.size).point(lambda v: 255 - v * 110 // 255)
    dark = Image.new("RGB", warped.size, (0, 0, 0))
    shadowed = Image.composite(warped, dark, shade.rotate(35, expand=False, fillcolor=255))
    return S.jpeg(shadowed, 70), 150


def faded(image: Image.Image, seed: int = 4) -> tuple[Image.Image, int]:
    """Faded toner (black printed as mid grey) with drum streaks (light vertical bands) at 150 dpi grey."""
    grey = _resample(image.convert("L"), 150).point(lambda v: 125 + v * 130 // 255)
    draw = ImageDraw.Draw(grey)
    rnd = random.Random(seed)
    for _ in range(6):
        x = rnd.randrange(grey.width)
        draw.rectangle((x, 0, x + rnd.randint(2, 6), grey.height), fill=215)
    return grey, 150


def seal_colour(image: Image.Image) -> tuple[Image.Image, int]:
    """A colour scan at 150 dpi with the red seal across the code."""
    return _resample(seal_over_code(image), 150), 150


def seal_colour_300(image: Image.Image) -> tuple[Image.Image, int]:
    return S.jpeg(seal_over_code(image, seed=5), 75), 300


def turned(image: Image.Image) -> tuple[Image.Image, int]:
    """Fed askew: 3° at 200 dpi grey."""
    return S.rotate(_resample(image.convert("L"), 200), 3), 200


DEGRADATIONS: dict[str, Callable[[Image.Image], tuple[Image.Image, int]]] = {
    "200 dpi 1 位 阈值": mfp_threshold,
    "200 dpi 1 位 抖动": mfp_dither,
    "200 dpi 1 位 抖动 褪色": mfp_dither_faded,
    "100 dpi 传真": fax,
    "手机拍照 透视 阴影": photo,
    "红章压住二维码 150 dpi": seal_colour,
    "红章压住二维码 300 dpi": seal_colour_300,
    "碳粉褪色 鼓痕": faded,
    "歪斜 3°": turned,
}


def two_up(left: Image.Image, right: Image.Image | None) -> Image.Image:
    """Two landscape pages reduced onto one landscape sheet, one above the other (the printer's 2 pages a sheet)."""
    w, h = left.size
    sheet = Image.new(left.mode, (w, int(h * 1.414)), 255 if left.mode == "L" else (255, 255, 255))
    scale = sheet.height / 2 / h * 0.98
    for k, page in enumerate((left, right)):
        if page is not None:
            small = page.resize((int(w * scale), int(h * scale)), Image.LANCZOS)
            sheet.paste(small, ((w - small.width) // 2, k * sheet.height // 2 + 4))
    return sheet
