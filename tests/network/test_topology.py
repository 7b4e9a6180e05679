"""The networks, subnets and routers the deployment's post-install steps created, as the expectations say."""

import allure
import pytest

from lxdstack.topology import network_problems, router_problems

pytestmark = [allure.feature("Network"), allure.story("Deployed networks"), pytest.mark.requires("network")]


@allure.id("network-deployed-network")
@pytest.mark.smoke
def test_network_exists_as_deployed(network_name, networking, admin_cloud):
    problems = network_problems(admin_cloud, network_name, networking.networks[network_name])
    assert not problems, "; ".join(problems)


@allure.id("network-deployed-router")
def test_router_is_wired_as_deployed(router_name, networking, admin_cloud):
    problems = router_problems(admin_cloud, router_name, networking.routers[router_name])
    assert not problems, "; ".join(problems)
