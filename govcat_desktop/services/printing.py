"""Printing a 盖章版: the print PDF of one task (the same file export writes) and handing it to the system printer."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from govcat_desktop.domain.filenames import fit_name
from govcat_desktop.domain.roles import duties
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.editable import copy_fingerprint
from govcat_desktop.exchange.pdf_forms import write_submission_pdf
from govcat_desktop.services.atomic import describe
from govcat_desktop.services.session import Session
from govcat_desktop.services.transfer import TransferError, export_filename

PREVIEW_PAGES = 30


def printable_kinds(session: Session) -> list[tuple[str, str]]:
    """(kind, label) of the unit's tasks, in menu order."""
    kinds = duties().export_kinds(session.project.info.role)  # forms/roles.toml
    return [(k, L.KIND_LABEL[k]) for k in kinds]


def print_file_name(session: Session, kind: str, day: _dt.date | None = None) -> str:
    name = export_filename(session.project.info.org_name, kind, "盖章版", day or _dt.date.today())
    return Path(name).with_suffix(".pdf").name


def write_print_pdf(session: Session, kind: str, path: str | os.PathLike[str], day: _dt.date | None = None) -> int:
    """The print PDF of `kind` at `path`; returns the page count. Raises TransferError with a Chinese message."""
    project, forms = session.project, session.forms
    code = copy_fingerprint(kind, project, forms)
    target = Path(path)
    temp = target.with_name(fit_name(f".{target.stem}", ".partial.pdf"))  # within 255 bytes for any unit name
    try:
        pages = write_submission_pdf(temp, kind, project, forms, code, day or _dt.date.today())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise TransferError(f"无法写入“{target}”：{describe(exc)}。") from None
    return pages


def send_to_printer(path: str | os.PathLike[str]) -> str:
    """Hand the PDF to the system's printing; returns '' or a Chinese reason it could not be done."""
    path = str(path)
    try:
        if sys.platform == "win32":
            os.startfile(path, "print")  # type: ignore[attr-defined]  # the PDF reader's print verb
            return ""
        lp = shutil.which("lp") or shutil.which("lpr")
        if not lp:
            return "本机没有可用的打印服务（lp）。请用“导出 PDF”保存后，在 PDF 阅读器中打印。"
        result = subprocess.run([lp, path], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            return "打印机未接受打印任务，请检查默认打印机，或用“导出 PDF”保存后在 PDF 阅读器中打印。"
        return ""
    except (OSError, subprocess.SubprocessError):
        return "无法调用系统打印。请用“导出 PDF”保存后，在 PDF 阅读器中打印。"


def preview_images(path: str | os.PathLike[str], dpi: int = 60, limit: int = PREVIEW_PAGES):
    """(page count, [PIL images of the first `limit` pages]) for a preview."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        count = len(doc)
        images = []
        for index in range(min(count, limit)):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72)
            images.append(bitmap.to_pil().convert("RGB"))
            bitmap.close()
            page.close()
        return count, images
    finally:
        doc.close()
