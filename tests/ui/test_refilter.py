"""refilter() on each Qt the pyproject allows (6.8–6.11): the filter-change calls each one has.

Qt 6.9 has beginFilterChange but not yet endFilterChange (6.10): there the change ends with invalidateFilter.
Stand-ins record the calls (the installed PySide6 is one version; the #21 CI tries 6.9 for real)."""

from __future__ import annotations

from govcat_desktop.ui.widgets import refilter


class Qt68:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def invalidateFilter(self) -> None:  # noqa: N802
        self.calls.append("invalidateFilter")


class Qt69(Qt68):
    def beginFilterChange(self) -> None:  # noqa: N802
        self.calls.append("beginFilterChange")


class Qt610(Qt69):
    def endFilterChange(self) -> None:  # noqa: N802
        self.calls.append("endFilterChange")


def test_each_qt_gets_the_calls_it_has():
    expected = {Qt68: ["change", "invalidateFilter"],
                Qt69: ["beginFilterChange", "change", "invalidateFilter"],
                Qt610: ["beginFilterChange", "change", "endFilterChange"]}
    for cls, calls in expected.items():
        proxy = cls()
        refilter(proxy, lambda p=proxy: p.calls.append("change"))
        assert proxy.calls == calls, cls.__name__


def test_the_installed_qt_filters(qtbot):
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel

    class Proxy(QSortFilterProxyModel):
        word = ""

        def filterAcceptsRow(self, row, parent):  # noqa: N802
            return self.word in self.sourceModel().index(row, 0, parent).data()

    source = QStringListModel(["结婚证", "离婚证", "出生医学证明"])
    proxy = Proxy()
    proxy.setSourceModel(source)
    refilter(proxy, lambda: setattr(proxy, "word", "婚"))
    assert proxy.rowCount() == 2
