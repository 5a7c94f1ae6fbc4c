"""Write the hash-pinned wheel locks that the Windows (Wine) and 信创 (bullseye) builds install with --require-hashes.

    python packaging/lock.py            # rewrites packaging/wine/lock-win_amd64.txt and packaging/xinchuang/lock.txt

Each lock is what pip resolves for that target from PyPI alone (no local find-links or extra indexes: the machine's
pip configuration is ignored), one `name==version --hash=sha256:…` per wheel. Run it when pyproject's dependencies
change, review the diff, commit it; the builds never resolve anything themselves. pip evaluates environment markers
for the machine it runs on, so the Windows-only dependencies (PyInstaller's pefile and pywin32-ctypes, pytest's
colorama) are named explicitly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_TOOLS = ["pytest>=8", "pytest-qt>=4.4", "hypothesis>=6"]
WINDOWS_ONLY = ["pefile>=2022.5.30,!=2024.8.26", "pywin32-ctypes>=0.2.1", "colorama"]
# The 信创 target: glibc 2.31 (Debian 11, UOS 20, Kylin V10) and the oldest supported PySide6 (pyproject's
# [tool.govcat.oldest-stack]; 6.9.x is also the newest with an x86_64 wheel for glibc < 2.34).
OLDEST = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["govcat"]["oldest-stack"]
XINCHUANG_PYSIDE = f"PySide6-Essentials=={OLDEST['pyside6']}"
MANYLINUX = [f"manylinux_2_{minor}_x86_64" for minor in range(31, 4, -1)] + [
    "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
TARGETS = {
    "packaging/wine/lock-win_amd64.txt": (["win_amd64"], WINDOWS_ONLY, None),
    "packaging/xinchuang/lock.txt": (MANYLINUX, [], XINCHUANG_PYSIDE),
}


def requirements(extra: list[str], pyside: str | None) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = list(project["dependencies"]) + list(project["optional-dependencies"]["bundle"]) + TEST_TOOLS + extra
    if pyside:
        deps = [d for d in deps if not d.startswith("PySide6-Essentials")] + [pyside]
    return deps


def resolve(platforms: list[str], deps: list[str]) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    if os.environ.get("PIP_CERT"):
        env["PIP_CERT"] = os.environ["PIP_CERT"]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
               "--report", str(report), "--only-binary=:all:", "--python-version", "3.11",
               "--implementation", "cp", "--abi", "cp311", "--target", str(Path(tmp) / "t")]
        for platform in platforms:
            cmd += ["--platform", platform]
        subprocess.run(cmd + deps, check=True, env=env)
        items = json.loads(report.read_text(encoding="utf-8"))["install"]
    lines = []
    for item in items:
        info = item["download_info"]
        hashes = info.get("archive_info", {}).get("hashes", {})
        if "sha256" not in hashes:
            raise SystemExit(f"no sha256 for {info['url']}")
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        lines.append(f"{name}=={version} --hash=sha256:{hashes['sha256']}")
    return sorted(lines, key=str.lower)


def main() -> int:
    for target, (platforms, extra, pyside) in TARGETS.items():
        lines = resolve(platforms, requirements(extra, pyside))
        head = [f"# Written by packaging/lock.py for {', '.join(platforms[:1])} (CPython 3.11); do not edit by hand.",
                "# Installed with: pip install --no-deps --require-hashes --only-binary=:all: -r <this file>"]
        (ROOT / target).write_text("\n".join(head + lines) + "\n", encoding="utf-8")
        print(f"{target}: {len(lines)} wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
