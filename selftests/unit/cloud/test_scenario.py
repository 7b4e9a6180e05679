"""Scenarios: the built-in set, inheritance from a base, and one-line errors naming the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from lxdstack.cloud.scenario import BUILTIN_DIR, Pki, Scenario, ScenarioError, list_scenarios, load_scenario

FAULTS = ["fault-api-500", "fault-api-503-burst", "fault-api-hang", "fault-catalog-missing-volumev3",
          "fault-cinder-volume-down", "fault-discovery-crossed", "fault-discovery-none", "fault-host-boot-errors",
          "fault-l3-agent-dead", "fault-port-stays-down", "fault-slow-boot", "fault-tokens-not-revoked",
          "fault-volume-stuck-creating", "fault-platform-lxc2-profile", "fault-platform-machine-stopped",
          "fault-platform-network"]
PKI_FAULTS = ["fault-pki-expired", "fault-pki-foreign-ca", "fault-pki-purpose-keyencipherment",
              "fault-pki-purpose-serverauth"]


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_list_scenarios_names_every_builtin_file() -> None:
    assert list_scenarios() == sorted(["newton-lxd", "newton-lxd-btrfs", "newton-lxd-fernet", "newton-lxd-pki",
                                       "newton-lxd-pkiz", "newton-lxd-two-drivers", "newton-lxd-two-hosts",
                                       *FAULTS, *PKI_FAULTS])


@pytest.mark.parametrize("name", list_scenarios())
def test_builtin_scenario_loads_under_its_file_name(name: str) -> None:
    scenario = load_scenario(name)
    assert isinstance(scenario, Scenario)
    assert scenario.name == name
    assert scenario.expects
    assert scenario.description


def test_newton_lxd_is_the_seeds_cloud() -> None:
    scenario = load_scenario("newton-lxd")
    assert scenario.base is None
    assert scenario.expects == "newton-lxd"
    assert scenario.region == "RegionOne"
    assert scenario.identity.token_provider == "uuid"
    assert (scenario.identity.roles.admin, scenario.identity.roles.member) == ("Admin", "Member")
    assert [(h.name, h.zone, h.storage) for h in scenario.compute.hosts] == [("juju-7f3a21-0", "nova", "dir")]
    assert scenario.faults.catalog_omits == [] and scenario.faults.discovery == {}
    assert scenario.faults.revoke_tokens is True


def test_btrfs_and_fernet_variants_change_only_their_setting() -> None:
    base = load_scenario("newton-lxd")
    btrfs, fernet = load_scenario("newton-lxd-btrfs"), load_scenario("newton-lxd-fernet")
    assert [h.storage for h in btrfs.compute.hosts] == ["btrfs"]
    assert btrfs.identity == base.identity
    assert fernet.identity.token_provider == "fernet"
    assert fernet.compute == base.compute
    assert fernet.identity.roles == base.identity.roles


@pytest.mark.parametrize(
    ("name", "faults"),
    [
        ("fault-catalog-missing-volumev3", {"catalog_omits": ["volumev3"]}),
        ("fault-discovery-crossed", {"discovery": {"network": "compute"}}),
        ("fault-discovery-none", {"discovery": {"image": "none"}}),
        ("fault-tokens-not-revoked", {"revoke_tokens": False}),
        ("fault-api-500", {"http": [{"method": "GET", "path": r"^/compute/v2\.1/os-hypervisors/detail",
                                     "status": 500, "count": None, "hang": False}]}),
    ],
)
def test_fault_scenario_breaks_newton_lxd_in_one_way(name: str, faults: dict) -> None:
    scenario = load_scenario(name)
    assert scenario.base == "newton-lxd"
    assert scenario.expects == "newton-lxd"  # inherited from the healthy scenario it breaks
    healthy = load_scenario("newton-lxd").faults.model_dump()
    assert scenario.faults.model_dump() == {**healthy, **faults}


@pytest.mark.parametrize("provider", ["pki", "pkiz"])
def test_pki_variants_change_only_the_token_provider(provider: str) -> None:
    base, scenario = load_scenario("newton-lxd"), load_scenario(f"newton-lxd-{provider}")
    assert scenario.expects == f"newton-lxd-{provider}"
    assert scenario.identity == base.identity.model_copy(update={"token_provider": provider})
    assert scenario.identity.pki == Pki()
    assert scenario.compute == base.compute and scenario.faults == base.faults


@pytest.mark.parametrize(
    ("name", "pki"),
    [
        ("fault-pki-purpose-serverauth", Pki(extended_key_usage=["serverAuth"])),
        ("fault-pki-purpose-keyencipherment", Pki(key_usage=["keyEncipherment"])),
        ("fault-pki-expired", Pki(expired=True)),
        ("fault-pki-foreign-ca", Pki(foreign_ca=True)),
    ],
)
def test_pki_fault_scenario_breaks_the_signing_certificate_in_one_way(name: str, pki: Pki) -> None:
    scenario = load_scenario(name)
    assert (scenario.base, scenario.expects) == ("newton-lxd-pki", "newton-lxd-pki")
    assert scenario.identity == load_scenario("newton-lxd-pki").identity.model_copy(update={"pki": pki})
    assert "exit status 4" in scenario.description


def test_unknown_key_usage_is_named(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: x\ndescription: y\nbase: newton-lxd-pki\n"
                          "identity: {pki: {extended_key_usage: [webAuth]}}\n")
    with pytest.raises(ScenarioError, match=r"`identity.pki.extended_key_usage.0`: .*\(got 'webAuth'\)$"):
        load_scenario(ref)


def test_file_scenario_is_deep_merged_over_its_base(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: short\ndescription: short tokens\nbase: newton-lxd-fernet\n"
                          "identity: {token_ttl_seconds: 5}\n")
    scenario = load_scenario(ref)
    assert scenario.identity.token_ttl_seconds == 5
    assert scenario.identity.token_provider == "fernet"  # kept from the base's identity mapping
    assert scenario.expects == load_scenario("newton-lxd-fernet").expects
    assert (scenario.name, scenario.base) == ("short", "newton-lxd-fernet")


def test_scenario_is_frozen() -> None:
    with pytest.raises(ValueError):
        load_scenario("newton-lxd").region = "elsewhere"  # type: ignore[misc]


def test_unknown_key_is_named_with_its_path(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: x\ndescription: y\nbase: newton-lxd\nidentity: {foo: 1}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(ref)
    assert str(caught.value) == f"{ref}: unknown key `foo` at `identity.foo`"


def test_not_yaml_is_one_line_naming_the_file(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: [unclosed\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(ref)
    message = str(caught.value)
    assert message.startswith(f"{ref}: not valid YAML: ")
    assert "\n" not in message and "Traceback" not in message


def test_unknown_name_lists_the_builtin_scenarios() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("newton-kvm")
    message = str(caught.value)
    assert message.startswith("unknown scenario 'newton-kvm'")
    assert all(name in message for name in list_scenarios())
    assert "\n" not in message


def test_wrong_type_is_named(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: x\ndescription: y\nbase: newton-lxd\nidentity: {token_provider: jwt}\n")
    with pytest.raises(ScenarioError,
                       match=r"`identity.token_provider`: .*'uuid', 'fernet', 'pki' or 'pkiz'.*\(got 'jwt'\)$"):
        load_scenario(ref)


def test_missing_key_is_named(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: x\ndescription: y\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(ref)
    assert str(caught.value) == f"{ref}: missing key `expects`"


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario(str(tmp_path / "absent.yaml"))


def test_unknown_base_names_the_child_file(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: x\ndescription: y\nbase: newton-kvm\n")
    with pytest.raises(ScenarioError, match=rf"^{ref}: base: unknown scenario 'newton-kvm'"):
        load_scenario(ref)


def test_base_loop_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "name: a\ndescription: a\nbase: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\ndescription: b\nbase: a.yaml\n", "b.yaml")
    with pytest.raises(ScenarioError, match="loops back"):
        load_scenario(str(tmp_path / "a.yaml"))


def test_discovery_fault_must_name_another_service(tmp_path: Path) -> None:
    ref = write(tmp_path, "name: x\ndescription: y\nbase: newton-lxd\nfaults: {discovery: {image: image}}\n")
    with pytest.raises(ScenarioError, match="maps `image` to itself"):
        load_scenario(ref)


def test_builtin_files_live_in_the_package() -> None:
    assert (BUILTIN_DIR / "newton-lxd.yaml").is_file()
