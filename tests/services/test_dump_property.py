"""Property: projects holding the same records dump byte-identically, whatever the insertion order."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcat_desktop.domain.models import CatalogEntry, Demand, InfoItem, Matter, Project
from govcat_desktop.services.dump import dump_json
from govcat_desktop.storage import ProjectFile
from tests import factories as f

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
items = st.lists(st.builds(InfoItem, name=text, data_type=st.sampled_from(["C", "D", "字符串", ""]), length=text, note=text), max_size=4)
entries = st.lists(st.builds(CatalogEntry, name=text, summary=text, share_methods=st.lists(text, max_size=2), items=items), max_size=3)
matters = st.lists(st.builds(Matter, code=text, name=text, kind=text, dept=text, entries=entries), max_size=4)
demands = st.lists(st.builds(Demand, provider=text, data_name=text, items=st.lists(text, max_size=3)), max_size=3)


def _store(path, project: Project) -> str:
    f.write_project(path, project)
    with ProjectFile.open(path, readonly=True) as store:
        return dump_json(store.load())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(matters=matters, demands=demands, seed=st.integers(0, 1000))
def test_same_records_dump_identically(tmp_path_factory, matters, demands, seed):
    folder = tmp_path_factory.mktemp("dump")
    first = Project(info=f.info(), matters=matters, demands=demands)
    shuffled = first.model_copy(deep=True)
    rng = random.Random(seed)
    rng.shuffle(shuffled.matters)
    for m in shuffled.matters:
        rng.shuffle(m.entries)
    rng.shuffle(shuffled.demands)
    a = _store(folder / "a.govcat", first)
    b = _store(folder / "b.govcat", shuffled)
    assert a == b
    assert a == dump_json(first)  # stored and re-opened exactly as typed


def test_different_records_dump_differently(tmp_path):
    p = f.valid_project()
    q = f.valid_project()
    q.matters[0].entries[0].items[0].note = "改"
    assert _store(tmp_path / "p.govcat", p) != _store(tmp_path / "q.govcat", q)
