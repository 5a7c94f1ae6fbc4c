"""Per-user settings in one JSON file (backup count, recent files, UI preferences), as a typed model.

The file is read once and again only when it changed on disk (its mtime), not on every get(). A file that is not
JSON, or holds values of the wrong type, is not silently dropped: the values that do not fit are left out (their
defaults apply), the file as it was is kept beside it (settings.json.bad) and `take_problem()` gives the Chinese
sentence once, for the window (or the CLI) to say. Writing a setting never stops the work (a full disk, no rights).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govcat_desktop.paths import user_config_dir

SCHEMA_VERSION = 1
MAX_RECENT = 10


class Settings(BaseModel):
    """What settings.json holds. Keys a newer version wrote are kept (extra), so going back loses nothing."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    backup_keep: int = Field(default=10, ge=1, le=1000)  # backup copies kept per project (storage.backup)
    recent_files: list[str] = Field(default_factory=list)
    window_geometry: str = ""
    window_state: str = ""
    exchange_folder: str = ""  # the folder the last export or import went to
    grid_hidden_columns: list[str] | None = None  # 目录总表's hidden columns (None: the default set)


DEFAULTS: dict[str, Any] = Settings().model_dump()

_cache: tuple[Path, tuple[int, int], Settings] | None = None
_problem = ""


def settings_path() -> Path:
    return user_config_dir() / "settings.json"


def _read(path: Path) -> Settings:
    """The settings in `path`; what does not fit is reported once (module state) and its defaults used."""
    global _problem
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        raw = None
    if isinstance(raw, dict):
        try:
            return Settings.model_validate(raw)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            kept = {k: v for k, v in raw.items() if k not in bad}
            names = "、".join(sorted(bad))
            _problem = f"设置文件 {path} 中有些设置的值不对（{names}），已改用默认值；原文件另存为 {path.name}.bad。"
            _keep_aside(path)
            return Settings.model_validate(kept)
    _problem = f"设置文件 {path} 已损坏，无法读取，已改用默认设置；原文件另存为 {path.name}.bad。"
    _keep_aside(path)
    return Settings()


def _keep_aside(path: Path) -> None:
    try:
        shutil.copyfile(path, path.with_name(path.name + ".bad"))
    except OSError:
        pass


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def load() -> Settings:
    """The current settings (read from the file only when it changed: its mtime and size)."""
    global _cache
    path = settings_path()
    stamp = _stamp(path)
    if _cache is None or _cache[0] != path or _cache[1] != stamp:
        _cache = (path, stamp, _read(path))
    return _cache[2]


def take_problem() -> str:
    """The Chinese sentence about a settings file that could not be read as it was — once; "" when none."""
    global _problem
    load()
    problem, _problem = _problem, ""
    return problem


def get(key: str) -> Any:
    return getattr(load(), key, DEFAULTS.get(key))


def update(**changes: Any) -> None:
    """Write changed settings atomically; a failure to write settings never stops the work.

    A value of the wrong type raises (a bug in the caller, not the user's file)."""
    global _cache
    current = load()
    data = current.model_dump()
    data.update(changes)
    data["schema_version"] = SCHEMA_VERSION
    settings = Settings.model_validate(data)
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(settings.model_dump(), fh, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except OSError:
        pass  # not written: this run uses the new values until the file changes
    _cache = (path, _stamp(path), settings)


def add_recent(file: str | os.PathLike[str]) -> list[str]:
    path = str(Path(file).resolve())
    recent = [p for p in get("recent_files") if p != path]
    recent.insert(0, path)
    recent = recent[:MAX_RECENT]
    update(recent_files=recent)
    return recent
