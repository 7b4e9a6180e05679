"""The bring-up's LXD steps, their logic only: settings, the wanted LXD config, the seed's profile and its LXD 5
adaptation, the dry-run plan, Juju machine names and the lab's kernel-module override. The steps against a real
LXD: selftests/lanes/test_lxd_lab.py."""

from types import SimpleNamespace

import pytest
from pylxd import exceptions as lxd_exceptions

from lxdstack.bringup.lxd_machines import lab_kernel_modules, machine_name
from lxdstack.bringup.lxd_steps import (
    LxdSettings,
    bridge_config,
    config_differences,
    default_devices,
    juju_profile,
    lxd_steps,
    nic_mtu,
)
from lxdstack.bringup.profile import (
    ADAPTATIONS,
    SEED_JUJU_DEFAULT,
    lxd5_juju_default,
    modernise_raw_lxc,
)
from lxdstack.bringup.steps import StepFailed, plan
from lxdstack.errors import InputError


def test_default_settings_are_the_seeds():
    assert bridge_config(LxdSettings()) == {"ipv4.address": "10.0.8.1/24", "ipv4.dhcp.ranges": "10.0.8.2-10.0.8.200",
                                            "ipv4.nat": "true", "ipv6.address": "none"}
    assert default_devices(LxdSettings()) == {"eth0": {"name": "eth0", "network": "lxdbr0", "type": "nic"},
                                              "root": {"path": "/", "pool": "default", "type": "disk"}}


@pytest.mark.parametrize("change, message", [
    ({"address": "10.0.8.0/24"}, "LXD bridge address '10.0.8.0/24': not a host address of 10.0.8.0/24"),
    ({"address": "10.0.8.1"}, "LXD bridge address '10.0.8.1': give its prefix too, e.g. 10.0.8.1/24"),
    ({"address": "fd00::1/64"}, "LXD bridge address 'fd00::1/64': not an IPv4 address/prefix"),
    ({"dhcp_range": "10.0.9.2-10.0.9.200"}, "LXD DHCP range '10.0.9.2-10.0.9.200': must be ascending and inside "
                                            "10.0.8.0/24"),
    ({"dhcp_range": "10.0.8.1-10.0.8.200"}, "LXD DHCP range '10.0.8.1-10.0.8.200': holds the bridge's own address "
                                            "10.0.8.1"),
    ({"dhcp_range": "10.0.8.2"}, "LXD DHCP range '10.0.8.2': not FIRST-LAST IPv4 addresses"),
    ({"mtu": 65000}, "LXD MTU 65000: must be between 1280 and 9216"),
    ({"ext_bridge": "lxdbr0"}, "LXD bridge and ext_bridge are both 'lxdbr0': LXD 5 allows an instance one NIC per "
                               "managed network"),
    ({"bridge": "a-bridge-name-too-long"}, "LXD bridge 'a-bridge-name-too-long': not a valid interface name"),
    ({"project": " "}, "LXD project: must not be empty"),
], ids=["network-address", "no-prefix", "ipv6", "range-outside", "range-holds-gateway", "range-shape", "mtu",
        "same-bridges", "long-name", "empty-project"])
def test_bad_settings_are_refused_in_one_line(change, message):
    with pytest.raises(InputError) as refused:
        LxdSettings(**change)
    assert str(refused.value).startswith(message)


def test_profile_is_the_seeds_but_raw_lxc():
    profile = juju_profile(LxdSettings())
    assert profile["devices"] == SEED_JUJU_DEFAULT["devices"]
    assert {k: v for k, v in profile["config"].items() if k != "raw.lxc"} == {
        k: v for k, v in SEED_JUJU_DEFAULT["config"].items() if k != "raw.lxc"}
    assert profile["config"]["raw.lxc"] == "lxc.apparmor.profile=unconfined\nlxc.mount.auto=sys:rw\n"
    assert SEED_JUJU_DEFAULT["config"]["raw.lxc"] == "lxc.aa_profile=unconfined\nlxc.mount.auto=sys:rw\n"


def test_profile_follows_settings():
    profile = lxd5_juju_default(bridge="br0", ext_bridge="ext0", mtu=1500, pool="btrfs")
    assert profile["devices"]["eth0"] == {"mtu": "1500", "name": "eth0", "nictype": "bridged", "parent": "br0",
                                          "type": "nic"}
    assert profile["devices"]["eth1"]["parent"] == "ext0"
    assert profile["devices"]["root"]["pool"] == "btrfs"


def test_every_adaptation_says_why():
    assert [a.where for a in ADAPTATIONS] == ["juju-default config raw.lxc",
                                              "LXD network conjureup0 (parent of juju-default's eth1)",
                                              "default profile eth0 (MTU 9000)"]
    assert all("'" in a.why for a in ADAPTATIONS)   # each quotes LXD's own message


def test_modernise_raw_lxc_renames_only_renamed_keys():
    assert modernise_raw_lxc("lxc.aa_profile = unconfined\nlxc.kmsg=0\nlxc.mount.auto=sys:rw\n# lxc.tty=4\n") == \
        "lxc.apparmor.profile=unconfined\nlxc.kmsg=0\nlxc.mount.auto=sys:rw\n# lxc.tty=4\n"


