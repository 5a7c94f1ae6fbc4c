"""Undo of a merge that took scanned paper copies in: the pages it added go, the unit's copy too; redo puts both
back."""

from __future__ import annotations

from govcat_desktop.services.bureau.merge_step import MergeSubmissions
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.session import Session
from tests.bureau.test_merge_undo import dump
from tests.paper.test_roundtrip import _pdfs, city, paper_column, scan_of

__all__ = ["city"]  # the fixture: 民政局 and 城区 exported with their print PDFs, an empty bureau project


def test_undo_takes_the_scanned_pages_back(city) -> None:
    store, units, exports, tmp = city
    pdf = [p for p in _pdfs(exports["城区"]) if "体制机制" in p.name][0]
    early = scan_of(pdf, tmp / "先到的纸质版.png.pdf")
    session = Session(store)
    history = UndoStack(session)
    history.push(MergeSubmissions([str(early)]))  # a scan before its unit's copy: kept, not shown yet
    first = dump(store)
    assert len(first["paper_page"]) > 0 and not first["unit"]
    step = MergeSubmissions([str(units["城区"]), str(scan_of(pdf, tmp / "再扫一次.pdf"))])
    history.push(step)
    assert step.text == "汇总 1 个单位的报送材料、1 个盖章版扫描件"
    after = dump(store)
    assert paper_column(store)[("城区行政审批服务管理局", "T2")] == "一致"
    history.undo()
    assert dump(store) == first and paper_column(store) == {}
    history.redo()
    assert dump(store) == after
    history.undo()
    history.undo()
    assert not any(dump(store)[t] for t in ("paper_page", "unit", "submission"))
