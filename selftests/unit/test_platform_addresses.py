"""The fixed-IP test's reading of the addresses inside a container (lxdstack/platform/addresses.py), on LXD state
documents shaped as LXD 5.0.2 returned them for a lab-driver container (a stand-in for the LXD: no daemon here)."""

import pytest

from lxdstack.expectations import ComputeExpectation, HostExpectation
from lxdstack.platform.addresses import container_ipv4, host_of, ipv4_inside
from lxdstack.platform.lxd_api import LxdNotFound

LAB_STATE = {"network": {
    "lo": {"addresses": [{"family": "inet", "address": "127.0.0.1", "netmask": "8", "scope": "local"}]},
    "eth0": {"addresses": [{"family": "inet", "address": "192.168.20.77", "netmask": "24", "scope": "global"},
                           {"family": "inet6", "address": "fe80::f816:3eff:fe8e:1f04", "netmask": "64",
                            "scope": "link"}],
             "hwaddr": "fa:16:3e:8e:1f:04"}}}


class FakeApi:
    where = "/run/lab.socket"

    def __init__(self, documents):
        self.documents = documents

    def query(self, path):
        if path not in self.documents:
            raise LxdNotFound(f"LXD at {self.where}: 404 for {path}")
        return self.documents[path]


def test_only_global_ipv4_addresses_count():
    assert ipv4_inside(LAB_STATE) == {"192.168.20.77"}


def test_a_container_without_nic_or_network_has_no_address():
    assert ipv4_inside({"network": {"lo": LAB_STATE["network"]["lo"]}}) == set()
    assert ipv4_inside({"network": None}) == set()


def test_addresses_are_read_from_the_instance_state():
    api = FakeApi({"/1.0/instances/instance-0000020d/state": LAB_STATE})
    assert container_ipv4(api, "instance-0000020d") == {"192.168.20.77"}


def test_a_missing_container_is_named():
    with pytest.raises(LxdNotFound) as missing:
        container_ipv4(FakeApi({}), "instance-00000001")
    assert str(missing.value) == "no container instance-00000001 in the LXD at /run/lab.socket"


@pytest.mark.parametrize(("host_name", "reason"), [
    ("lxd1", None),
    ("aio", "the LXD of aio is out of the suite's reach (lxd: none)"),
    ("c9", "its compute host 'c9' is not one the expectations describe"),
])
def test_host_of_says_why_a_container_cannot_be_seen(host_name, reason):
    compute = ComputeExpectation(boot_image="xenial", hosts=(HostExpectation(name="aio", lxd="none", storage="dir"),
                                                             HostExpectation(name="lxd1", lxd="/run/lab.socket")))
    host, why = host_of(compute, host_name)
    assert why == reason
    assert (host.name if host else None) == (host_name if host_name != "c9" else None)
