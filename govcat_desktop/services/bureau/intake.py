"""Collect units' submissions (.govcat files and editable copies) into a bureau project."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.models import Project, ProjectInfo
from govcat_desktop.services.bureau import KIND_LABEL, is_bureau
from govcat_desktop.services.dump import project_dump
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.storage import ProjectFile, ProjectFileError
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.validation import Finding, Validator

COPY_SUFFIXES = (".xlsx", ".xlsm")
SOURCE_SUFFIXES = (".govcat", *COPY_SUFFIXES)
# Finding kind → submission kind.
FINDING_KIND = {"contacts": "contacts", "mechanism": "mechanism", "matter": "catalog", "catalog": "catalog",
                "item": "catalog", "demand": "demand", "review": "review"}


@dataclass
class Taken:
    """One source file taken in."""

    path: Path
    unit: str
    kinds: list[str]
    replaced: list[str]
    errors: int
    warnings: int
    resolutions: int = 0


@dataclass
class MergeOutcome:
    """What a merge took in and what it skipped (with a Chinese reason each)."""

    taken: list[Taken] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.skipped and not self.taken:
            return 2
        return 1 if self.skipped else 0


@dataclass
class Received:
    """A unit's submission read from one file: who, which kinds, their records and findings."""

    info: ProjectInfo
    project: Project
    kinds: list[str]
    fingerprints: dict[str, str]
    resolutions: list[tuple[str, str, str]] = field(default_factory=list)  # (token, resolution, resolved_at)
    notes: list[str] = field(default_factory=list)  # doubtful points worth a look (not blocking)


def expand_sources(sources: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to read (folders expanded, sorted) and sources refused at once."""
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(("~$", "."))
                and "盖章版" not in p.stem  # the printed copy travels with its editable copy; only the latter is read
            )
            if not found:
                refused.append((path, "文件夹中没有 .govcat 项目文件或 .xlsx 可编辑电子版"))
            files.extend(found)
        elif not path.exists():
            refused.append((path, "文件不存在"))
        elif path.suffix.lower() not in SOURCE_SUFFIXES:
            refused.append((path, "不是 .govcat 项目文件或 .xlsx 可编辑电子版"))
        else:
            files.append(path)
    return files, refused


def fingerprint(data: object) -> str:
    """A short, stable fingerprint of records (same records → same fingerprint)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12].upper()


def _filled(record) -> bool:
    return record.model_dump() != type(record)().model_dump()


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
            store = ProjectFile.open(copy, make_backup=False)
        try:
            project = store.load()
            resolutions = _resolutions(store.conn)
        finally:
            store.close()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    dump = project_dump(project)
    kinds, prints = [], {}
    parts = {
        "contacts": (_filled(project.contacts), dump["contacts"]),
        "mechanism": (_filled(project.mechanism), dump["mechanism"]),
        "catalog": (bool(project.matters), dump["matters"]),
        "demand": (bool(project.demands), dump["demands"]),
        "review": (bool(project.reviews), dump["reviews"]),
    }
    for kind, (present, data) in parts.items():
        if present:
            kinds.append(kind)
            prints[kind] = fingerprint(data)
    return Received(project.info, project, kinds, prints, resolutions)


