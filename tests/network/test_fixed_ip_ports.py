"""Fixed IP addresses through Neutron ports (the seed's "Fixed IP addresses with OpenStack Neutron"): reserve an
address, boot a server on that port, and the server has exactly that address; Neutron refuses a taken address and
one outside the subnet; the port outlives its server and serves the next one.

Where the LXD of the host the server landed on is in reach (a socket, URL or Juju in the expectations), the address is
also read inside the server's container (lxdstack/platform/addresses.py); elsewhere a step says why it was not."""

import allure
import pytest
from openstack import exceptions

from lxdstack import ports
from lxdstack.checks import expect_refusal
from lxdstack.lxd import lxd_api_of
from lxdstack.platform.addresses import container_ipv4, host_of
from lxdstack.servers import delete_and_wait, wait_active

pytestmark = [allure.feature("Network"), allure.story("Fixed IP ports"), pytest.mark.requires("network"),
              pytest.mark.requires("compute")]

SMALLEST = "m1.tiny"


@pytest.fixture
def boot_on_port(compute, admin_cloud, boot_image, make_server, timeouts):
    """Boot m1.tiny on a port and wait until ACTIVE."""
    flavor = admin_cloud.compute.find_flavor(SMALLEST, ignore_missing=False)

    def boot(port, purpose="fixedip"):
        server = make_server(admin_cloud, purpose, boot_image.id, flavor.id, networks=[{"port": port.id}])
        return wait_active(admin_cloud, server.id, server.name, timeouts)

    return boot


@pytest.fixture
def addresses_inside(compute, admin_cloud, admin_access, run, timeouts):
    """`addresses_inside(server)`: the IPv4 addresses inside the server's container, or None (with a step saying
    why) where the LXD of its compute host is out of the suite's reach."""
    identity_url = admin_access.service_catalog.url_for(service_type="identity", interface="public")

    def inside(server) -> set[str] | None:
        host, reason = host_of(compute, server.compute_host)
        if reason is not None:
            with allure.step(f"Address inside {server.name} not checked: {reason}"):
                return None
        api = lxd_api_of(host, admin_cloud.session, identity_url, run.target.details.get("juju_model"),
                         timeouts.api_call)
        with allure.step(f"Read the addresses inside {server.instance_name} on {host.name} ({api.where})"):
            return container_ipv4(api, server.instance_name)

    return inside


def _addresses(server) -> set[str]:
    return {entry["addr"] for entries in (server.addresses or {}).values() for entry in entries}


@allure.id("network-fixed-ip-boot")
@pytest.mark.smoke
def test_server_on_a_reserved_port_has_exactly_that_address(fixed_ip_subnet, admin_cloud, make_port, boot_on_port,
                                                            addresses_inside, timeouts):
    address = ports.free_address(admin_cloud, fixed_ip_subnet)
    port = make_port(admin_cloud, "port", fixed_ip_subnet, address)
    assert [f["ip_address"] for f in port.fixed_ips] == [address], f"port {port.name} got {port.fixed_ips}"
    server = boot_on_port(port)
    assert _addresses(server) == {address}, f"server {server.name} has {server.addresses}, expected only {address}"
    inside = addresses_inside(server)
    assert inside in (None, {address}), (f"container {server.instance_name} of {server.name} on {server.compute_host} "
                                         f"carries {sorted(inside or [])}, expected only {address}")
    port = ports.wait_port(admin_cloud, port.id, port.name, "ACTIVE", timeouts)
    assert port.device_id == server.id, f"port {port.name} is bound to {port.device_id!r}, not {server.name}"
    assert port.device_owner.startswith("compute:"), f"port {port.name} is owned by {port.device_owner!r}"


@allure.id("network-fixed-ip-conflict")
@pytest.mark.negative
def test_a_taken_address_is_refused_as_a_conflict(fixed_ip_subnet, admin_cloud, make_port):
    address = ports.free_address(admin_cloud, fixed_ip_subnet)
    make_port(admin_cloud, "port", fixed_ip_subnet, address)
    with expect_refusal(exceptions.ConflictException, f"Neutron gave {address} to a second port") as refusal:
        make_port(admin_cloud, "portagain", fixed_ip_subnet, address)
    assert address in str(refusal.value), f"Neutron's conflict does not name {address}: {refusal.value}"


@allure.id("network-fixed-ip-outside")
@pytest.mark.negative
def test_an_address_outside_the_subnet_is_a_bad_request(fixed_ip_subnet, admin_cloud, make_port):
    outside = ports.address_outside(fixed_ip_subnet)
    with expect_refusal(exceptions.BadRequestException,
                        f"Neutron gave {outside} to a port on {fixed_ip_subnet.cidr}") as refusal:
        make_port(admin_cloud, "portoutside", fixed_ip_subnet, outside)
    assert outside in str(refusal.value), f"Neutron's refusal does not name {outside}: {refusal.value}"


@allure.id("network-fixed-ip-reuse")
def test_port_outlives_its_server_and_serves_the_next(fixed_ip_subnet, admin_cloud, make_port, boot_on_port,
                                                      timeouts):
    address = ports.free_address(admin_cloud, fixed_ip_subnet)
    port = make_port(admin_cloud, "port", fixed_ip_subnet, address)
    first = boot_on_port(port, "first")
    delete_and_wait(admin_cloud, first.id, first.name, timeouts)
    port = ports.wait_port(admin_cloud, port.id, port.name, "DOWN", timeouts)
    assert port.device_id == "", f"port {port.name} is still bound to {port.device_id} after its server is gone"
    assert [f["ip_address"] for f in port.fixed_ips] == [address], f"port {port.name} lost {address}"
    second = boot_on_port(port, "second")
    assert _addresses(second) == {address}, f"server {second.name} has {second.addresses}, expected {address}"
