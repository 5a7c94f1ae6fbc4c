"""Read one unit's file (a .govcat or an editable copy), check it and flatten it into plain rows (Prepared)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain import limits
from govcat_desktop.domain.models import Project, ProjectInfo, is_blank
from govcat_desktop.domain.text import name_problem
from govcat_desktop.exchange.fingerprint import records_fingerprint
from govcat_desktop.exchange.pdf_qr import MAX_FORM_PAGES
from govcat_desktop.services.sizes import size_problem
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.errors import READ_ERRORS
from govcat_desktop.storage.bureau_store import BureauStore, entry_values
from govcat_desktop.validation import Finding, Validator

# Finding kind → submission kind.
FINDING_KIND = {"contacts": "contacts", "mechanism": "mechanism", "matter": "catalog", "catalog": "catalog",
                "item": "catalog", "demand": "demand", "review": "review"}


@dataclass(kw_only=True)
class Received:
    """A unit's submission read from one file: who, which kinds, their records and findings."""

    info: ProjectInfo
    project: Project
    kinds: list[str]
    fingerprints: dict[str, str]
    resolutions: list[tuple[str, str, str]] = field(default_factory=list)  # (token, resolution, resolved_at)
    notes: list[str] = field(default_factory=list)  # doubtful points worth a look (not blocking)
    exported: dict[str, str] = field(default_factory=dict)  # kind → exported_at of the editable copy
    print_pages: dict[str, int] = field(default_factory=dict)  # kind → pages of the print PDF exported with it
    version: int = 0  # issue 22: the unit's number of this catalog version (0: not said)


def fingerprint(data: object) -> str:
    """A short, stable fingerprint of records: exchange.fingerprint's, the one module that makes them."""
    return records_fingerprint(data)


def _filled(record) -> bool:
    return not is_blank(record)  # the one "nothing filled in" (domain.models.is_blank)


def read_govcat(path: Path) -> Received:
    """A unit's .govcat file, read without changing it (an older file is upgraded in a temporary copy)."""
    tmp: Path | None = None
    try:
        try:
            store = ProjectFile.open(path, readonly=True, make_backup=False)
        except ProjectFileError as exc:
            if exc.code != "needs-upgrade":
                raise
            tmp = Path(tempfile.mkdtemp(prefix="govcat-intake-"))
            copy = tmp / path.name
            shutil.copyfile(path, copy)
            store = ProjectFile.open(copy, make_backup=False, untrusted_source=True)
        try:
            counts = store.counts()  # before anything is loaded: 3 million items are refused in milliseconds
            reason = limits.over_limit(path.name, {"matters": counts["matter"], "entries": counts["entry"],
                                                   "items": counts["item"], "demands": counts["demand"],
                                                   "reviews": counts["review"]})
            if reason:
                raise ValueError(reason)
            project = store.load()
            resolutions = BureauStore(store).received_resolutions()
            from govcat_desktop.storage.version_store import VersionStore

            version = VersionStore(store).counter()
        finally:
            store.close()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    kinds = [kind for kind, present in (
        ("contacts", _filled(project.contacts)), ("mechanism", _filled(project.mechanism)),
        ("catalog", bool(project.matters)), ("demand", bool(project.demands)), ("review", bool(project.reviews)),
    ) if present]
    from govcat_desktop.exchange.editable import copy_fingerprint
    from govcat_desktop.formspec import default_forms

    forms = default_forms()  # the code its editable copy and printed pages carry (scans are matched by it)
    prints = {kind: copy_fingerprint(kind, project, forms) for kind in kinds}
    return Received(info=project.info, project=project, kinds=kinds, fingerprints=prints, resolutions=resolutions,
                    version=version)


def read_workbook(path: Path) -> Received:
    """An editable copy (§6.2) through the exchange reader, or a feedback reply workbook."""
    from govcat_desktop.exchange.bureau.feedback import FEEDBACK_REPLY, read_meta, read_reply
    from govcat_desktop.exchange.copies import read_meta as copy_meta
    from govcat_desktop.exchange.reader import open_book
    from govcat_desktop.services import transfer

    # One open, one safety check (zip bombs, DTDs, huge sheets, not-a-workbook: refused in Chinese before any
    # parser runs) and one calamine workbook for both the feedback-reply test and the copy itself.
    book = open_book(path)
    try:
        try:
            reply = copy_meta(book).get("kind") == FEEDBACK_REPLY
        except Exception:  # noqa: BLE001 - not a feedback reply; read_book_copy below says in Chinese what is wrong
            reply = False
        if not reply:
            parsed = transfer.read_book_copy(book)
    finally:
        book.close()
    if reply:
        meta = read_meta(path)
        info = ProjectInfo(org_name=meta.get("org_name", ""), org_code=meta.get("org_code", ""),
                           region=meta.get("region", ""))
        return Received(info=info, project=Project(info=info), kinds=[], fingerprints={}, resolutions=read_reply(path))
    reason = size_problem(path.name, parsed.matters, parsed.demands, parsed.reviews)
    if reason:
        raise ValueError(reason)
    meta = parsed.meta
    if parsed.kind == "matters" or not parsed.with_entries and parsed.kind == "catalog":
        raise ValueError("这是服务事项清单，不是单位报送的可编辑电子版")
    if not meta.get("org_name"):
        raise ValueError(
            "文件中没有隐藏的 _govcat 信息表，无法确定是哪个单位报送的；"
            "如果这是盖章版（打印用），请改为汇总同一次导出的可编辑电子版"
        )
    kind = parsed.kind
    role = "县（区）主管机构" if kind == "mechanism" else ""
    info = ProjectInfo(org_name=meta.get("org_name", ""), org_code=meta.get("org_code", ""),
                       region=meta.get("region", "") or parsed.region, role=role)
    project = Project(info=info, matters=list(parsed.matters), demands=list(parsed.demands),
                      reviews=list(parsed.reviews), withdrawn=list(parsed.withdrawn))
    if parsed.contacts is not None:
        project.contacts = parsed.contacts
    if parsed.mechanism is not None:
        project.mechanism = parsed.mechanism
    notes = [str(n) for n in parsed.problems]
    if parsed.edited:
        notes.insert(0, f"“{path.name}”的内容与导出时的指纹（{parsed.stored_fingerprint}）不一致，导出后被修改过，"
                        "与盖章版可能不是同一份")
    stamp = parsed.stored_fingerprint or parsed.fingerprint
    version = meta.get("version", "").strip()
    return Received(info=info, project=project, kinds=[kind], fingerprints={kind: stamp}, notes=notes,
                    exported={kind: meta.get("exported_at", "")}, print_pages={kind: _print_pages(meta)},
                    version=int(version) if version.isascii() and version.isdigit() and len(version) <= 9 else 0)


def _print_pages(meta: dict[str, str]) -> int:
    """The copy's `print_pages` (its print PDF's page count); 0 when absent or not a sane count."""
    try:
        pages = int(float(meta.get("print_pages", "") or 0))  # an office suite may store the text as a number
    except (ValueError, OverflowError):
        return 0
    return pages if 0 < pages <= MAX_FORM_PAGES else 0


