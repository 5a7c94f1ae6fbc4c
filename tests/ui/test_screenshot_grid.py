"""--page grid shows 目录总表 (the e2e script screenshots it from each bundle, the Windows one under Wine included)."""

from __future__ import annotations

from pathlib import Path

from govcat_desktop.ui import screenshot


def test_grid_page_is_shown_not_the_overview(tmp_path: Path, qapp, monkeypatch) -> None:
    from govcat_desktop import app
    from govcat_desktop.services import example

    shown = []
    real = screenshot.MainWindow.show_page
    monkeypatch.setattr(screenshot.MainWindow, "show_page", lambda self, key: shown.append(key) or real(self, key))
    project = example.materialise_example(tmp_path)
    assert app.main(["--screenshot", str(tmp_path / "grid.png"), str(project), "--page", "grid"]) == 0
    assert shown[-1] == "grid" and (tmp_path / "grid.png").stat().st_size > 20_000
