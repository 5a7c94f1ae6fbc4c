"""Cross-unit rules over plain records: normalising names, near-duplicates, shared matters, supply–demand ranking."""

from __future__ import annotations

from govcat_desktop.validation.cross_unit import (
    UnitDemand,
    UnitEntry,
    near_duplicates,
    normalise,
    same_matter_two_units,
    same_name_different_items,
    supply_demand,
)
from tests import factories as F


def _e(id_: int, unit: str, name: str, items=("姓名",), share: str = "有条件共享", code: str = "") -> UnitEntry:
    return UnitEntry(id_, unit, code, "", name, tuple(items), share)


def test_normalise_folds_width_spaces_and_brackets() -> None:
    assert normalise("营业执照（副本） 信息") == "营业执照副本信息"
    assert normalise("ＡＢＣ营业执照(副本)") == "abc营业执照副本"
    assert normalise(" 结婚证 ") == "结婚证"


def test_same_name_needs_two_units_and_other_items() -> None:
    same = [_e(1, "甲局", "结婚证", ("男方姓名", "女方姓名")), _e(2, "乙局", "结婚证", ("女方姓名", "男方姓名"))]
    assert same_name_different_items(same) == []  # same items in another order
    other = [_e(1, "甲局", "结婚证", ("男方姓名",)), _e(2, "甲局", "结婚证", ("女方姓名",))]
    assert same_name_different_items(other) == []  # one unit: the foundation's own rule covers it
    [f] = same_name_different_items([_e(1, "甲局", "结婚证", ("男方姓名",)), _e(2, "乙局", "结婚 证", ("女方姓名",))])
    assert f.ref == ("unit_entry", 2) and "多了女方姓名" in f.message and "少了男方姓名" in f.message


def test_near_duplicates_fuzzy_and_exact_after_normalising() -> None:
    entries = [_e(1, "甲局", "居民身份证信息"), _e(2, "乙局", "居民身分证信息"), _e(3, "丙局", "营业执照"),
               _e(4, "丁局", "（营业执照）"), _e(5, "戊局", "出生医学证明")]
    found = {f.ref[1] for f in near_duplicates(entries)}
    assert found == {2, 4}
    assert near_duplicates([_e(1, "甲局", "结婚证"), _e(2, "甲局", "结婚证（）")]) == []  # same unit


def test_same_matter_claimed_twice() -> None:
    [f] = same_matter_two_units([], [("甲局", "M1", "事项一"), ("乙局", "M1", "事项一"), ("乙局", "M2", "事项二"),
                                     ("甲局", "", "无编码")])
    assert "M1" in f.message and "甲局" in f.message and "乙局" in f.message


def test_supply_demand_ranks_by_name_items_and_provider() -> None:
    entries = [
        _e(1, "阳泉市规划和自然资源局", "不动产权证书信息", ("不动产权证号", "权利人", "坐落")),
        _e(2, "阳泉市住房和城乡建设局", "不动产权证书", ("权利人",)),
        _e(3, "阳泉市公安局", "居民户口簿", ("姓名",)),
        _e(4, "阳泉市档案馆", "不动产权证书档案", ("档号",), share="不予共享"),
        _e(5, "阳泉市民政局", "不动产权证书", ("不动产权证号", "权利人")),  # the requester's own entry
    ]
    demand = F.demand(provider="阳泉市规划和自然资源局", catalog_name="不动产权证书", items=["不动产权证号", "权利人"])
    found = supply_demand(entries, [UnitDemand(9, "阳泉市民政局", demand)])
    ids = [c.entry.id for c in found[9]]
    assert ids[0] == 1 and 2 in ids
    assert 3 not in ids and 4 not in ids and 5 not in ids
    assert found[9][0].shared_items == ("不动产权证号", "权利人")


def test_near_duplicates_run_without_numpy() -> None:
    """The bundle ships no numpy: the fuzzy pass must not need it (rapidfuzz's cdist does)."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['numpy'] = None\n"  # any `import numpy` now raises ImportError
        "from govcat_desktop.validation.cross_unit import UnitEntry, near_duplicates\n"
        "e = lambda i, u, n: UnitEntry(i, u, '', '', n, ('姓名',), '有条件共享')\n"
        "found = near_duplicates([e(1, '甲局', '结婚证'), e(2, '乙局', '结婚证信息'), e(3, '丙局', '结婚登记证'),"
        " e(4, '丁局', '居民身份证信息'), e(5, '戊局', '居民身分证信息')])\n"
        "print(sorted(f.ref[1] for f in found))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[5]"


def test_near_duplicates_each_close_pair_once_in_input_order() -> None:
    # 9 characters, one off: ratio 88.9 (≥ 85); two off (B–C): 77.8. All in one block (same first character).
    entries = [_e(1, "甲局", "居民身份证登记信息"), _e(2, "乙局", "居民身分证登记信息"), _e(3, "丙局", "居民身份证登计信息"),
               _e(4, "丁局", "居民户口簿")]
    assert [f.ref[1] for f in near_duplicates(entries)] == [2, 3]
