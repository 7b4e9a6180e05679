"""Servers as a member boots them: no forced host, the scheduler chooses."""

import allure
import pytest

from lxdstack.servers import delete_and_wait, wait_active

pytestmark = [allure.feature("Compute"), allure.story("Servers"), pytest.mark.requires("compute")]

SMALLEST = "m1.tiny"


@allure.id("compute-member-boot")
@pytest.mark.smoke
def test_member_boot_of_the_smallest_flavor_becomes_active(compute, expectations, member_cloud, boot_image,
                                                           make_server, timeouts):
    if SMALLEST not in expectations.flavors:
        pytest.skip(f"the expectations name no {SMALLEST} flavor")
    flavor = member_cloud.compute.find_flavor(SMALLEST, ignore_missing=False)
    server = make_server(member_cloud, "member", boot_image.id, flavor.id)
    server = wait_active(member_cloud, server.id, server.name, timeouts)
    assert server.status == "ACTIVE"
    delete_and_wait(member_cloud, server.id, server.name, timeouts)