def test_config_differences_name_key_live_and_wanted():
    assert config_differences("lxdbr0", {"ipv6.address": "fd42::1/64", "ipv4.nat": "true"},
                              {"ipv6.address": "none", "ipv4.nat": "true", "bridge.mtu": "9000"}) == [
        "lxdbr0: ipv6.address is 'fd42::1/64', wants 'none'", "lxdbr0: bridge.mtu is 'unset', wants '9000'"]


@pytest.mark.parametrize("nic, mtu", [
    ({"type": "nic", "network": "lxdbr0"}, "9000"),
    ({"type": "nic", "network": "other"}, None),
    ({"type": "nic", "nictype": "bridged", "parent": "lxdbr0", "mtu": "1500"}, "1500"),
    ({"type": "nic", "nictype": "bridged", "parent": "lxdbr0"}, None),
], ids=["network", "network-without-mtu", "bridged", "bridged-without-mtu"])
def test_nic_mtu_is_read_where_lxd_keeps_it(nic, mtu):
    assert nic_mtu(nic, {"lxdbr0": {"bridge.mtu": "9000"}, "other": {}}) == mtu


def test_dry_run_plan_touches_nothing():
    def no_lxd(project):
        raise AssertionError("a dry run must not reach LXD")
    assert plan(lxd_steps(no_lxd, LxdSettings(project="broken"))) == [
        " 1. LXD bridge lxdbr0: 10.0.8.1/24, DHCP 10.0.8.2-10.0.8.200, NAT on, IPv6 off",
        "      $ lxc network create lxdbr0 ipv4.address=10.0.8.1/24 ipv4.dhcp.ranges=10.0.8.2-10.0.8.200 "
        "ipv4.nat=true ipv6.address=none",
        " 2. MTU 9000: bridge.mtu on lxdbr0 (the default profile's eth0 takes it from there)",
        "      $ lxc network set lxdbr0 bridge.mtu=9000",
        " 3. LXD bridge conjureup0 for juju-default's eth1: no addresses, MTU 9000",
        "      $ lxc network create conjureup0 ipv4.address=none ipv6.address=none bridge.mtu=9000",
        " 4. profile juju-default (the seed's, raw.lxc adapted for LXD 5): nesting, privileged, kernel modules "
        "openvswitch,nbd,ip_tables,ip6_tables,netlink_diag, eth0/eth1 on lxdbr0/conjureup0 at MTU 9000, root on "
        "default",
        "      $ lxc profile create juju-default --project broken",
        "      $ lxc profile edit juju-default --project broken < lxd-profile.yaml",
        " 5. default profile: eth0 on lxdbr0, root on pool default",
        "      $ lxc profile device add default eth0 nic network=lxdbr0 name=eth0 --project broken",
        "      $ lxc profile device add default root disk path=/ pool=default --project broken",
    ]


def test_lxd_errors_become_step_failed_with_lxds_message():
    response = SimpleNamespace(status_code=403, json=lambda: {"error": "not authorized"}, content=b"")

    def refusing(project):
        def exists(name):
            raise lxd_exceptions.LXDAPIException(response)
        return SimpleNamespace(networks=SimpleNamespace(exists=exists))

    step = lxd_steps(refusing)[0]
    with pytest.raises(StepFailed) as failed:
        step.is_done()
    assert failed.value.step is step
    assert str(failed.value) == f"lxd-bridge-lxdbr0: {step.title}: failed:\nLXD: not authorized"


def test_steps_use_one_client_of_the_settings_project():
    asked = []

    def factory(project):
        asked.append(project)
        return SimpleNamespace(networks=SimpleNamespace(exists=lambda name: False))

    steps = lxd_steps(factory, LxdSettings(project="broken"))
    assert [steps[0].is_done(), steps[2].is_done()] == [False, False]
    assert asked == ["broken"]


@pytest.mark.parametrize("model, number, name", [
    ("6a2b1c3d-0f4e-4c5b-9d8e-0123457f3a21", 0, "juju-7f3a21-0"), ("7F3A21", 12, "juju-7f3a21-12")])
def test_machine_names_are_jujus(model, number, name):
    assert machine_name(model, number) == name


@pytest.mark.parametrize("model, number", [("model", 0), ("7f3a21", -1)])
def test_bad_machine_names_are_refused(model, number):
    with pytest.raises(InputError, match="Juju machine name"):
        machine_name(model, number)


@pytest.mark.parametrize("present, override", [
    (["nbd", "ip_tables", "bridge"], "nbd,ip_tables"),
    (["bridge", "vxlan"], "bridge"),
], ids=["some-of-the-seeds", "none-of-the-seeds"])
def test_lab_kernel_modules_lists_only_what_the_kernel_has(tmp_path, present, override):
    for module in present:
        (tmp_path / module).mkdir()
    assert lab_kernel_modules(sys_module=tmp_path) == override


def test_lab_kernel_modules_without_any_module_is_refused(tmp_path):
    with pytest.raises(InputError) as refused:
        lab_kernel_modules("openvswitch,nbd", sys_module=tmp_path)
    assert str(refused.value) == f"this kernel has none of the modules openvswitch,nbd nor bridge (in {tmp_path})"
