"""Field widgets: vocabulary combo filtered by text and pinyin initials, multi-choice, string lists."""

from __future__ import annotations

import functools
from collections.abc import Callable
import re
import unicodedata

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton,
                               QWidget)

from govcat_desktop.formspec import Vocabulary
from govcat_desktop.ui.screen import MIN_CONTENTS_CHARS

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
_SPLIT = re.compile(r"[、,，;；\n]+")


def push_button(text: str, name: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    """A named button (object and accessible name) that calls `slot()` without the clicked flag."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _c=False: slot())
    return button


# Common contractions clerks type by their long form's initials (社保 = 社会保障 → shbz).
ABBREVIATIONS = {"社保": "社会保障", "医保": "医疗保障", "城建": "城乡建设", "财税": "财政税务", "新冠": "新型冠状病毒",
                 "商贸": "商业贸易", "科创": "科学技术创新", "工农": "工业农业"}


@functools.cache
def _pinyin_table() -> dict[int, str]:
    """pypinyin's character table, loaded alone (50 ms) rather than through the package (300 ms)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    path = Path(spec.origin).parent / "pinyin_dict.py" if spec and spec.origin else None
    if path is not None and path.is_file():
        table_spec = importlib.util.spec_from_file_location("_govcat_pinyin_dict", path)
        module = importlib.util.module_from_spec(table_spec)
        table_spec.loader.exec_module(module)
        return module.pinyin_dict
    from pypinyin.pinyin_dict import pinyin_dict  # frozen bundle: no source file

    return pinyin_dict


@functools.lru_cache(maxsize=8192)
def _syllable(ch: str) -> str:
    """The most common reading of one character, without tone marks ('' for non-Chinese)."""
    readings = _pinyin_table().get(ord(ch))
    if not readings:
        return ""
    plain = unicodedata.normalize("NFD", readings.split(",")[0])
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("ü", "v")


@functools.lru_cache(maxsize=65536)
def search_key(text: str) -> str:
    """Pinyin a query is matched against: initials and full pinyin of the text, and of its long form.

    Characters are read one by one (pypinyin's table, most common reading): fast enough for
    thousands of rows; a rare polyphone in a title may be missed, the Chinese text still matches.
    """
    forms = [text]
    expanded = text
    for short, long in ABBREVIATIONS.items():
        expanded = expanded.replace(short, long)
    if expanded != text:
        forms.append(expanded)
    parts = []
    for form in forms:
        syllables = [s for s in (_syllable(ch) for ch in form) if s]
        parts.append("".join(s[0] for s in syllables))
        parts.append("".join(syllables))
    return "\t".join(parts)


def matches(query: str, text: str) -> bool:
    """True when `query` is found in `text`, or (typed in letters) in its pinyin initials or full pinyin."""
    query = query.strip().lower()
    if not query or query in text.lower():
        return True
    if not query.isascii():
        return False
    return query in search_key(text)


def passes_undo_on(widget, event, undo_available: bool, redo_available: bool) -> bool:
    """True when Ctrl+Z/Ctrl+Y should go to the project's command history (the field has nothing to undo itself)."""
    if event.type() != QEvent.Type.ShortcutOverride:
        return False
    if event.matches(QKeySequence.StandardKey.Undo):
        return not undo_available
    if (event.matches(QKeySequence.StandardKey.Redo)
            or event.keyCombination().toCombined() == QKeySequence("Ctrl+Y")[0].toCombined()):
        return not redo_available
    return False


class PinyinFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose display text matches the query by Chinese text or pinyin."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._query = ""

    def set_query(self, query: str) -> None:
        refilter(self, lambda: setattr(self, "_query", query))

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt override
        if not self._query:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return matches(self._query, str(index.data() or ""))


class PinyinCompleter(QCompleter):
    """Completer whose popup lists vocabulary labels matching typed text or pinyin initials."""

    def __init__(self, labels: list[str], parent=None) -> None:
        super().__init__(parent)
        self.source = QStandardItemModel(self)
        for label in labels:
            self.source.appendRow(QStandardItem(label))
        self.proxy = PinyinFilterProxy(self)
        self.proxy.setSourceModel(self.source)
        self.setModel(self.proxy)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        self.proxy.set_query(path)
        return [""]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt override
        return str(index.data() or "")

    def matching(self) -> list[str]:
        """Labels currently offered (for tests and for keyboard selection)."""
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]


FIXED_LIST_MAX = 12  # a closed vocabulary up to this long is a plain (non-editable) drop-down


def matter_label(code: str, name: str) -> str:
    """How a matter is shown wherever it is chosen: its name first, its code second."""
    name = name.strip() or "（未命名）"
    return f"{name}　{code}" if code else name


