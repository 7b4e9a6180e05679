"""Compute services and hypervisors: every expected host runs nova-compute, up and enabled, on LXD."""

import allure
import pytest

pytestmark = [allure.feature("Compute"), allure.story("Compute services"), pytest.mark.requires("compute")]


@allure.id("compute-service-up")
@pytest.mark.smoke
def test_compute_service_is_up_and_enabled(host, compute, admin_cloud):
    services = [s for s in admin_cloud.compute.services() if s.binary == "nova-compute" and s.host == host.name]
    assert services, f"no nova-compute service on {host.name}"
    problems = [f"{s.binary} on {s.host} is {s.state}/{s.status} {s.disabled_reason or ''}".strip()
                for s in services if (s.state, s.status) != ("up", "enabled")]
    assert not problems, "; ".join(problems)


@allure.id("compute-control-services-up")
def test_scheduler_and_conductor_are_up(compute, admin_cloud):
    services = list(admin_cloud.compute.services())
    for binary in ("nova-scheduler", "nova-conductor"):
        found = [s for s in services if s.binary == binary]
        assert found, f"no {binary} service"
        down = [s.host for s in found if s.state != "up"]
        assert not down, f"{binary} is down on {', '.join(down)}"


@allure.id("compute-hypervisor-type")
def test_hypervisor_has_the_expected_type(host, compute, admin_cloud):
    hypervisors = [h for h in admin_cloud.compute.hypervisors(details=True) if h.name == host.name]
    assert hypervisors, f"no hypervisor named {host.name}"
    assert hypervisors[0].hypervisor_type == compute.hypervisor_type_of(host)
