"""Chinese UI: fonts chosen per platform (YaHei/SimSun on Windows, Noto Sans CJK on Linux) and Qt's own texts in
Chinese."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

CANDIDATES = {
    "win32": ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "SimHei"],
    "darwin": ["PingFang SC", "Hiragino Sans GB", "Heiti SC", "Noto Sans CJK SC"],
    "linux": ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback"],
}


def preferred_families(platform: str | None = None) -> list[str]:
    """Font families to try, best first, for `platform` (sys.platform by default)."""
    platform = platform or sys.platform
    key = "win32" if platform.startswith("win") else "darwin" if platform == "darwin" else "linux"
    return CANDIDATES[key]


def choose_families(platform: str | None = None, installed: set[str] | None = None) -> list[str]:
    """The preferred CJK families of `platform` that are `installed` (Qt's font database by default), best first."""
    if installed is None:
        installed = set(QFontDatabase.families())
    return [f for f in preferred_families(platform) if f in installed]


def apply_cjk_font(app: QApplication, point_size: int = 10, *, platform: str | None = None,
                   installed: set[str] | None = None) -> str:
    """Set the application font to the first installed CJK family; returns the family used ("" if none).

    platform and installed are seams for tests (the Windows choice is checked on Linux)."""
    chosen = choose_families(platform, installed)
    font = QFont(app.font())
    if chosen:
        font.setFamilies(chosen + [font.family()])
    font.setPointSize(point_size)
    app.setFont(font)
    return chosen[0] if chosen else ""


def install_chinese_qt_texts(app: QApplication) -> bool:
    """Qt's own dialogs (file dialog, context menus, wizard buttons) in Simplified Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    loaded = translator.load("qtbase_zh_CN", folder)
    if loaded:
        app.installTranslator(translator)
    supplement = _Supplement(app)  # installed last, so it is asked first
    app.installTranslator(supplement)
    app._govcat_translators = (translator, supplement)  # keep them alive with the application
    return loaded


# Qt's own texts that qtbase_zh_CN.qm leaves in English (seen in the file dialog at 1366×768).
SUPPLEMENT = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class _Supplement(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 - Qt override
        return SUPPLEMENT.get((context, source))  # None: a null string, so Qt asks the next translator

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False
