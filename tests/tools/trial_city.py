"""A small city for a hand trial of scans (issue #19), made as a bureau and its units would make it.

    .venv/bin/python -m tests.tools.trial_city OUT

writes, under OUT:
- 阳泉市大数据局.govcat — the bureau's empty project (deadlines far ahead);
- units/ — three units' projects (民政局 the example: T1 T3 T4; 城区行政审批服务管理局: T2 T3 T4; 盂县公安局: T1 T3),
  exported with their print PDFs to export-<unit>/;
- paper/ — the print PDFs "printed" (rendered at 300 dpi in colour) and "stamped": a semi-transparent red seal with
  公章 across the page's QR code, a signature in blue on the 负责人（签字） line;
- 邮件附件/ — what comes back by e-mail, scanned as an office's multi-function printer does, with ImageMagick
  (200 dpi, grey, threshold 55 %, CCITT Group 4): 民政局 one multi-page TIFF of all its stamped forms, 城区 a PDF
  of the 1-bit pages with a blank back after each sheet (a duplex scan), 盂县公安局 one TIFF per form; and each
  unit's 可编辑版 copies.
ImageMagick's PDF reader is Ghostscript, which the system policy forbids it: the print PDFs are rasterised with
pypdfium2 (as a printer driver would) and ImageMagick does the scanner's part, from the paper's 300 dpi pages.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.services import transfer
from govcat_desktop.services.example import load_example
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from tests import factories as F
from tests.bureau.conftest import bureau_info, chengqu, yuxian_police

PRINT_DPI = 300
SCAN_DPI = 200
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
DAY = _dt.date.today()


def units() -> dict[str, object]:
    county = chengqu()
    county.contacts = F.contacts()
    county.demands, county.reviews = [F.demand()], [F.review()]
    police = yuxian_police()
    police.contacts = F.contacts()
    police.matters[0].entries[0].items.append(InfoItem(name="迁入地", data_type="C", length="200"))
    return {"民政局": load_example(), "城区": county, "公安局": police}


def export(path: Path, out: Path) -> list[Path]:
    session = Session.open(path, readonly=True)
    try:
        return transfer.export_task(session, "all", out, today=DAY)
    finally:
        session.close()


def _font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def seal(page: Image.Image, centre: tuple[float, float], radius: int, alpha: int = 150) -> Image.Image:
    """A round red seal: ring, star, 公章 and a ring of characters, semi-transparent, centred on `centre`."""
    overlay = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    cx, cy = centre
    red = (220, 30, 35, alpha)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(4, radius // 14))
    star = [(cx + radius * 0.3 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
             cy - radius * 0.3 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=red)
    text = _font(int(radius * 0.32))
    draw.text((cx, cy + radius * 0.5), "公章", font=text, fill=red, anchor="mm")
    ring = _font(int(radius * 0.22))
    for k, ch in enumerate("阳泉市人民政府办公室专用"):
        a = math.pi * (1.15 + 0.7 * k / 11)
        x, y = cx + math.cos(a) * radius * 0.75, cy + math.sin(a) * radius * 0.75
        glyph = Image.new("RGBA", (radius, radius), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((radius / 2, radius / 2), ch, font=ring, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        overlay.alpha_composite(glyph, (int(x - radius / 2), int(y - radius / 2)))
    return Image.alpha_composite(page.convert("RGBA"), overlay).convert("RGB")


def signature(page: Image.Image, at: tuple[float, float], seed: int) -> Image.Image:
    """A blue pen signature on the signature line starting at `at` (pixels)."""
    draw = ImageDraw.Draw(page)
    rnd = random.Random(seed)
    x0, y0 = at
    points = [(x0 + k * 9, y0 - 18 + math.sin(k / 2.2) * 22 + rnd.uniform(-6, 6)) for k in range(48)]
    draw.line(points, fill=(25, 45, 160), width=5)
    return page


def stamp(pdf: Path, seed: int) -> list[Image.Image]:
    """The print PDF's pages as paper: rendered at PRINT_DPI, a seal across the QR code of every page, a signature
    on each 负责人（签字） line."""
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for index, page in enumerate(doc):
            scale = PRINT_DPI / 72
            image = page.render(scale=scale).to_pil().convert("RGB")
            codes = zxingcpp.read_barcodes(image)
            if codes:
                p = codes[0].position
                xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
                ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
                side = max(xs) - min(xs)
                # across the code: the seal's ring and 公章 over its lower left quarter, as a hurried clerk stamps
                image = seal(image, (min(xs) + side * 0.2, max(ys) - side * 0.1), int(side * 0.75))
            text = page.get_textpage()
            search = text.search("（签字）")
            found = search.get_next()
            while found:
                left, bottom, right, top = text.get_charbox(found[0] + found[1] - 1)
                height = page.get_height()
                image = signature(image, (right * scale + 30, (height - bottom) * scale), seed + index)
                found = search.get_next()
            text.close()
            out.append(image)
            page.close()
    finally:
        doc.close()
    return out


def magick_scan(pages: list[Image.Image], work: Path, target: Path, blank_backs: bool = False) -> Path:
    """The MFP's part: 200 dpi, grey, threshold 55 %, Group 4 — ImageMagick from the paper's pages."""
    work.mkdir(parents=True, exist_ok=True)
    files = []
    for k, image in enumerate(pages):
        f = work / f"{target.stem}-{k:02}.png"
        image.save(f, dpi=(PRINT_DPI, PRINT_DPI))
        files.append(str(f))
        if blank_backs:
            back = work / f"{target.stem}-{k:02}b.png"
            Image.new("RGB", image.size, (250, 250, 247)).save(back, dpi=(PRINT_DPI, PRINT_DPI))
            files.append(str(back))
    convert = "/usr/bin/convert" if Path("/usr/bin/convert").exists() else (shutil.which("magick") or "convert")
    tif = target.with_suffix(".tif")
    subprocess.run([convert, *files, "-units", "PixelsPerInch", "-resample", str(SCAN_DPI), "-colorspace", "gray",
                    "-threshold", "55%", "-compress", "Group4", str(tif)], check=True)
    if target.suffix == ".pdf":  # a PDF of the 1-bit pages (ImageMagick may not write PDF: Pillow does)
        frames = Image.open(tif)
        images = []
        for i in range(getattr(frames, "n_frames", 1)):
            frames.seek(i)
            images.append(frames.convert("1"))
        images[0].save(target, save_all=True, append_images=images[1:], resolution=SCAN_DPI)
        tif.unlink()
        return target
    return tif


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    (out / "units").mkdir(exist_ok=True)
    mail = out / "邮件附件"
    mail.mkdir(exist_ok=True)
    (out / "paper").mkdir(exist_ok=True)
    city = out / "阳泉市大数据局.govcat"
    if not city.exists():
        ProjectFile.create(city, bureau_info("2099-12-31")).close()
    for seed, (key, project) in enumerate(units().items()):
        path = F.write_project(out / "units" / f"{key}.govcat", project)
        sent = export(path, out / f"export-{key}")
        for copy in (p for p in sent if "可编辑版" in p.name):
            shutil.copy(copy, mail / copy.name)
        prints = sorted(p for p in sent if p.suffix == ".pdf")
        paper = {p: stamp(p, 10 * seed) for p in prints}
        for pdf, pages in paper.items():
            for k, image in enumerate(pages):
                image.save(out / "paper" / f"{pdf.stem}-{k + 1}.jpg", quality=85)
        work = out / "work"
        if key == "民政局":
            magick_scan([i for pages in paper.values() for i in pages], work, mail / "民政局-扫描.tif")
        elif key == "城区":
            magick_scan([i for pages in paper.values() for i in pages], work, mail / "城区-扫描件.pdf",
                        blank_backs=True)
        else:
            for pdf, pages in paper.items():
                magick_scan(pages, work, mail / f"{pdf.stem.replace('盖章版', '扫描')}.tif")
    for f in sorted(mail.iterdir()):
        print(f.name, f.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
