"""The font choice of a Windows desktop, checked on any OS through apply_cjk_font's platform/installed seams."""

from __future__ import annotations

from PySide6.QtGui import QFont

from govcat_desktop.ui.fonts import apply_cjk_font, choose_families

# What a Chinese Windows 10/11 desktop reports (a subset), and an older Windows 7 machine without YaHei UI.
WIN10 = {"Arial", "Microsoft YaHei", "Microsoft YaHei UI", "SimSun", "NSimSun", "SimHei", "Segoe UI"}
WIN7_NO_YAHEI = {"Arial", "SimSun", "NSimSun", "Tahoma"}


def test_windows_prefers_yahei_ui_then_falls_back_in_order() -> None:
    assert choose_families("win32", WIN10) == ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "SimHei"]
    assert choose_families("win32", WIN7_NO_YAHEI) == ["SimSun"]
    assert choose_families("win32", {"Arial"}) == []
    # A Linux font on a Windows machine is not picked for Windows, and the other way round.
    assert choose_families("win32", {"Noto Sans CJK SC"}) == []
    assert choose_families("linux", WIN10) == []


def test_apply_sets_the_chosen_families_and_size(qapp) -> None:
    before = QFont(qapp.font())
    try:
        assert apply_cjk_font(qapp, 11, platform="win32", installed=WIN10) == "Microsoft YaHei UI"
        font = qapp.font()
        assert font.families()[:4] == ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "SimHei"]
        assert font.pointSize() == 11
        assert apply_cjk_font(qapp, 10, platform="win32", installed={"Arial"}) == ""
    finally:
        qapp.setFont(before)
