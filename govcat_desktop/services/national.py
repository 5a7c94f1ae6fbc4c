"""National core metadata use cases: proposing 信息资源代码, freezing exported codes, and the registration rows."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from govcat_desktop.domain.models import CatalogEntry, Matter, Project, ProjectInfo
from govcat_desktop.formspec import FormSet

DEFAULT_TEMPLATE = "{类}{项}{目}{细目}/{顺序码}"
_SEQ = re.compile(r"/(\d+)$")


class CodeError(ValueError):
    """The profile's code template is unusable (message in Chinese)."""


@dataclass(frozen=True)
class Proposal:
    """One entry's proposed 信息资源代码 (or why none is proposed)."""

    matter: Matter
    entry: CatalogEntry
    current: str
    proposed: str  # "" = nothing proposed (see reason)
    reason: str
    parts: dict[str, str] | None = None  # the classification the code was built from (部门类 defaults filled in)

    @property
    def changes(self) -> bool:
        return bool(self.proposed) and self.proposed != self.current


def _profile(forms: FormSet) -> tuple[str, int, str]:
    p = forms.profile
    template = str(p.get("resource_code_template") or DEFAULT_TEMPLATE)
    if "{顺序码}" not in template:
        raise CodeError("profile.toml 的 resource_code_template 缺少“{顺序码}”。")
    try:
        digits = int(p.get("resource_code_sequence_digits", 6))
    except (TypeError, ValueError):
        raise CodeError("profile.toml 的 resource_code_sequence_digits 应为整数。") from None
    return template, max(1, digits), str(p.get("dept_item", ""))


def classification_parts(entry: CatalogEntry, info: ProjectInfo, forms: FormSet) -> dict[str, str] | None:
    """类/项/目/细目 of an entry, 部门类 filled from the profile (项) and the unit (目); None when incomplete."""
    _, _, dept_item = _profile(forms)
    cls = entry.res_class.strip()
    item = entry.res_item.strip()
    target = entry.res_target.strip()
    if cls == "3":
        item = item or dept_item
        target = target or info.dept_code.strip()
    if not (cls and item and target):
        return None
    return {"类": cls, "项": item, "目": target, "细目": entry.res_detail.strip()}


def prefix_of(parts: dict[str, str], template: str) -> str:
    """The part of the template before the sequence number, filled in."""
    head = template.split("{顺序码}")[0]
    for key, value in parts.items():
        head = head.replace("{" + key + "}", value)
    return head


def _sequence(code: str) -> int | None:
    m = _SEQ.search(code.strip())
    return int(m.group(1)) if m else None


def propose_codes(project: Project, forms: FormSet) -> list[Proposal]:
    """A code for every entry from its classification and the unit's running sequence number.

    Exported codes are never changed; a code that already fits its classification is kept; a code whose
    classification changed before export keeps its sequence number under the new prefix; new entries take the next
    number after the highest one the unit has used.
    """
    template, digits, _ = _profile(forms)
    used = [s for m in project.matters for e in m.entries if (s := _sequence(e.resource_code)) is not None]
    next_seq = max(used, default=0) + 1
    out: list[Proposal] = []
    for matter in project.matters:
        for entry in matter.entries:
            current = entry.resource_code.strip()
            parts = classification_parts(entry, project.info, forms)
            if current and entry.code_exported:
                expected = prefix_of(parts, template) if parts else ""
                reason = f"已于{entry.code_exported}导出，代码不再改变"
                if expected and not current.startswith(expected):
                    reason += f"（分类已改为{expected}，如确需改号请手工修改并告知市大数据局）"
                out.append(Proposal(matter, entry, current, "", reason))
                continue
            if parts is None:
                missing = "部门代码（项目概况）" if entry.res_class == "3" else "信息资源分类（类、项、目）"
                out.append(Proposal(matter, entry, current, "", f"缺少{missing}，无法建议代码"))
                continue
            prefix = prefix_of(parts, template)
            seq = _sequence(current)
            if current and current.startswith(prefix) and seq is not None:
                out.append(Proposal(matter, entry, current, current, "已符合分类"))
                continue
            if seq is None:
                seq, next_seq = next_seq, next_seq + 1
                reason = "按分类和本单位顺序号建议"
            else:
                reason = "分类已改变，保留顺序号"
            code = template.replace("{顺序码}", str(seq).zfill(digits))
            for key, value in parts.items():
                code = code.replace("{" + key + "}", value)
            out.append(Proposal(matter, entry, current, code, reason, parts))
    return out


def code_command(proposals: list[Proposal]):
    """The proposed codes as one undoable edit (push it on the undo stack); None when nothing changes."""
    from govcat_desktop.services.commands import Command, Composite, UpdateEntry

    commands: list[Command] = []
    for p in proposals:
        if not p.changes or p.entry.code_exported:
            continue
        new = p.entry.model_copy(deep=True)
        new.resource_code = p.proposed
        if p.parts:  # 部门类: the profile's 项 and the unit's 目 are written down, so the entry says what its code says
            new.res_item = new.res_item or p.parts["项"]
            new.res_target = new.res_target or p.parts["目"]
        commands.append(UpdateEntry(p.entry.model_copy(deep=True), new, "建议信息资源代码"))
    return Composite(commands, "建议信息资源代码") if commands else None


def mark_codes_exported(session, day: _dt.date) -> int:
    """Record that each entry's code left the project (a copy was written); from then on it is never renumbered."""
    if session.readonly:
        return 0
    changed = [e for m in session.project.matters for e in m.entries if e.resource_code.strip() and not e.code_exported]
    if not changed:
        return 0
    with session.store.transaction():
        for entry in changed:
            new = entry.model_copy(deep=True)
            new.code_exported = day.isoformat()
            session.replace_entry(new)
    return len(changed)
