"""Typed form definitions: what a form file says, checked and frozen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal


class FormSpecError(ValueError):
    """A form file is broken; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class VocabValue:
    value: str
    label: str
    help: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    key: str
    label: str
    values: tuple[VocabValue, ...]
    open: bool = False
    other: str = ""
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)
    _values: frozenset[str] = field(init=False, repr=False, compare=False)
    _labels: dict[str, str] = field(init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        return hash(self.key)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for v in self.values:
            for text in (v.value, v.label, *v.aliases):
                lookup.setdefault(text, v.value)
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_values", frozenset(v.value for v in self.values))
        object.__setattr__(self, "_labels", {v.value: v.label for v in self.values})

    def __contains__(self, value: object) -> bool:
        return value in self._values  # type: ignore[attr-defined]

    def canonical(self, text: str) -> str | None:
        """The stored value for a label, value or alias; None when it is not in the list."""
        return self._lookup.get(text)  # type: ignore[attr-defined]

    def label_of(self, value: str) -> str:
        """What a clerk sees for a stored value (the value itself when unknown)."""
        return self._labels.get(value, value)  # type: ignore[attr-defined]

    @property
    def value_list(self) -> list[str]:
        return [v.value for v in self.values]

    @property
    def label_list(self) -> list[str]:
        return [v.label for v in self.values]


@dataclass(frozen=True, slots=True)
class Condition:
    """field → accepted values, or "filled" / "empty". All clauses must hold."""

    clauses: tuple[tuple[str, tuple[str, ...] | str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def holds(self, record: Any) -> bool:
        for key, accepted in self.clauses:
            value = getattr(record, key, "")
            if accepted == "filled":
                if not _filled(value):
                    return False
            elif accepted == "empty":
                if _filled(value):
                    return False
            elif isinstance(value, list):
                if not any(v in accepted for v in value):
                    return False
            elif value not in accepted:
                return False
        return True

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.clauses)


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


@dataclass(frozen=True, slots=True)
class PageDef:
    key: str
    title: str
    help: str = ""
    optional: bool = False


@dataclass(frozen=True, slots=True)
class FieldDef:
    key: str
    label: str
    widget: str
    help: str = ""
    page: str = ""
    vocabulary: Vocabulary | None = None
    required: bool = False
    required_when: Condition = field(default_factory=Condition)
    required_unless: Condition = field(default_factory=Condition)
    visible_when: Condition = field(default_factory=Condition)
    visible_unless: Condition = field(default_factory=Condition)
    format: str = ""
    subform: str = ""
    readonly: bool = False
    national: bool = False  # a national core-metadata field: required only when the profile says national_required
    linked_field: str = ""  # a choice whose options depend on another field's value (格式类型 ← 格式分类) …
    linked_table: str = ""  # … looked up in this table of forms/national.toml (value → options)
    extra: bool = False  # declared in forms/ only (the record keeps it in `extra`); every column shows it
    column: str = ""  # header in the editable copy, the grid and printed lists (default: the label)
    aliases: tuple[str, ...] = ()  # earlier headers of the column, still read from copies handed in
    width: float = 14.0

    @property
    def header(self) -> str:
        return self.column or self.label

    def is_required(self, record: Any) -> bool:
        if self.required:
            return True
        if self.required_when and self.required_when.holds(record):
            return True
        if self.required_unless and not self.required_unless.holds(record):
            return True
        return False

    def is_visible(self, record: Any) -> bool:
        if self.visible_when and not self.visible_when.holds(record):
            return False
        if self.visible_unless and self.visible_unless.holds(record):
            return False
        return True


@dataclass(frozen=True, slots=True)
class RuleDef:
    """A declarative cross-field rule: fires when `when` holds and `unless` does not."""

    id: str
    severity: Literal["error", "warning"]
    field: str
    message: str
    when: Condition
    unless: Condition = dataclasses.field(default_factory=Condition)
    unless_format: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FormDef:
    key: str
    model: str
    title: str
    fields: tuple[FieldDef, ...]
    pages: tuple[PageDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()
    task: str = ""
    help: str = ""
    record_label: str = ""
    source: str = ""

    def field(self, key: str) -> FieldDef:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def extra_fields(self) -> tuple[FieldDef, ...]:
        """The fields declared in forms/ only: one entry of the column registry each (see formspec.registry)."""
        return tuple(f for f in self.fields if f.extra)


@dataclass(frozen=True, slots=True)
class FormSet:
    """Every form and vocabulary of one forms/ folder, plus the profile."""

    forms: dict[str, FormDef]
    vocabularies: dict[str, Vocabulary]
    profile: dict[str, Any]
    tasks: dict[str, str]
    national: dict[str, Any] = field(default_factory=dict)  # forms/national.toml (classification, formats, …)
    migrations: tuple[dict[str, Any], ...] = ()  # forms/migrations.toml: the declared field migrations, in order

    def __getitem__(self, key: str) -> FormDef:
        return self.forms[key]

    def vocab(self, key: str) -> Vocabulary:
        return self.vocabularies[key]