class VocabCombo(QComboBox):
    """Dropdown over a vocabulary; stores the canonical value.

    A short closed list is a plain drop-down (typing cannot alter a choice); open or long lists are
    editable with a pinyin completer, and focusing them selects the text so that typing replaces it.
    `values` maps shown labels to stored values (e.g. "事项名称　编码" → 编码).
    Never sized to its longest item: 1,135 matter names would make a window 2,000 px wide.
    """

    edited = Signal()
    committed = Signal()

    def __init__(self, vocab: Vocabulary | None, labels: list[str] | None = None, parent=None, *,
                 values: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.vocab = vocab
        self.fixed = vocab is not None and not vocab.open and len(vocab.values) <= FIXED_LIST_MAX
        self.setEditable(not self.fixed)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(MIN_CONTENTS_CHARS)
        self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setMaxVisibleItems(15)
        self._values: dict[str, str] = {}
        self._labels_of: dict[str, str] = {}
        self._typing = False  # the clerk is typing a search (focus coming back must not select the text)
        self.set_labels(labels if labels is not None else (vocab.label_list if vocab else []), values)
        if self.fixed:
            self.currentIndexChanged.connect(self._tip)
        else:
            self.lineEdit().textEdited.connect(lambda _t: (setattr(self, "_typing", True), self.edited.emit()))
            self.lineEdit().editingFinished.connect(self._edit_finished)
            self.lineEdit().installEventFilter(self)
            self.installEventFilter(self)
        self.activated.connect(lambda _i: (setattr(self, "_typing", False), self.edited.emit(), self.committed.emit()))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.FocusIn and (obj is self or obj is self.lineEdit())
                and self.lineEdit() is not None
                and event.reason() != Qt.FocusReason.PopupFocusReason and not self._typing):
            # Focus arriving (Tab, a click) selects the text, so that typing replaces the choice instead of appending to
            # it; focus coming back while the clerk types — from the completer's own popup, shown and hidden at every
            # key, or the window activated again — must not: the next letter would replace what was typed so far
            # ("gsbx" typed at 150–400 ms a key left "x").
            QTimer.singleShot(0, self._select_unless_typing)
        return False

    def _select_unless_typing(self) -> None:
        if not self._typing and self.lineEdit() is not None:
            self.lineEdit().selectAll()

    def _edit_finished(self) -> None:
        if not self.lineEdit().hasFocus():  # editingFinished also fires when the popup takes the keyboard
            self._typing = False
        self.committed.emit()

    def _tip(self, _index: int = -1) -> None:
        text = self.currentText()
        if len(text) > MIN_CONTENTS_CHARS:
            self.setToolTip(text)
        else:
            self.setToolTip(self.itemData(self.currentIndex(), Qt.ItemDataRole.ToolTipRole) or "")

    def set_labels(self, labels: list[str], values: dict[str, str] | None = None) -> None:
        text = self.currentText()
        self._values = dict(values or {})
        self._labels_of = {v: k for k, v in self._values.items()}
        self.blockSignals(True)
        self.clear()
        self.addItem("")
        for label in labels:
            self.addItem(label)
        helps = {v.label: v.help for v in self.vocab.values} if self.vocab is not None else {}
        for i, label in enumerate(labels, start=1):
            tip = helps.get(label) or (label if len(label) > MIN_CONTENTS_CHARS else "")
            if tip:
                self.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        if self.fixed:
            index = self.findText(text)
            self.setCurrentIndex(max(0, index))
        else:
            self.pinyin = PinyinCompleter(labels, self)
            self.pinyin.activated.connect(self._completed)
            self.setCompleter(self.pinyin)
            self.setEditText(text)
        self.blockSignals(False)

    def _completed(self, text: str) -> None:
        self._typing = False
        self.setEditText(text)
        self.edited.emit()
        self.committed.emit()

    def value(self) -> str:
        text = self.currentText().strip()
        if text in self._values:
            return self._values[text]
        if self.vocab is None:
            return text
        return self.vocab.canonical(text) or text

    def set_value(self, value: str) -> None:
        shown = self.vocab.label_of(value) if (self.vocab and value) else self._labels_of.get(value, value)
        self._typing = False
        index = self.findText(shown)
        self.blockSignals(True)
        if self.fixed:
            if index < 0 and shown:  # a stored value outside the list is shown as it was typed, not lost
                self.addItem(shown)
                index = self.count() - 1
            self.setCurrentIndex(max(0, index))
            self._tip()
        else:
            if index >= 0:
                self.setCurrentIndex(index)
            self.setEditText(shown)
            self.lineEdit().setCursorPosition(0)
            self.setToolTip(shown if len(shown) > MIN_CONTENTS_CHARS else self.toolTip())
        self.blockSignals(False)


