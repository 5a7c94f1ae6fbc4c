"""The shipped example department (resources/example), materialised as a fresh .govcat copy per opening."""

from __future__ import annotations

import datetime as _dt
import json
import time
from pathlib import Path

from govcat_desktop.domain.models import Project
from govcat_desktop.formspec import FormSet, default_forms
from govcat_desktop.paths import resources_dir, user_data_dir
from govcat_desktop.services.session import default_profile
from govcat_desktop.storage import ProjectFile, ProjectFileError

EXAMPLE_FILE = "yangquan-minzheng.json"


def example_source() -> Path:
    return resources_dir() / "example" / EXAMPLE_FILE


def load_example(forms: FormSet | None = None, today: _dt.date | None = None) -> Project:
    """The example project; its deadlines use the first year whose T4 deadline is still ahead."""
    forms = forms or default_forms()
    try:
        raw = json.loads(example_source().read_text(encoding="utf-8"))
        project = Project.model_validate(raw["project"])
    except (OSError, ValueError, KeyError) as exc:
        raise ProjectFileError("示例项目文件缺失或已损坏，请重新安装本软件。", detail=str(exc), code="example") from exc
    today = today or _dt.date.today()
    profile = default_profile(forms, today.year)
    if profile.deadline_t4 and profile.deadline_t4 < today.isoformat():
        profile = default_profile(forms, today.year + 1)
    project.info.profile = profile
    return project


def write_project(path: Path, project: Project) -> Path:
    """Store a whole project in a new file through the storage layer (one transaction)."""
    store = ProjectFile.create(path, project.info)
    try:
        with store.transaction():
            store.save_contacts(project.contacts)
            store.save_mechanism(project.mechanism)
            for matter in project.matters:
                store.insert_matter(matter)
            for demand in project.demands:
                store.insert_demand(demand)
            for review in project.reviews:
                store.insert_review(review)
    except BaseException:
        store.close()
        path.unlink(missing_ok=True)
        raise
    store.close()
    return path


def materialise_example(folder: Path | None = None, forms: FormSet | None = None) -> Path:
    """Write a new copy of the example to `folder` (default: the per-user data folder); the shipped file stays clean."""
    folder = folder or (user_data_dir() / "示例项目")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectFileError(f"无法创建文件夹“{folder}”。", detail=str(exc), code="nofolder") from exc
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"阳泉市民政局-示例-{stamp}.govcat"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"阳泉市民政局-示例-{stamp}-{n}.govcat"
    return write_project(target, load_example(forms))
