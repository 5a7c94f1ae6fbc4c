"""Printing on Windows: services.printing.send_to_printer hands the PDF to the print verb, os.startfile(path, "print").

The branch is checked on any OS with os.startfile replaced. On Windows itself — and under Wine in CI
(packaging/wine/run.sh), whose prefix registers a stub print verb for .pdf files (packaging/wine/printstub.c,
prefix.reg) that writes the file it was asked to print to GOVCAT_PRINT_STUB_LOG — the real shell verb is called.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from govcat_desktop.services import printing


def _pdf(folder: Path) -> Path:
    pdf = folder / "阳泉市民政局_政务数据资源目录_盖章版_20260920.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return pdf


def test_windows_branch_calls_the_print_verb(monkeypatch, tmp_path: Path) -> None:
    calls = []
    monkeypatch.setattr(printing.sys, "platform", "win32")
    monkeypatch.setattr(printing.os, "startfile", lambda path, verb: calls.append((path, verb)), raising=False)
    pdf = _pdf(tmp_path)
    assert printing.send_to_printer(pdf) == ""
    assert calls == [(str(pdf), "print")]


def test_windows_branch_without_a_pdf_reader_says_so_in_chinese(monkeypatch, tmp_path: Path) -> None:
    def no_reader(path, verb):
        raise OSError(1155, "No application is associated with the specified file for this operation")

    monkeypatch.setattr(printing.sys, "platform", "win32")
    monkeypatch.setattr(printing.os, "startfile", no_reader, raising=False)
    assert printing.send_to_printer(_pdf(tmp_path)).startswith("无法调用系统打印")


@pytest.mark.skipif(sys.platform != "win32" or not os.environ.get("GOVCAT_PRINT_STUB_LOG"),
                    reason="Windows with a stub print verb (packaging/wine/run.sh sets one up under Wine)")
def test_the_registered_print_verb_gets_the_file(tmp_path: Path) -> None:
    log = Path(os.environ["GOVCAT_PRINT_STUB_LOG"])
    log.unlink(missing_ok=True)
    pdf = _pdf(tmp_path)
    assert printing.send_to_printer(pdf) == ""
    deadline = time.monotonic() + 60  # ShellExecute starts the verb's program and returns at once
    while time.monotonic() < deadline and not (log.is_file() and pdf.name in log.read_text(encoding="utf-8-sig")):
        time.sleep(0.2)
    assert log.is_file(), "the print verb was never called"
    assert f"print {pdf}" in log.read_text(encoding="utf-8-sig")
    no_verb = tmp_path / "说明.govcat-unknown"
    no_verb.write_text("x", encoding="utf-8")
    assert printing.send_to_printer(no_verb).startswith("无法调用系统打印")
