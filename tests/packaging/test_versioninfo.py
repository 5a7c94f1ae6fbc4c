"""The Windows version resource's numbers and strings (packaging/versioninfo.py), checked on any OS."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("govcat_versioninfo", ROOT / "packaging" / "versioninfo.py")
versioninfo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(versioninfo)


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)),
    ("1.2", (1, 2, 0, 0)),
    ("2.10.3rc4", (2, 10, 3, 0)),
    ("3.0.1+local.7", (3, 0, 1, 0)),
])
def test_version_numbers(version, numbers) -> None:
    assert versioninfo.version_numbers(version) == numbers


@pytest.mark.parametrize("bad", ["", "dev", "70000.1.0"])
def test_version_numbers_refuse_what_the_resource_cannot_hold(bad) -> None:
    with pytest.raises(ValueError):
        versioninfo.version_numbers(bad)


def test_strings_name_the_executable_in_chinese() -> None:
    strings = versioninfo.version_strings("govcat-desktop", "0.1.0")
    assert strings["OriginalFilename"] == "govcat-desktop.exe"
    assert strings["InternalName"] == "govcat-desktop"
    assert strings["FileVersion"] == strings["ProductVersion"] == "0.1.0.0"
    assert strings["FileDescription"] == "政务数据资源目录编制工具"
    assert versioninfo.LANG_CODEPAGE == "080404B0" and versioninfo.TRANSLATION == [0x0804, 1200]  # zh-CN, UTF-16


def test_the_package_version_makes_a_resource() -> None:
    from govcat_desktop import __version__

    assert versioninfo.version_numbers(__version__)[0] >= 0
