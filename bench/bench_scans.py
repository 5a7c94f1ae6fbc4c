"""Scans the bureau can trust (issue #19): the degraded-scan corpus decoded, and `govcat merge` of a 100-page scan.

1. The corpus: CORPUS_PAGES pages of a department's catalog print, each degraded the ways offices degrade scans
   (tests/paper/corpus.py: 200 dpi 1-bit threshold and dithered, faded dither, 100 dpi fax, phone photo with
   perspective and shadow, a red seal over the code at 150 and 300 dpi, faded toner with streaks, askew, 2 pages a
   sheet), one PDF per degradation, read by govcat (scan child, every pass) against the bare reading govcat did
   before (pypdfium2 grey at 150 dpi, then 300 dpi, zxing-cpp). The note gives pages decoded per degradation.
2. `govcat merge BUREAU scan.pdf` of a 100-page 150 dpi scan, a process of its own, against a process doing the bare
   pypdfium2 render + zxing-cpp read of the same pages. Goal ≤ 1.1×.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import write_department
from bench.harness import Result

DAY = dt.date(2026, 9, 20)
CORPUS_PAGES = 16
MERGE_PAGES = 100
ROOT = Path(__file__).resolve().parent.parent

_BARE = """
import sys, pypdfium2 as pdfium, zxingcpp
doc = pdfium.PdfDocument(sys.argv[1])
found = 0
for page in doc:
    bitmap = page.render(scale=150 / 72, grayscale=True)
    found += len(zxingcpp.read_barcodes(bitmap.to_pil(), formats=zxingcpp.BarcodeFormat.QRCode))
    bitmap.close()
    page.close()
print(found)
"""


def _print(workdir: Path) -> Path:
    from govcat_desktop.exchange.editable import copy_fingerprint
    from govcat_desktop.exchange.pdf_forms import write_submission_pdf
    from govcat_desktop.services.session import Session

    project = write_department(workdir / "dept-scans.govcat", n_matters=40, entries=120, items=2400)  # ~150 pages
    session = Session.open(project, readonly=True)
    try:
        pdf = workdir / "scans-catalog.pdf"
        code = copy_fingerprint("catalog", session.project, session.forms)
        write_submission_pdf(pdf, "catalog", session.project, session.forms, code, DAY)
    finally:
        session.close()
    return pdf


def _render(pdf: Path, pages: int, dpi: int, colour: bool) -> list:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for index in range(min(pages, len(doc))):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72, grayscale=not colour)
            out.append(bitmap.to_pil().convert("RGB" if colour else "L"))
            bitmap.close()
            page.close()
    finally:
        doc.close()
    return out


def _bare_old(path: Path) -> set[int]:
    """The reading before issue #19: grey at 150 dpi, then at 300 dpi; the page numbers whose code was read."""
    import pypdfium2 as pdfium
    import zxingcpp

    from govcat_desktop.exchange import pdf_qr

    found: set[int] = set()
    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            for dpi in (150, 300):
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                codes = [pdf_qr.decode(r.text) for r in
                         zxingcpp.read_barcodes(bitmap.to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)]
                bitmap.close()
                numbers = {c.page for c in codes if c is not None}
                if numbers:
                    found |= numbers
                    break
            page.close()
    finally:
        doc.close()
    return found


def _corpus(workdir: Path, pdf: Path) -> list[Result]:
    from PIL import Image

    from govcat_desktop.exchange.scan import read_scans
    from tests.paper import corpus as C

    pages = _render(pdf, CORPUS_PAGES, 300, colour=True)
    files: dict[str, Path] = {}
    for name, make in C.DEGRADATIONS.items():
        made = [make(p) for p in pages]
        files[name] = workdir / f"corpus-{len(files)}.pdf"
        made[0][0].save(files[name], "PDF", save_all=True, append_images=[m for m, _ in made[1:]],
                        resolution=made[0][1])
    sheets = []
    for k in range(0, len(pages), 2):
        sheet = C.two_up(pages[k], pages[k + 1] if k + 1 < len(pages) else None)
        sheets.append(sheet.resize((1654, round(sheet.height * 1654 / sheet.width)), Image.LANCZOS))
    files["2 页合 1 200 dpi"] = workdir / "corpus-2up.pdf"
    sheets[0].save(files["2 页合 1 200 dpi"], "PDF", save_all=True, append_images=sheets[1:], resolution=200)
    ours: dict[str, int] = {}
    t0 = time.perf_counter()
    for path, scan in read_scans(list(files.values())):
        name = next(n for n, p in files.items() if p == path)
        ours[name] = 0 if isinstance(scan, Exception) else len({pl.page for p in scan.pages for pl in p.payloads})
    seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    old = {name: len(_bare_old(path)) for name, path in files.items()}
    baseline = time.perf_counter() - t0
    total = len(pages) * len(files)
    rates = "; ".join(f"{n} {ours[n]}/{len(pages)} (before {old[n]})" for n in files)
    return [Result(f"decode the degraded-scan corpus ({len(files)} degradations × {len(pages)} pages)", seconds,
                   "the reading before #19 (pypdfium2 grey 150 then 300 dpi, zxing-cpp)", baseline,
                   note=f"decoded {sum(ours.values())}/{total} = {100 * sum(ours.values()) / total:.1f} % "
                        f"(before {100 * sum(old.values()) / total:.1f} %): {rates}")]


def _merge(workdir: Path, pdf: Path) -> Result:
    from govcat_desktop.storage import ProjectFile
    from tests.bureau.conftest import bureau_info

    pages = _render(pdf, MERGE_PAGES, 150, colour=False)
    scan = workdir / "scans-100.pdf"
    pages[0].save(scan, "PDF", save_all=True, append_images=pages[1:], resolution=150)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(workdir / "home"), XDG_DATA_HOME=str(workdir / "xdg"),
               XDG_CONFIG_HOME=str(workdir / "config"))

    def run(args: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(args, cwd=ROOT, env=env, check=False, capture_output=True)
        return time.perf_counter() - t0

    ours, bare = [], []
    for k in range(3):  # alternate, so a burst of load on the machine hits both
        bureau = workdir / f"scans-bureau-{k}.govcat"
        ProjectFile.create(bureau, bureau_info()).close()
        ours.append(run([sys.executable, "-m", "govcat_desktop.cli", "merge", str(bureau), str(scan)]))
        bare.append(run([sys.executable, "-c", _BARE, str(scan)]))
    return Result(f"`govcat merge` of a {MERGE_PAGES}-page scan (150 dpi), a process", sorted(ours)[1],
                  "bare pypdfium2 render + zxing-cpp read of the same pages, a process", sorted(bare)[1], goal=1.1,
                  note="scan child (spawn), bounds, every page decoded, rows stored; median of 3")


def run(workdir: Path) -> list[Result]:
    pdf = _print(workdir)
    return [*_corpus(workdir, pdf), _merge(workdir, pdf)]
