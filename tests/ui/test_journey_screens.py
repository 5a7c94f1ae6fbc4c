"""The clerk's journey (tests/ui/journey_screens.py) on a 1366×768 screen and on 1920×1080 at 125 % and 150 %.

Each screen needs a QApplication of its own (the offscreen platform's screen is set when Qt starts), so each run
is a pytest process of its own with QT_QPA_PLATFORM=offscreen:configfile=… describing that screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("width,height,scale", [(1366, 768, "1"), (1920, 1080, "1.25"), (1920, 1080, "1.5")],
                         ids=["1366x768", "1920x1080@125%", "1920x1080@150%"])
def test_journey_on_a_real_screen_size(tmp_path, width, height, scale):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale,
               HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CACHE_HOME=str(home / ".cache"), APPDATA=str(home / "AppData/Roaming"),
               LOCALAPPDATA=str(home / "AppData/Local"))
    env.pop("PYTEST_ADDOPTS", None)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                          str(ROOT / "tests/ui/journey_screens.py"), "--basetemp", str(tmp_path / "run")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout
