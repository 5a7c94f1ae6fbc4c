"""The Windows version resource of govcat.exe and govcat-desktop.exe (Explorer → 属性 → 详细信息).

version_numbers / version_strings are plain Python (tested on every OS by tests/packaging/test_versioninfo.py);
version_info builds PyInstaller's VSVersionInfo from them. check_round_trip serialises that to the binary
resource and parses it back: build.py runs it before every Windows build, and `python packaging/versioninfo.py`
(run by .ci/run) runs it on Linux with the module's Windows-only imports stubbed and Windows struct sizes.
"""

from __future__ import annotations

import re

LANG_CODEPAGE = "080404B0"  # zh-CN, Unicode (UTF-16) strings
TRANSLATION = [0x0804, 1200]
FILE_DESCRIPTION = "政务数据资源目录编制工具"
PRODUCT_NAME = "govcat 政务数据资源目录编制工具"


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); '1.2.3rc4' → (1, 2, 3, 0); each part 0–65535 (the resource holds 16-bit words)."""
    nums = [int(x) for x in re.findall(r"\d+", version.split("+")[0])[:3]]
    if not nums:
        raise ValueError(f"no version number in {version!r}")
    nums = (nums + [0, 0, 0, 0])[:4]
    if any(n > 0xFFFF for n in nums):
        raise ValueError(f"version part above 65535 in {version!r}")
    return tuple(nums)  # type: ignore[return-value]


def version_strings(name: str, version: str) -> dict[str, str]:
    text = ".".join(map(str, version_numbers(version)))
    return {
        "CompanyName": "govcat",
        "FileDescription": FILE_DESCRIPTION,
        "FileVersion": text,
        "InternalName": name,
        "LegalCopyright": "Apache-2.0",
        "OriginalFilename": f"{name}.exe",
        "ProductName": PRODUCT_NAME,
        "ProductVersion": text,
    }


def _pyinstaller_versioninfo():
    """PyInstaller's versioninfo module (it imports pefile and pywin32 helpers: on Windows only)."""
    import importlib

    return importlib.import_module("PyInstaller.utils.win32.versioninfo")


def version_info(name: str, version: str):
    """PyInstaller's VSVersionInfo for executable `name` (needs PyInstaller)."""
    vi = _pyinstaller_versioninfo()
    nums = version_numbers(version)
    strings = [vi.StringStruct(k, v) for k, v in version_strings(name, version).items()]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=nums, prodvers=nums, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0),
        kids=[vi.StringFileInfo([vi.StringTable(LANG_CODEPAGE, strings)]),
              vi.VarFileInfo([vi.VarStruct("Translation", TRANSLATION)])],
    )


def check_round_trip(name: str, version: str) -> dict[str, str]:
    """Serialise the resource as it goes into the .exe, parse it back, and compare; returns the parsed strings."""
    raw = version_info(name, version).toRaw()
    back = _pyinstaller_versioninfo().VSVersionInfo()
    back.fromRaw(raw)
    nums = version_numbers(version)
    ffi = back.ffi
    got_nums = (ffi.fileVersionMS >> 16, ffi.fileVersionMS & 0xFFFF,
                ffi.fileVersionLS >> 16, ffi.fileVersionLS & 0xFFFF)
    if got_nums != nums:
        raise ValueError(f"version resource of {name}: file version {got_nums}, expected {nums}")
    [table] = back.kids[0].kids
    got = {s.name: s.val for s in table.kids}
    if table.name != LANG_CODEPAGE or got != version_strings(name, version):
        raise ValueError(f"version resource of {name}: strings {got} under {table.name}")
    return got


def _windows_layout_on_this_os() -> None:
    """Let PyInstaller's versioninfo module run off Windows, as it would on Windows: it imports pefile and
    pywin32's win32api at the top (used only to read/write .exe files, not by the classes used here), and
    packs the fixed file info with native `L` (4 bytes on Windows, 8 on 64-bit Linux)."""
    import struct
    import sys
    import types

    import PyInstaller.compat

    sys.modules.setdefault("pefile", types.ModuleType("pefile"))
    if not hasattr(PyInstaller.compat, "win32api"):
        PyInstaller.compat.win32api = None
    module = _pyinstaller_versioninfo()
    module.struct = types.SimpleNamespace(
        pack=lambda fmt, *a: struct.pack("<" + fmt, *a), unpack=lambda fmt, data: struct.unpack("<" + fmt, data),
        calcsize=lambda fmt: struct.calcsize("<" + fmt), error=struct.error)


def main() -> int:
    """`python packaging/versioninfo.py`: the round trip of both executables' resources (run by .ci/run)."""
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    from govcat_desktop import __version__

    if sys.platform != "win32":
        _windows_layout_on_this_os()
    for name in ("govcat", "govcat-desktop"):
        strings = check_round_trip(name, __version__)
        print(f"version resource of {name}.exe: {strings['FileVersion']} {strings['FileDescription']} (round trip ok)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
