"""One place for paths: bundled files (works frozen) and per-user folders (platformdirs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "govcat"
APP_AUTHOR = "govcat"


def bundle_root() -> Path:
    """Folder holding forms/ and resources/: the checkout, or PyInstaller's unpack dir."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return Path(os.environ.get("GOVCAT_FORMS_DIR") or bundle_root() / "forms")


def resources_dir() -> Path:
    return bundle_root() / "resources"


def user_data_dir() -> Path:
    """Per-user data folder (backups, recent files); GOVCAT_DATA_DIR overrides it (tests)."""
    override = os.environ.get("GOVCAT_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_config_dir() -> Path:
    override = os.environ.get("GOVCAT_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def backups_dir() -> Path:
    return user_data_dir() / "backups"