def _resolutions(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    try:
        return list(conn.execute(
            "SELECT token, resolution, resolved_at FROM comment WHERE origin = 'received' AND status = 'resolved'"
            " AND decision != '已审核'"
        ))
    except sqlite3.Error:
        return []  # a v1 file has no comments


def read_workbook(path: Path) -> Received:
    """An editable copy (§6.2) through the exchange reader, or a feedback reply workbook."""
    from govcat_desktop.exchange.bureau_feedback import FEEDBACK_REPLY, read_meta, read_reply

    meta = read_meta(path)
    if meta.get("kind") == FEEDBACK_REPLY:
        info = ProjectInfo(org_name=meta.get("org_name", ""), org_code=meta.get("org_code", ""),
                           region=meta.get("region", ""))
        return Received(info, Project(info=info), [], {}, read_reply(path))
    from govcat_desktop.services import transfer

    parsed = transfer.read_copy(path)
    meta = parsed.meta
    if parsed.kind == "matters" or not parsed.with_entries and parsed.kind == "catalog":
        raise ValueError("这是服务事项清单，不是单位报送的可编辑电子版")
    if not meta.get("org_name"):
        raise ValueError(
            "文件中没有隐藏的 _govcat 信息表，无法确定是哪个单位报送的；如果这是盖章版（打印用），请改为汇总同一次导出的可编辑电子版"
        )
    kind = parsed.kind
    role = "县（区）主管机构" if kind == "mechanism" else ""
    info = ProjectInfo(org_name=meta.get("org_name", ""), org_code=meta.get("org_code", ""),
                       region=meta.get("region", "") or parsed.region, role=role)
    project = Project(info=info, matters=list(parsed.matters), demands=list(parsed.demands),
                      reviews=list(parsed.reviews))
    if parsed.contacts is not None:
        project.contacts = parsed.contacts
    if parsed.mechanism is not None:
        project.mechanism = parsed.mechanism
    notes = [str(n) for n in parsed.problems]
    if parsed.edited:
        notes.insert(0, f"“{path.name}”的内容与导出时的指纹（{parsed.stored_fingerprint}）不一致，导出后被修改过，"
                        "与盖章版可能不是同一份")
    stamp = parsed.stored_fingerprint or parsed.fingerprint
    return Received(info, project, [kind], {kind: stamp}, notes=notes)


def _counts(findings: list[Finding]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {}
    for f in findings:
        kind = FINDING_KIND.get(f.kind)
        if kind:
            counts.setdefault(kind, [0, 0])[0 if f.is_error else 1] += 1
    return counts


def merge(store: ProjectFile, sources: Iterable[str | Path], notifier: Notifier | None = None,
          validator: Validator | None = None) -> MergeOutcome:
    """Take in every readable source; each file is one transaction; unreadable files are skipped with a reason."""
    notifier = notifier or SilentNotifier()
    own = store.get_info()
    if not is_bureau(own.role):
        raise ProjectFileError(
            f"“{store.path.name}”的填报单位类型是“{own.role}”，只有市大数据局或县（区）主管机构的项目可以汇总各单位报送的材料。",
            code="notbureau",
        )
    validator = validator or Validator()
    bureau = BureauStore(store)
    files, refused = expand_sources(sources)
    own_path = store.path.resolve()
    files = [p for p in files if p.resolve() != own_path]  # a folder may hold the bureau's own file
    outcome = MergeOutcome(skipped=list(refused))
    total = len(files)
    for index, path in enumerate(files):
        if not notifier.progress(index, total, f"正在汇总 {path.name}"):
            outcome.skipped.extend((p, "已取消，未汇总") for p in files[index:])
            break
        try:
            received = read_govcat(path) if path.suffix.lower() == ".govcat" else read_workbook(path)
            taken = _take(bureau, path, received, own, validator)
        except ProjectFileError as exc:
            outcome.skipped.append((path, exc.message.rstrip("。")))
            continue
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported and skipped
            outcome.skipped.append((path, _reason(exc)))
            continue
        outcome.taken.append(taken)
        for note in received.notes[:5]:
            notifier.warning(note)
        if received.kinds:
            kinds = "、".join(KIND_LABEL[k] for k in taken.kinds)
            again = "（替换此前报送）" if taken.replaced else ""
            notifier.info(f"已汇总：{taken.unit} {kinds}{again}，错误 {taken.errors} 个，提醒 {taken.warnings} 个")
        else:
            notifier.info(f"已读取：{taken.unit} 的审核意见答复，{taken.resolutions} 条意见已处理")
    notifier.progress(total, total, "汇总完成")
    return outcome


def _reason(exc: Exception) -> str:
    text = getattr(exc, "message", "") or str(exc)
    if isinstance(exc, (OSError, sqlite3.Error)) or not text:
        return f"无法读取该文件（{type(exc).__name__}），可能已损坏或不是本程序导出的文件"
    return text.rstrip("。")


def _take(bureau: BureauStore, path: Path, received: Received, own: ProjectInfo, validator: Validator) -> Taken:
    info = received.info
    name = info.org_name.strip()
    if not name:
        raise ValueError("文件中没有填报单位名称，无法确定是哪个单位报送的")
    if (info.org_code.strip(), name) == (own.org_code.strip(), own.org_name.strip()):
        raise ValueError("这是本汇总项目自己的文件，不是下级单位报送的材料")
    if not received.kinds and not received.resolutions:
        raise ValueError("文件中没有任何可汇总的内容（联系表、体制机制、目录、需求和审核确认都是空的）")
    project = received.project
    counts = _counts(validator.validate(project)) if received.kinds else {}
    taken = Taken(path, name, list(received.kinds), [], 0, 0)
    with bureau.store.transaction():
        conn = bureau.conn
        unit_id = bureau.unit_id(info.org_code.strip(), name, info.region.strip(), info.role.strip())
        for kind in received.kinds:
            errors, warnings = counts.get(kind, [0, 0])
            if conn.execute(
                "SELECT 1 FROM submission WHERE unit_id = ? AND kind = ? AND superseded = 0", (unit_id, kind)
            ).fetchone():
                taken.replaced.append(kind)
            records, items = _size(project, kind)
            sid = bureau.add_submission(unit_id, kind, path.name, received.fingerprints.get(kind, ""), errors, warnings,
                                        records, items)
            if kind in ("contacts", "mechanism"):
                bureau.put_singleton(sid, kind, getattr(project, kind))
            elif kind == "catalog":
                bureau.put_matters(sid, project.matters)
                bureau.put_entries(sid, ((m.code, m.name, e) for m in project.matters for e in m.entries))
            else:
                bureau.put_records(sid, project.demands if kind == "demand" else project.reviews)
            taken.errors += errors
            taken.warnings += warnings
        for token, resolution, at in received.resolutions:
            taken.resolutions += bureau.resolve_token(token, resolution, at)
    return taken


def _size(project: Project, kind: str) -> tuple[int, int]:
    if kind == "catalog":
        return project.entry_count(), project.item_count()
    if kind == "demand":
        return len(project.demands), sum(len(d.items) for d in project.demands)
    if kind == "review":
        return len(project.reviews), 0
    return 1, 0
