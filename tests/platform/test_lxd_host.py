"""The LXD platform under the cloud, read through pylxd as the expectations map it: each compute host's storage
(the fact the boot matrix predicts nova-lxd's behaviour from), and on the host Juju deployed on, the `juju-default`
profile, the containers' NIC and its bridge, Juju's machine containers, and configuration LXD 5 refuses.

Every failure names the object, the key, the value found and the value expected.
"""

import allure
import pytest

from lxdstack.platform import checks
from lxdstack.platform.storage import storage_of

pytestmark = [allure.feature("Platform"), pytest.mark.lxd]


@allure.id("platform-compute-host-storage")
@allure.story("LXD storage")
def test_compute_host_storage_is_known(compute_lxd, host):
    """The default profile's root disk is on a Created pool (of the stated driver, if the file states one)."""
    storage = storage_of(compute_lxd)
    with allure.step(f"{host.name}: pools {checks.pools_summary(compute_lxd)}; environment.storage "
                     f"{storage.environment!r}, root driver {storage.root_driver!r}"):
        problems = checks.storage_problems(compute_lxd, host.storage)
    assert not problems, "; ".join(problems)


@allure.id("platform-juju-profile")
@allure.story("Juju profile")
def test_juju_profile_setting(platform_lxd, platform, profile_key):
    problems = checks.juju_profile_problems(platform_lxd, platform.juju_profile, profile_key)
    assert not problems, "; ".join(problems)


@allure.id("platform-nic-mtu")
@allure.story("Container network")
def test_containers_nic_has_the_expected_mtu(platform_lxd, platform, nic_id):
    problems = checks.mtu_problems(platform_lxd, platform.nic)
    assert not problems, "; ".join(problems)


@allure.id("platform-bridge")
@allure.story("Container network")
def test_containers_bridge_is_as_expected(platform_lxd, platform, bridge_aspect):
    problems = checks.bridge_problems(platform_lxd, platform.nic, platform.bridge, bridge_aspect)
    assert not problems, "; ".join(problems)


@allure.id("platform-juju-machines")
@allure.story("Juju machines")
def test_juju_machine_containers_are_running(platform_lxd, machines_glob):
    problems = checks.machine_problems(platform_lxd, machines_glob)
    assert not problems, "; ".join(problems)


@allure.id("platform-lxd5-configuration")
@allure.story("LXD 5 compatibility")
def test_no_configuration_lxd5_refuses(any_lxd):
    """No profile or instance sets an LXC 2 key in `raw.lxc` (LXC 3 removed them; LXD 5's containers then fail
    to start)."""
    problems = checks.refused_configuration(any_lxd)
    assert not problems, "; ".join(problems)
