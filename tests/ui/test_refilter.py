"""ui.widgets.refilter on every Qt the project supports (pyproject: PySide6 >= 6.8): Qt 6.10 added
endFilterChange, while 6.9 already has beginFilterChange — a proxy of 6.9 must fall back to invalidateFilter."""

from __future__ import annotations

from govcat_desktop.ui.widgets import refilter


class Proxy69:
    """What QSortFilterProxyModel offers on PySide6 6.9: beginFilterChange and invalidateFilter, no endFilterChange."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def beginFilterChange(self) -> None:  # noqa: N802 - Qt's name
        self.calls.append("begin")

    def invalidateFilter(self) -> None:  # noqa: N802 - Qt's name
        self.calls.append("invalidate")


class Proxy610(Proxy69):
    def endFilterChange(self) -> None:  # noqa: N802 - Qt's name
        self.calls.append("end")


class Proxy68:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def invalidateFilter(self) -> None:  # noqa: N802 - Qt's name
        self.calls.append("invalidate")


def test_qt_6_9_proxy_is_invalidated_after_the_change() -> None:
    proxy = Proxy69()
    refilter(proxy, lambda: proxy.calls.append("change"))
    assert proxy.calls[-2:] == ["change", "invalidate"] and "end" not in proxy.calls


def test_qt_6_10_proxy_brackets_the_change() -> None:
    proxy = Proxy610()
    refilter(proxy, lambda: proxy.calls.append("change"))
    assert proxy.calls == ["begin", "change", "end"]


def test_qt_6_8_proxy_is_invalidated() -> None:
    proxy = Proxy68()
    refilter(proxy, lambda: proxy.calls.append("change"))
    assert proxy.calls == ["change", "invalidate"]


def test_the_installed_qt_filters_a_real_proxy(qapp) -> None:
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel

    source = QStringListModel(["结婚证", "居民户口簿", "结婚证信息"])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    refilter(proxy, lambda: proxy.setFilterFixedString("结婚"))
    assert proxy.rowCount() == 2
