"""Form definitions loaded from forms/*.toml: fields, labels, 释义 help, vocabularies, conditions."""

from govcat_desktop.formspec.model import (
    Condition,
    FieldDef,
    FormDef,
    FormSpecError,
    FormSet,
    PageDef,
    RuleDef,
    Vocabulary,
    VocabValue,
)
from govcat_desktop.formspec.loader import load_forms, default_forms

__all__ = [
    "Condition",
    "FieldDef",
    "FormDef",
    "FormSet",
    "FormSpecError",
    "PageDef",
    "RuleDef",
    "Vocabulary",
    "VocabValue",
    "default_forms",
    "load_forms",
]
