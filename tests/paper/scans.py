"""Scans made by the tests: render a print PDF with pypdfium2, then degrade the page images with Pillow."""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


def render_pages(pdf: Path, dpi: int = 150, grey: bool = True) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            bitmap = page.render(scale=dpi / 72, grayscale=grey)
            out.append(bitmap.to_pil().convert("L" if grey else "RGB"))
            bitmap.close()
            page.close()
        return out
    finally:
        doc.close()


def red_stamp(image: Image.Image, seed: int = 1) -> Image.Image:
    """A round red seal with text ring and star over the lower left part of the page (where the stamp goes)."""
    rgb = image.convert("RGB")
    overlay = Image.new("RGBA", rgb.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    w, h = rgb.size
    r = int(min(w, h) * 0.12)
    cx, cy = int(w * 0.25), int(h * 0.72)
    red = (214, 30, 30, 190)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, r // 12))
    star = [(cx + r * 0.35 * math.cos(math.pi / 2 + k * 4 * math.pi / 5), cy - r * 0.35 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=red)
    rnd = random.Random(seed)
    for k in range(18):  # the ring of characters: short strokes
        a = math.pi * (0.15 + 0.7 * k / 17)
        x, y = cx - math.cos(a) * r * 0.75, cy - math.sin(a) * r * 0.75
        draw.line((x, y, x + rnd.randint(-8, 8), y + rnd.randint(4, 12)), fill=red, width=4)
    return Image.alpha_composite(rgb.convert("RGBA"), overlay).convert("RGB")


def signature(image: Image.Image, seed: int = 2) -> Image.Image:
    """A blue pen signature scrawled across the middle of the page (not across the code in the top right)."""
    rgb = image.convert("RGB")
    draw = ImageDraw.Draw(rgb)
    w, h = rgb.size
    rnd = random.Random(seed)
    points = [(w * 0.1 + k * w * 0.6 / 40, h * 0.45 + math.sin(k / 2.5) * h * 0.06 + rnd.uniform(-8, 8)) for k in range(41)]
    draw.line(points, fill=(20, 40, 150), width=max(3, w // 400))
    return rgb


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    fill = 255 if image.mode == "L" else (255, 255, 255)
    return image.rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor=fill)


def cut_edge(image: Image.Image, fraction: float = 0.06) -> Image.Image:
    """The scanner missed the left edge of the page."""
    w, h = image.size
    return image.crop((int(w * fraction), 0, w, h))


def jpeg(image: Image.Image, quality: int = 50) -> Image.Image:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(image.mode)


def scanner_noise(image: Image.Image) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(0.6))


def to_pdf(images: list[Image.Image], path: Path, dpi: int = 150) -> Path:
    first, rest = images[0], images[1:]
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=dpi)
    return path


def degraded_set(pages_150: list[Image.Image], pages_300: list[Image.Image]) -> dict[str, list[Image.Image]]:
    """Every degradation of the issue, each applied to every page (colour pages get the red stamp)."""
    out: dict[str, list[Image.Image]] = {}
    out["150dpi 灰度"] = pages_150
    out["300dpi 灰度"] = pages_300
    out["150dpi 彩色 红章 签名"] = [signature(red_stamp(p)) for p in pages_150]
    out["300dpi 彩色 红章 签名 JPEG50"] = [jpeg(signature(red_stamp(p)), 50) for p in pages_300]
    out["150dpi JPEG50"] = [jpeg(scanner_noise(p), 50) for p in pages_150]
    out["150dpi 旋转+5°"] = [rotate(p, 5) for p in pages_150]
    out["150dpi 旋转-5°"] = [rotate(p, -5) for p in pages_150]
    out["150dpi 旋转180°"] = [rotate(p, 180) for p in pages_150]
    out["300dpi 旋转-3° JPEG50"] = [jpeg(rotate(p, -3), 50) for p in pages_300]
    out["150dpi 左边缘被裁"] = [cut_edge(p) for p in pages_150]
    return out
