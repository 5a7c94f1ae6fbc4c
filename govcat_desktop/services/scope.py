"""The unit's own scope of a matter list: a province list holds every department's matters (实施部门).

A clerk of 阳泉市民政局 imports the province's list of 1,135 matters of 34 departments; only the matters of the
unit's own 实施部门 are the unit's to catalog. The departments are guessed from the unit's name, adjusted by the
clerk in the import preview (or with `govcat import --dept`), and remembered in the project (ProjectInfo.matter_depts)
for the next import.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from govcat_desktop.domain.models import Matter

# A unit name's place prefix: province, city, county/district (阳泉市, 城区, 平定县, 广安区, 区 …).
_PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,6}?(?:市|州|盟))?"
                    r"(?:[\u4e00-\u9fff]{1,6}?(?:县|区|旗))?")
_SUFFIX = ("局", "委员会", "委", "办公室", "办", "厅", "中心", "大队", "分局", "部")
ALL = "（全部）"


def core_name(name: str) -> str:
    """The part of a unit name that names its work: 阳泉市民政局 → 民政局, 广安区人社局 → 人社局."""
    name = re.sub(r"\s+", "", name)
    if len(name) > 2 and name[0] in "区县市":  # 区民政局: a list's own short form of "the district's"
        name = name[1:]
    stripped = _PLACE.sub("", name, count=1)
    if len(stripped) < 2:  # the whole name was a place (e.g. 城区人民政府 reads as 城区 + 人民政府)
        stripped = name
    return stripped


def _stem(name: str) -> str:
    for suffix in _SUFFIX:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def departments(matters: Iterable[Matter]) -> Counter:
    """Matter count per 实施部门 (blank departments under "")."""
    return Counter(m.dept.strip() for m in matters)


def guess_departments(org_name: str, depts: Iterable[str]) -> list[str]:
    """The departments of the list that are the unit's own, guessed from its name (may be empty).

    A department matches when it is the unit's name, or names the same work after its own place prefix
    (区民政局 for 阳泉市民政局), or shares the work's stem (民政 in 区民政事务中心).
    """
    depts = [d for d in depts if d]
    own = re.sub(r"\s+", "", org_name)
    if not own:
        return []
    exact = [d for d in depts if d == own]
    if exact:
        return exact
    core = core_name(own)
    found = [d for d in depts if core_name(d) == core or d.endswith(core)]
    if found:
        return found
    stem = _stem(core)
    if len(stem) >= 2:
        found = [d for d in depts if stem in core_name(d)]
        if found:
            return found
    return [d for d in depts if abbreviates(_stem(core_name(d)), stem)]


def abbreviates(short: str, full: str) -> bool:
    """A list's short form of a unit's work: 人社 for 人力资源和社会保障, 市监 for 市场监督管理,
    住建 for 住房和城乡建设.

    The short form starts with the same character and takes its others, in order, from the full name.
    """
    if not 2 <= len(short) < len(full) or short[0] != full[0]:
        return False
    rest = iter(full[1:])
    return all(ch in rest for ch in short[1:])


def keep_own(matters: list[Matter], depts: Iterable[str]) -> tuple[list[Matter], int]:
    """The matters of the given departments, and how many others were left out."""
    wanted = {d.strip() for d in depts}
    kept = [m for m in matters if m.dept.strip() in wanted]
    return kept, len(matters) - len(kept)


def describe(counts: Counter, chosen: Iterable[str]) -> str:
    """One line for a preview: how many departments the list holds and what is kept."""
    chosen = list(chosen)
    total = sum(counts.values())
    kept = sum(counts.get(d, 0) for d in chosen)
    if not chosen:
        return f"清单共 {total} 个事项，来自 {len(counts)} 个实施部门；全部导入。"
    return (f"清单共 {total} 个事项，来自 {len(counts)} 个实施部门；只导入本单位（{'、'.join(chosen)}）的 {kept} 个，"
            f"其他 {total - kept} 个不导入。")


def default_scope(session, counts: Counter) -> list[str] | None:
    """The departments an import of a many-department list starts from: remembered, else guessed; None = all."""
    if len(counts) <= 1:
        return None
    remembered = [d for d in session.project.info.matter_depts if d in counts]
    if remembered:
        return remembered
    return guess_departments(session.project.info.org_name, counts) or None


def remember(session, preview) -> None:
    """The import also records the departments chosen (one command with it), so the next import starts from them."""
    from govcat_desktop.services.commands import Composite, SetSingleton

    if preview.scope is None:
        return
    info = session.project.info
    if list(info.matter_depts) == preview.scope:
        return
    new = info.model_copy(update={"matter_depts": list(preview.scope)}, deep=True)
    change = SetSingleton("info", info, new, text="记住本单位的实施部门")
    if preview.command is None:
        preview.command = Composite([change], text="记住本单位的实施部门")
    else:
        preview.command = Composite([preview.command, change], text=preview.command.text)
