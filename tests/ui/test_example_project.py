"""The shipped example department: realistic, with a few deliberate findings, opened as a fresh copy."""

from __future__ import annotations

import datetime as dt

from govcat_desktop.services.example import load_example, materialise_example
from govcat_desktop.services.session import Session


def test_example_is_a_realistic_department(tmp_path):
    path = materialise_example(tmp_path)
    session = Session.open(path)
    try:
        project = session.project
        assert project.info.org_name == "阳泉市民政局" and project.info.role == "市直部门"
        assert len(project.matters) == 8
        assert "内地居民结婚登记" in {m.name for m in project.matters}
        assert project.entry_count() == 8 and len(project.demands) == 3 and len(project.reviews) == 3
        rules = {f.rule for f in session.findings()}
        # The deliberate problems that give the issues dock something to show.
        assert {"type-name-mismatch", "level4-unconditional", "required", "matter-no-entry", "refuse-basis-cite"} <= rules
        assert not any(f.kind == "contacts" for f in session.findings())
    finally:
        session.close()


def test_each_opening_is_a_new_copy(tmp_path):
    first = materialise_example(tmp_path)
    second = materialise_example(tmp_path)
    assert first != second and first.is_file() and second.is_file()


def test_example_deadlines_lie_ahead():
    project = load_example(today=dt.date(2026, 11, 24))
    assert project.info.profile.deadline_t4 == "2027-11-05"
    project = load_example(today=dt.date(2026, 3, 1))
    assert project.info.profile.deadline_t1 == "2026-09-03"
