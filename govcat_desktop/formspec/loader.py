"""Read forms/*.toml into a FormSet, checking every field binds to a domain model field."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from govcat_desktop.domain import models
from govcat_desktop.formspec.model import (
    Condition,
    FieldDef,
    FormDef,
    FormSet,
    FormSpecError,
    PageDef,
    RuleDef,
    Vocabulary,
    VocabValue,
)

WIDGETS = frozenset(
    {"text", "textarea", "choice", "multi", "date", "items", "strings", "group", "matter", "entry"}
)
FORMATS = frozenset(
    {"uscc", "phone", "mobile", "phone_or_mobile", "email", "positive_int", "law_citation", "date", "resource_code",
     "network_name"}
)
SEVERITIES = frozenset({"error", "warning"})
EXTRA_WIDGETS = frozenset({"text", "textarea", "choice", "date"})  # a declared field holds one text


def _fail(source: str, where: str, what: str) -> FormSpecError:
    return FormSpecError(f"表单定义文件 {source} 的 {where} 有误：{what}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise FormSpecError(f"表单定义文件 {path.name} 格式错误：{exc}") from exc
    except OSError as exc:
        raise FormSpecError(f"无法读取表单定义文件 {path}：{exc.strerror or exc}") from exc


def _vocab(source: str, key: str, raw: dict[str, Any]) -> Vocabulary:
    values = []
    for i, item in enumerate(raw.get("values", [])):
        if isinstance(item, str):
            values.append(VocabValue(item, item))
        elif isinstance(item, dict) and isinstance(item.get("value"), str):
            values.append(
                VocabValue(
                    item["value"],
                    str(item.get("label", item["value"])),
                    str(item.get("help", "")),
                    tuple(str(a) for a in item.get("aliases", ())),
                )
            )
        else:
            raise _fail(source, f"vocabulary.{key} 第{i + 1}个取值", "应为文字或含 value 的表")
    if not values:
        raise _fail(source, f"vocabulary.{key}", "没有取值")
    other = str(raw.get("other", ""))
    if other and other not in {v.value for v in values}:
        raise _fail(source, f"vocabulary.{key}", f"other = “{other}” 不在取值中")
    return Vocabulary(key, str(raw.get("label", key)), tuple(values), bool(raw.get("open", False)), other)


def _condition(source: str, where: str, raw: Any, model_fields: set[str]) -> Condition:
    if raw is None:
        return Condition()
    if not isinstance(raw, dict):
        raise _fail(source, where, "条件应为 {字段 = [取值…]} 的形式")
    clauses: list[tuple[str, tuple[str, ...] | str]] = []
    for key, accepted in raw.items():
        if key not in model_fields:
            raise _fail(source, where, f"条件引用了不存在的字段 “{key}”")
        if isinstance(accepted, str):
            if accepted not in ("filled", "empty"):
                raise _fail(source, where, f"字段 “{key}” 的条件应为取值列表、\"filled\" 或 \"empty\"")
            clauses.append((key, accepted))
        elif isinstance(accepted, list) and all(isinstance(a, str) for a in accepted):
            clauses.append((key, tuple(accepted)))
        else:
            raise _fail(source, where, f"字段 “{key}” 的条件取值应为文字列表")
    return Condition(tuple(clauses))


def _model_class(source: str, name: str) -> type[models.Record]:
    cls = getattr(models, name, None)
    if not (isinstance(cls, type) and issubclass(cls, models.Record)):
        raise _fail(source, "[form] model", f"领域模型 “{name}” 不存在")
    return cls


def _form(source: str, raw: dict[str, Any], vocabs: dict[str, Vocabulary]) -> FormDef:
    head = raw.get("form")
    if not isinstance(head, dict) or "key" not in head or "model" not in head:
        raise _fail(source, "[form]", "缺少 key 或 model")
    cls = _model_class(source, head["model"])
    model_fields = set(cls.model_fields)
    pages = tuple(
        PageDef(str(p["key"]), str(p.get("title", p["key"])), str(p.get("help", "")), bool(p.get("optional", False)))
        for p in raw.get("page", [])
    )
    page_keys = {p.key for p in pages} | {"review"}
    fields = []
    seen: set[str] = set()
    for i, f in enumerate(raw.get("field", [])):
        key = f.get("key")
        where = f"第{i + 1}个字段（{key or '无 key'}）"
        if not isinstance(key, str) or not key:
            raise _fail(source, where, "缺少 key")
        extra = bool(f.get("extra", False))
        if extra and (key in model_fields or "extra" not in model_fields):
            raise _fail(source, where, f"字段 “{key}” 不能声明为 extra（领域模型 {cls.__name__} 已有此字段或不能扩展）")
        if extra and (f.get("widget", "text") not in EXTRA_WIDGETS or not key.isidentifier() or key.startswith("_")):
            raise _fail(source, where, f"扩展字段 “{key}” 的 key 应为英文标识符，"
                                       f"控件应为 {'、'.join(sorted(EXTRA_WIDGETS))} 之一")
        if key not in model_fields and not extra:
            raise _fail(source, where, f"字段 “{key}” 在领域模型 {cls.__name__} 中不存在")
        if key in seen:
            raise _fail(source, where, f"字段 “{key}” 重复定义")
        seen.add(key)
        if not f.get("label"):
            raise _fail(source, where, "缺少 label（中文名称）")
        widget = f.get("widget", "text")
        if widget not in WIDGETS:
            raise _fail(source, where, f"未知的控件类型 “{widget}”")
        vocab = None
        if "vocabulary" in f:
            vocab = vocabs.get(f["vocabulary"])
            if vocab is None:
                raise _fail(source, where, f"词表 “{f['vocabulary']}” 不存在")
        fmt = f.get("format", "")
        if fmt and fmt not in FORMATS:
            raise _fail(source, where, f"未知的格式 “{fmt}”")
        linked = f.get("linked") or {}
        if linked and (not isinstance(linked, dict) or linked.get("field") not in model_fields
                       or not linked.get("table")):
            raise _fail(source, where, "linked 应为 { field = 字段, table = national.toml 中的表 }")
        page = f.get("page", "")
        if pages and page and page not in page_keys:
            raise _fail(source, where, f"页面 “{page}” 未定义")
        fields.append(
            FieldDef(
                key=key,
                label=str(f["label"]),
                widget=widget,
                help=str(f.get("help", "")),
                page=page,
                vocabulary=vocab,
                required=bool(f.get("required", False)),
                required_when=_condition(source, where + " required_when", f.get("required_when"), model_fields),
                required_unless=_condition(source, where + " required_unless", f.get("required_unless"), model_fields),
                visible_when=_condition(source, where + " visible_when", f.get("visible_when"), model_fields),
                visible_unless=_condition(source, where + " visible_unless", f.get("visible_unless"), model_fields),
                format=fmt,
                subform=str(f.get("subform", "")),
                readonly=bool(f.get("readonly", False)),
                national=bool(f.get("national", False)),
                linked_field=str(linked.get("field", "")),
                linked_table=str(linked.get("table", "")),
                extra=extra,
                column=str(f.get("column", "")),
                aliases=tuple(str(a) for a in f.get("aliases", ())),
                width=float(f.get("width", 14.0)),
            )
        )
    rules = []
    for i, r in enumerate(raw.get("rule", [])):
        where = f"第{i + 1}条规则（{r.get('id', '无 id')}）"
        for need in ("id", "severity", "field", "message", "when"):
            if need not in r:
                raise _fail(source, where, f"缺少 {need}")
        if r["severity"] not in SEVERITIES:
            raise _fail(source, where, "severity 应为 error 或 warning")
        if r["field"] not in model_fields:
            raise _fail(source, where, f"字段 “{r['field']}” 不存在")
        unless_format = tuple((k, v) for k, v in r.get("unless_format", {}).items())
        for k, v in unless_format:
            if k not in model_fields or v not in FORMATS:
                raise _fail(source, where, f"unless_format 的 “{k} = {v}” 无效")
        rules.append(
            RuleDef(
                id=str(r["id"]),
                severity=r["severity"],
                field=r["field"],
                message=str(r["message"]),
                when=_condition(source, where + " when", r["when"], model_fields),
                unless=_condition(source, where + " unless", r.get("unless"), model_fields),
                unless_format=unless_format,
            )
        )
    return FormDef(
        key=str(head["key"]),
        model=cls.__name__,
        title=str(head.get("title", head["key"])),
        fields=tuple(fields),
        pages=pages,
        rules=tuple(rules),
        task=str(head.get("task", "")),
        help=str(head.get("help", "")),
        record_label=str(head.get("record_label", "")),
        source=source,
    )


def load_forms(folder: Path) -> FormSet:
    """Load and check every form file in `folder`; raises FormSpecError naming file and entry."""
    folder = Path(folder)
    vocab_raw = _read_toml(folder / "vocabularies.toml").get("vocabulary", {})
    vocabs = {key: _vocab("vocabularies.toml", key, raw) for key, raw in vocab_raw.items()}
    profile_raw = _read_toml(folder / "profile.toml")
    profile = dict(profile_raw.get("profile", {}))
    regions = profile.get("regions") or []
    if not regions:
        raise _fail("profile.toml", "[profile] regions", "没有地区")
    vocabs["region"] = Vocabulary("region", "所属地区", tuple(VocabValue(r, r) for r in regions))
    forms: dict[str, FormDef] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name in ("vocabularies.toml", "profile.toml", "national.toml", "roles.toml", "migrations.toml"):
            continue
        form = _form(path.name, _read_toml(path), vocabs)
        if form.key in forms:
            raise _fail(path.name, "[form] key", f"表单 “{form.key}” 与 {forms[form.key].source} 重复")
        forms[form.key] = form
    for form in forms.values():
        for f in form.fields:
            if f.subform and f.subform not in forms:
                raise _fail(form.source, f"字段 {f.key}", f"子表单 “{f.subform}” 不存在")
    for needed in ("project", "person", "contacts", "mechanism", "matter", "catalog", "item", "demand", "review"):
        if needed not in forms:
            raise FormSpecError(f"表单定义目录 {folder} 缺少表单 “{needed}”")
    national_path = folder / "national.toml"
    national = _read_toml(national_path) if national_path.exists() else {}
    roles_path = folder / "roles.toml"  # task names: forms/roles.toml (domain.roles reads the bundled one)
    tasks = dict(_read_toml(roles_path).get("tasks", {})) if roles_path.exists() else {}
    migrations = _migrations(folder, forms)
    for form in forms.values():
        if form.extra_fields:
            model = _model_class(form.source, form.model)
            model.declare_extra(frozenset(f.key for f in form.extra_fields))  # type: ignore[attr-defined]
    return FormSet(forms, vocabs, profile, tasks, national, migrations)


def _migrations(folder: Path, forms: dict[str, FormDef]) -> tuple[dict[str, Any], ...]:
    """forms/migrations.toml: each field declared in forms/ only is added by a declared migration
    (`[[migration]] id, form, add, default`), which the project file applies once (storage.declared)."""
    path = folder / "migrations.toml"
    raw = _read_toml(path).get("migration", []) if path.exists() else []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, m in enumerate(raw):
        where = f"第{i + 1}个迁移（{m.get('id', '无 id') if isinstance(m, dict) else '?'}）"
        if not isinstance(m, dict) or not m.get("id") or m.get("form") not in forms or not m.get("add"):
            raise _fail("migrations.toml", where, "需要 id、form（表单）和 add（新增字段）")
        if m["id"] in seen:
            raise _fail("migrations.toml", where, "id 重复")
        seen.add(str(m["id"]))
        field = next((f for f in forms[m["form"]].extra_fields if f.key == m["add"]), None)
        if field is None:
            raise _fail("migrations.toml", where, f"表单 {m['form']} 没有扩展字段 “{m['add']}”（extra = true）")
        out.append({"id": str(m["id"]), "form": str(m["form"]), "add": str(m["add"]),
                    "default": str(m.get("default", ""))})
    for form in forms.values():
        for f in form.extra_fields:
            if not any(m["form"] == form.key and m["add"] == f.key for m in out):
                raise _fail(form.source, f"字段 {f.key}",
                            "扩展字段需要在 migrations.toml 中声明迁移（[[migration]] add = 字段）")
    return tuple(out)


@functools.cache
def default_forms() -> FormSet:
    """The bundled forms (cached: loaded once per process)."""
    from govcat_desktop.paths import forms_dir

    return load_forms(forms_dir())
