"""Scans and copies dropped on the bureau page (汇总与审核): files or folders, over the board or anywhere on the page,
merged as 汇总文件夹 merges a folder, with its progress dialog and 取消 (issue #19)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from govcat_desktop.services.example import load_example
from govcat_desktop.storage import ProjectFile
from tests import factories as F
from tests.bureau.conftest import bureau_info
from tests.paper import hostile as H
from tests.paper import scans as S
from tests.paper.test_roundtrip import DAY, export
from tests.ui.fakes import Told


@pytest.fixture
def shown(win) -> Told:
    return Told(win)


@pytest.fixture
def sent(tmp_path: Path) -> dict[str, Path]:
    """民政局's export (the example: copies and print PDFs) and an empty city project."""
    unit = F.write_project(tmp_path / "民政局.govcat", load_example())
    out = {p.name: p for p in export(unit, tmp_path / "out", DAY)}
    city = tmp_path / "阳泉市大数据局.govcat"
    ProjectFile.create(city, bureau_info()).close()
    return {"city": city, **out}


def _one(sent: dict[str, Path], *words: str) -> Path:
    return next(p for name, p in sent.items() if all(w in name for w in words))


def _drag(widget, paths: list[Path], point=None) -> tuple[bool, bool]:
    """Drag enter + drop of file URLs on `widget` at `point`, through the application's event delivery (as a file
    manager's drop arrives: to the widget under the cursor, then its parents); (entered accepted, drop accepted)."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    point = point or QPoint(widget.width() // 2, widget.height() // 2)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def _paper(page) -> dict[str, str]:
    """Task → paper state of the board's first unit, from its cells' tooltips."""
    out = {}
    for c in range(2, 6):
        item = page.board.item(0, c)
        for line in item.toolTip().splitlines() if item else []:
            if line.startswith("纸质版："):
                out[page.board.horizontalHeaderItem(c).text().split()[0]] = line.removeprefix("纸质版：")
    return out


def test_a_folder_dropped_over_the_board_merges_its_copies_and_scans_and_leaves_a_hostile_file_aside(
        win, qtbot, shown, sent, tmp_path: Path) -> None:
    folder = tmp_path / "邮件附件"
    folder.mkdir()
    for path in sent.values():
        if "可编辑版" in path.name:
            path.rename(folder / path.name)
    contacts = _one(sent, "工作联系表", "盖章版", ".pdf")
    S.to_pdf([S.red_stamp(p) for p in S.render_pages(contacts)], folder / "联系表扫描.pdf")
    H.recursive_form(folder / "坏扫描件.pdf")
    win.open_project(sent["city"])
    page = win.show_page("bureau")
    assert page.board.rowCount() == 0
    entered, dropped = _drag(page.board.viewport(), [folder])
    assert entered and dropped
    assert not shown  # the merge runs after the drop has returned (the file manager is not kept waiting)
    qtbot.waitUntil(lambda: bool(shown), timeout=90_000)
    assert page.board.rowCount() == 1 and page.board.item(0, 0).text() == "阳泉市民政局"
    assert _paper(page) == {"T1": "一致", "T3": "未收到", "T4": "未收到"}
    assert "已汇总 4 个文件、1 个盖章版扫描件" in shown[-1]
    assert "坏扫描件.pdf" in shown[-1] and "Traceback" not in shown[-1]
    assert shown[-1].count("坏扫描件.pdf") == 1  # its line says the name once (the reason names it)
    assert multiprocessing.active_children() == []


def test_several_files_dropped_on_the_page_are_merged_together(win, qtbot, shown, sent, tmp_path: Path) -> None:
    catalog = _one(sent, "政务数据资源目录", "盖章版", ".pdf")
    scan = S.to_pdf(S.render_pages(catalog), tmp_path / "目录扫描.pdf")
    win.open_project(sent["city"])
    page = win.show_page("bureau")
    entered, dropped = _drag(page.summary, [_one(sent, "政务数据资源目录", "可编辑版"), scan])
    assert entered and dropped
    qtbot.waitUntil(lambda: bool(shown), timeout=90_000)
    assert _paper(page)["T3"] == "一致"


def test_a_drop_that_is_not_files_is_refused(win, sent) -> None:
    from PySide6.QtCore import QMimeData, QPoint, Qt
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    win.open_project(sent["city"])
    page = win.show_page("bureau")
    mime = QMimeData()
    mime.setText("阳泉市民政局")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page.board.viewport(), enter)
    assert not enter.isAccepted()


def test_cancel_stops_a_dropped_merge_at_once(win, qtbot, shown, sent, tmp_path: Path) -> None:
    """A dropped scan that would keep its reader busy for its whole time limit: 取消 in the progress dialog ends it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    stuck = H.recursive_form(tmp_path / "卡住的扫描件.pdf")
    win.open_project(sent["city"])
    page = win.show_page("bureau")
    asked: list[float] = []

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if dialogs and not asked:
            asked.append(time.monotonic())
            dialogs[0].cancel()

    timer = QTimer()
    timer.timeout.connect(press_cancel)
    timer.start(100)
    _drag(page, [stuck])
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    timer.stop()
    assert asked and time.monotonic() - asked[0] < 3  # not the reader's 16 s time limit
    assert "卡住的扫描件.pdf：已取消，未汇总" in shown[-1]
    assert multiprocessing.active_children() == []
    assert page.board.rowCount() == 0
