"""Contract tests of what the suite reads from Juju units through the stand-in `juju`: LXD's API with `lxc query`
(JujuLxdApi), nova-compute.log and the nova-compute units' status (evidence of a failed compute test)."""

import json

import pytest

from lxdstack.juju.lxd_api import JujuLxdApi
from lxdstack.juju.unit_logs import nova_compute_log_tails, nova_compute_status
from lxdstack.platform.lxd_api import LxdNotFound, LxdUnreachable


def test_lxd_api_returns_the_metadata_lxc_query_prints(fake_juju):
    juju = fake_juju("2.9")
    api = JujuLxdApi("nova-compute/0", "openstack")
    assert api.where == "LXD on Juju unit nova-compute/0 (model openstack, through lxc query)"
    assert api.query("/1.0")["environment"]["storage"] == "dir"
    pools = api.query("/1.0/storage-pools?recursion=1")
    assert [(pool["name"], pool["driver"]) for pool in pools] == [("default", "dir")]
    assert api.query("/1.0/profiles/default")["devices"]["root"] == {"path": "/", "pool": "default", "type": "disk"}
    assert juju.calls()[-1] == ["exec", "--model", "openstack", "--format", "json", "--unit", "nova-compute/0",
                                "--timeout", "60s", "--", "lxc query --wait /1.0/profiles/default"]
    assert ["exec", "--model", "openstack", "--format", "json", "--unit", "nova-compute/0", "--timeout", "60s", "--",
            "lxc query --wait '/1.0/storage-pools?recursion=1'"] in juju.calls()


def test_lxd_api_on_juju_3_goes_through_juju_exec(fake_juju):
    juju = fake_juju("3.6").answer("nova-compute/0", "lxc query --wait /1.0", stdout='{"api_version": "1.0"}\n')
    assert JujuLxdApi("nova-compute/0", "openstack", timeout=20).query("/1.0") == {"api_version": "1.0"}
    assert juju.calls()[-1] == ["exec", "--model", "openstack", "--format", "json", "--unit", "nova-compute/0",
                                "--wait", "20s", "--", "lxc query --wait /1.0"]


def test_lxd_api_failure_is_lxd_unreachable_naming_unit_and_lxds_words(fake_juju):
    fake_juju("3.6").answer("nova-compute/0", "lxc query --wait /1.0", code=1,
                       stderr="Error: Get http://unix.socket/1.0: dial unix /var/snap/lxd/common/lxd/unix.socket: "
                              "connect: no such file or directory\n")
    with pytest.raises(LxdUnreachable) as caught:
        JujuLxdApi("nova-compute/0", "openstack").query("/1.0")
    assert str(caught.value) == (
        "LXD on Juju unit nova-compute/0 (model openstack, through lxc query): `lxc query --wait /1.0` on "
        "nova-compute/0 exited with status 1: Error: Get http://unix.socket/1.0: dial unix "
        "/var/snap/lxd/common/lxd/unix.socket: connect: no such file or directory")


def test_lxd_404_is_lxd_not_found(fake_juju):
    fake_juju("2.9").answer("nova-compute/0", "lxc query --wait /1.0/profiles/juju-default", code=1,
                       stderr="Error: not found\n")
    with pytest.raises(LxdNotFound) as caught:
        JujuLxdApi("nova-compute/0", "openstack").query("/1.0/profiles/juju-default")
    assert str(caught.value).endswith("`lxc query --wait /1.0/profiles/juju-default` on nova-compute/0 exited with "
                                      "status 1: Error: not found")


def test_unit_juju_cannot_find_is_unreachable_not_a_404(fake_juju):
    fake_juju("3.6")
    with pytest.raises(LxdUnreachable) as caught:
        JujuLxdApi("nova-compute/7", "openstack").query("/1.0")
    assert not isinstance(caught.value, LxdNotFound)
    assert str(caught.value) == ('LXD on Juju unit nova-compute/7 (model openstack, through lxc query): '
                                 '`lxc query --wait /1.0` on nova-compute/7 failed: ERROR unit "nova-compute/7" '
                                 'not found')


def test_lxd_api_answer_that_is_not_json_is_lxd_unreachable(fake_juju):
    fake_juju("2.9").answer("nova-compute/0", "lxc query --wait /1.0", stdout='error: unknown command "query"\n')
    with pytest.raises(LxdUnreachable, match=r"`lxc query --wait /1.0` did not answer JSON: 'error: unknown "):
        JujuLxdApi("nova-compute/0", "openstack").query("/1.0")


def test_lxd_api_only_reads_lxd_api_paths():
    with pytest.raises(ValueError, match="starts with /1.0"):
        JujuLxdApi("nova-compute/0").query("/etc/passwd")


@pytest.mark.parametrize("family", ["2.9", "3.6"])
def test_nova_compute_log_tail_of_every_nova_compute_unit(family, fake_juju):
    juju = fake_juju(family)
    text = nova_compute_log_tails("openstack")
    recorded = json.loads((juju.folder / "exec.json").read_text())["nova-compute/0"]
    assert text == ("==> nova-compute/0:/var/log/nova/nova-compute.log (last 200 lines) <==\n"
                    + recorded["tail -n 200 /var/log/nova/nova-compute.log"]["stdout"])


def test_unreadable_log_is_said_in_place_of_it(fake_juju):
    fake_juju("3.6").answer("nova-compute/0", "tail -n 200 /var/log/nova/nova-compute.log", code=1,
                       stderr="tail: cannot open '/var/log/nova/nova-compute.log' for reading: No such file\n")
    assert nova_compute_log_tails("openstack").endswith(
        "(could not read it: `tail -n 200 /var/log/nova/nova-compute.log` on nova-compute/0 exited with status 1: "
        "tail: cannot open '/var/log/nova/nova-compute.log' for reading: No such file)\n")


def test_nova_compute_status_shows_unit_machine_and_subordinates(fake_juju):
    fake_juju("2.9").statuses("error-unit")
    assert nova_compute_status("openstack") == {"model": "openstack", "units": {"nova-compute/0": {
        "workload": 'error: hook failed: "config-changed"', "agent": "idle", "address": "10.0.8.11", "leader": True,
        "machine": {"id": "0", "agent": "started", "instance": "running: Running", "hostname": "juju-7f3a21-0"},
        "subordinates": {
            "lxd/0": {"workload": "active: Unit is ready", "agent": "idle", "address": "10.0.8.11", "leader": True},
            "neutron-openvswitch/0": {"workload": "active: Unit is ready", "agent": "idle", "address": "10.0.8.11",
                                      "leader": True}}}}}
