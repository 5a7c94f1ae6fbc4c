"""The certificate library: at least 100 results of government service, each honest about where it came from."""

from __future__ import annotations

from govcat_desktop.formspec import default_forms
from govcat_desktop.services.library import certificates, find_certificate


def test_at_least_100_with_items_and_known_types():
    certs = certificates()
    assert len(certs) >= 100
    assert len({c.name for c in certs}) == len(certs)
    types = default_forms().vocab("data_type")
    for cert in certs:
        assert cert.issuer and len(cert.items) >= 4, cert.name
        assert all(i.data_type in types for i in cert.items), cert.name
        assert len({i.name for i in cert.items}) == len(cert.items), cert.name


def test_every_entry_says_how_it_was_made():
    certs = certificates()
    assert {c.basis for c in certs} <= {"sourced", "compiled", "inferred"}
    for cert in certs:
        if cert.basis == "inferred":
            assert cert.source == "", f"{cert.name}: an inferred entry must not name a source"
        else:
            assert cert.source, cert.name
    assert sum(c.basis == "inferred" for c in certs) >= 100 - 16  # the new ones are inferred, and say so
    assert find_certificate("居民身份证").basis == "sourced"


def test_licences_of_the_human_resources_bureau_are_there():
    for name in ("劳务派遣经营许可证", "人力资源服务许可证", "就业创业证", "社会保障卡", "职业技能等级证书"):
        assert find_certificate(name) is not None and find_certificate(name).name == name


def test_each_issuing_department_is_one_group_in_the_library_menu():
    """The 证照库 menu listed 自然资源和规划部门 and 自然资源部门 (and 公安(机关)交通管理部门, 林业(和草原)主管部门)."""
    import re

    groups = {re.sub(r"[（(].*?[）)]", "", c.issuer) for c in certificates()}
    assert not {"自然资源部门", "公安交通管理部门", "林业主管部门"} & groups
    assert {"自然资源和规划部门", "公安机关交通管理部门", "林业和草原主管部门"} <= groups
    assert not any("(" in c.issuer or ")" in c.issuer for c in certificates())  # one bracket style