class MultiCheck(QWidget):
    """A row of check boxes over a vocabulary (共享方式, 应用场景)."""

    edited = Signal()
    committed = Signal()

    def __init__(self, vocab: Vocabulary, key: str, parent=None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.vocab = vocab
        self.boxes: dict[str, QCheckBox] = {}
        self._extra: list[str] = []
        for v in vocab.values:
            box = QCheckBox(v.label)
            box.setObjectName(f"{key}:{v.value}")
            box.setAccessibleName(v.label)
            if v.help:
                box.setToolTip(v.help)
            box.toggled.connect(lambda _c: (self.edited.emit(), self.committed.emit()))
            layout.addWidget(box)
            self.boxes[v.value] = box
        layout.addStretch(1)

    def value(self) -> list[str]:
        return [v for v, b in self.boxes.items() if b.isChecked()] + self._extra

    def set_value(self, values: list[str]) -> None:
        canon = [self.vocab.canonical(v) or v for v in values]
        self._extra = [v for v in canon if v not in self.boxes]
        for v, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(v in canon)
            box.blockSignals(False)

    def setFocus(self, *args) -> None:  # noqa: N802 - Qt override
        if self.boxes:
            next(iter(self.boxes.values())).setFocus(*args)
        else:
            super().setFocus(*args)


class StringsEdit(QLineEdit):
    """A list of short texts typed in one line, separated by 、 or commas."""

    edited = Signal()
    committed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("多个用“、”分隔，如：姓名、公民身份号码")
        self.textEdited.connect(lambda _t: self.edited.emit())
        self.editingFinished.connect(self.committed.emit)

    def event(self, event) -> bool:
        if passes_undo_on(self, event, self.isUndoAvailable(), self.isRedoAvailable()):
            event.ignore()
            return False
        return super().event(event)

    def value(self) -> list[str]:
        return [p.strip() for p in _SPLIT.split(self.text()) if p.strip()]

    def set_value(self, values: list[str]) -> None:
        self.setText("、".join(values))


class TextEdit(QLineEdit):
    """One-line text field with edited/committed signals."""

    edited = Signal()
    committed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.textEdited.connect(lambda _t: self.edited.emit())
        self.editingFinished.connect(self._finish)
        self._last = ""

    def _finish(self) -> None:
        if self.text() != self._last:
            self._last = self.text()
            self.committed.emit()

    def event(self, event) -> bool:
        if passes_undo_on(self, event, self.isUndoAvailable(), self.isRedoAvailable()):
            event.ignore()
            return False
        return super().event(event)

    def value(self) -> str:
        return self.text()

    def set_value(self, value: str) -> None:
        self._last = value
        self.setText(value)


class DateEdit(TextEdit):
    """A date typed as clerks write it (2026年12月1日, 2026/12/1, 2026.12.1, 20261201) becomes 2026-12-01 on leaving."""

    repaired = Signal(str)

    def __init__(self, parent=None, example: str = "2026-09-24") -> None:
        super().__init__(parent)
        y, m, d = example.split("-")
        self.setPlaceholderText(f"如 {example}（也可写 {y}年{int(m)}月{int(d)}日、{y}/{int(m)}/{int(d)}、{y}{m}{d}）")

    def _finish(self) -> None:
        from govcat_desktop.domain.dates import normalise_date

        typed = self.text().strip()
        iso = normalise_date(typed)
        if iso is not None and iso != self.text():
            self.setText(iso)
            self.repaired.emit(f"已把“{typed}”规范为“{iso}”。")
        super()._finish()


class AreaEdit(QPlainTextEdit):
    """Multi-line text field; Tab moves on; committed when focus leaves with a changed text."""

    edited = Signal()
    committed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(64)
        self.textChanged.connect(self.edited.emit)
        self._last = ""

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.flush()

    def flush(self) -> None:
        if self.toPlainText() != self._last:
            self._last = self.toPlainText()
            self.committed.emit()

    def event(self, event) -> bool:
        document = self.document()
        if passes_undo_on(self, event, document.isUndoAvailable(), document.isRedoAvailable()):
            event.ignore()
            return False
        return super().event(event)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str) -> None:
        self._last = value
        self.blockSignals(True)
        self.setPlainText(value)
        self.blockSignals(False)


def refilter(proxy: QSortFilterProxyModel, change) -> None:
    """Apply a filter change: beginFilterChange/endFilterChange on Qt ≥ 6.10; on 6.9 beginFilterChange then
    invalidateFilter (endFilterChange came a release later); invalidateFilter alone on 6.8."""
    if hasattr(proxy, "endFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange()
    elif hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.invalidateFilter()
    else:
        change()
        proxy.invalidateFilter()


class SearchField(QLineEdit):
    """A search box that filters 200 ms after the last keystroke (typing a word filters once, not per letter);
    filter_now() applies it at once (Enter)."""

    DELAY_MS = 200

    def __init__(self, name: str, accessible: str, placeholder: str, apply: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setPlaceholderText(placeholder)
        self._apply = apply
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(lambda: apply(self.text()))
        self.textChanged.connect(lambda _t: self.timer.start())

    def filter_now(self) -> None:
        self.timer.stop()
        self._apply(self.text())
