"""The boot matrix: every expected flavor on every expected compute host, booted as admin on that forced host.

Forcing the host keeps Nova from rescheduling, so a failing nova-lxd reports its own reason as the server's
fault. Where what the suite discovered about the host predicts nova-lxd's ephemeral-disk limitation, the case
is a strict xfail that must fail with nova-lxd's exact text; any other fault, or a server that boots, fails it.
A server that boots must have a Running container on the host's LXD, and the flavor's ephemeral disk at /mnt
(where the host's containers can be seen: fixtures/orphans.py).
"""

import allure
import pytest

from lxdstack.novalxd import ephemeral_limitation
from lxdstack.servers import delete_and_wait, wait_active

pytestmark = [allure.feature("Compute"), allure.story("Boot matrix"), pytest.mark.requires("compute")]


@allure.id("compute-boot-matrix")
def test_flavor_boots_on_host(expect_limitation, flavor_name, expected_flavor, host, compute, host_storage, admin_cloud,
                              boot_image, keypair, make_server, instance_container_problems, timeouts):
    storage = host_storage(host)
    limitation = ephemeral_limitation(flavor_name, expected_flavor.ephemeral, host.name, storage,
                                      compute.storage_rule_of(host))
    flavor = admin_cloud.compute.find_flavor(flavor_name, ignore_missing=False)
    with allure.step(f"boot {flavor_name} on {host.name} (LXD storage {storage.environment!r})"):
        server = make_server(admin_cloud, "boot", boot_image.id, flavor.id, key_name=keypair.name,
                             zone=host.zone, forced_host=host.name)
    with expect_limitation(limitation):
        server = wait_active(admin_cloud, server.id, f"{server.name} on {host.name}", timeouts)
    assert server.compute_host == host.name, f"{server.name} runs on {server.compute_host}, not {host.name}"
    assert server.key_name == keypair.name
    shown = server.flavor.get("id") or server.flavor.get("original_name")  # the id up to 2.46, the name after
    assert shown in (flavor.id, flavor_name), f"{server.name} has flavor {shown}, not {flavor_name}"
    problems = instance_container_problems(server, host, expected_flavor.ephemeral, storage)
    assert not problems, "; ".join(problems)
    delete_and_wait(admin_cloud, server.id, server.name, timeouts)
