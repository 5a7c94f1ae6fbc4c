"""Per-user settings in one JSON file (backup count, recent files, UI preferences)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from govcat_desktop.paths import user_config_dir

DEFAULTS: dict[str, Any] = {
    "backup_keep": 10,
    "recent_files": [],
    "window_geometry": "",
    "window_state": "",
}
MAX_RECENT = 10


def settings_path() -> Path:
    return user_config_dir() / "settings.json"


def load() -> dict[str, Any]:
    data = dict(DEFAULTS)
    try:
        stored = json.loads(settings_path().read_text(encoding="utf-8"))
        if isinstance(stored, dict):
            data.update(stored)
    except (OSError, ValueError):
        pass
    return data


def get(key: str) -> Any:
    return load().get(key, DEFAULTS.get(key))


def update(**changes: Any) -> None:
    """Write changed settings atomically; a failure to write settings never stops the work."""
    data = load()
    data.update(changes)
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except OSError:
        pass


def add_recent(file: str | os.PathLike[str]) -> list[str]:
    path = str(Path(file).resolve())
    recent = [p for p in get("recent_files") if p != path]
    recent.insert(0, path)
    recent = recent[:MAX_RECENT]
    update(recent_files=recent)
    return recent