def _counts(findings: list[Finding]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {}
    for f in findings:
        kind = FINDING_KIND.get(f.kind)
        if kind:
            counts.setdefault(kind, [0, 0])[0 if f.is_error else 1] += 1
    return counts


@dataclass(kw_only=True)
class Prepared:
    """A source read, checked and flattened into plain rows (cheap to pass between processes)."""

    path: Path
    org: tuple[str, str, str, str]  # org_code, org_name, region, role
    kinds: list[str]
    fingerprints: dict[str, str]
    counts: dict[str, list[int]]
    sizes: dict[str, tuple[int, int]]
    resolutions: list[tuple[str, str, str]]
    notes: list[str]
    exported: dict[str, str] = field(default_factory=dict)
    print_pages: dict[str, int] = field(default_factory=dict)
    # the rows, filled by _prepare kind by kind
    singletons: dict[str, str] = field(default_factory=dict)
    matters: list[tuple] = field(default_factory=list)
    entries: list[tuple] = field(default_factory=list)  # (matter_code, matter_name, *ENTRY_COLUMNS)
    items: list[tuple] = field(default_factory=list)  # (entry index, pos, name, data_type, length, note)
    records: dict[str, list[str]] = field(default_factory=dict)
    version: int = 0  # issue 22: the unit's catalog version number
    withdrawn: list[tuple] = field(default_factory=list)  # (uid, matter_code, matter_name, name, reason, note)


def prepare(path: Path, own: tuple[str, str], validator: Validator) -> Prepared:
    """Read one source, validate it and flatten its records; raises with a Chinese reason when it cannot be taken."""
    from govcat_desktop.domain.collector import gc_paused

    with gc_paused():  # a unit's records are many small objects without cycles
        return _prepare(path, own, validator)


def _prepare(path: Path, own: tuple[str, str], validator: Validator) -> Prepared:
    received = read_govcat(path) if path.suffix.lower() == ".govcat" else read_workbook(path)
    info = received.info
    name = info.org_name.strip()
    if not name:
        raise ValueError("文件中没有填报单位名称，无法确定是哪个单位报送的")
    for label, value in (("填报单位名称", info.org_name), ("统一社会信用代码", info.org_code),
                         ("所属地区", info.region), ("填报单位类型", info.role)):
        reason = name_problem(label, value)  # a newline, ESC or U+202E in a name would be printed and filed raw
        if reason:
            raise ValueError(reason)
    code = info.org_code.strip()
    if (code, name) == own:
        raise ValueError("这是本汇总项目自己的文件，不是下级单位报送的材料")
    if code and code == own[0]:
        raise ValueError(f"文件中的统一社会信用代码（{code}）是本汇总项目（{own[1]}）自己的代码，填报单位却是“{name}”；"
                         "不是下级单位报送的材料，未汇总")
    if not received.kinds and not received.resolutions:
        raise ValueError("文件中没有任何可汇总的内容（联系表、体制机制、目录、需求和审核确认都是空的）")
    project = received.project
    counts = _counts(validator.validate(project)) if received.kinds else {}
    prep = Prepared(path=path, org=(info.org_code.strip(), name, info.region.strip(), info.role.strip()),
                    kinds=list(received.kinds), fingerprints=received.fingerprints, counts=counts,
                    sizes={k: _size(project, k) for k in received.kinds}, resolutions=received.resolutions,
                    notes=received.notes, exported=dict(received.exported),
                    print_pages=dict(received.print_pages), version=min(received.version, 10**9),
                    withdrawn=[(w.uid, w.matter_code, w.matter_name, w.name, w.reason, w.note)
                               for w in received.project.withdrawn])
    for kind in received.kinds:
        if kind in ("contacts", "mechanism"):
            prep.singletons[kind] = getattr(project, kind).model_dump_json()
            content: object = prep.singletons[kind]
        elif kind == "catalog":
            prep.matters = [(m.code, m.name, m.kind, m.dept) for m in project.matters]
            whole = []
            for m in project.matters:
                for e in m.entries:
                    index = len(prep.entries)
                    row = (m.code, m.name, *entry_values(e))
                    items = [(it.name, it.data_type, it.length, it.note) for it in e.items]
                    prep.entries.append(row)
                    prep.items.extend((index, i, *it) for i, it in enumerate(items))
                    whole.append((row, items))
            content = [sorted(prep.matters), sorted(whole)]
        else:
            records = project.demands if kind == "demand" else project.reviews
            prep.records[kind] = [r.model_dump_json(exclude={"id"}) for r in records]
            content = sorted(prep.records[kind])
        if not prep.fingerprints.get(kind):
            prep.fingerprints[kind] = fingerprint(content)
    return prep


def reason_for(exc: Exception) -> str:
    text = getattr(exc, "message", "") or str(exc)
    if isinstance(exc, READ_ERRORS) or not text:
        return f"无法读取该文件（{type(exc).__name__}），可能已损坏或不是本程序导出的文件"
    return text.rstrip("。")


def _size(project: Project, kind: str) -> tuple[int, int]:
    if kind == "catalog":
        return project.entry_count(), project.item_count()
    if kind == "demand":
        return len(project.demands), sum(len(d.items) for d in project.demands)
    if kind == "review":
        return len(project.reviews), 0
    return 1, 0
