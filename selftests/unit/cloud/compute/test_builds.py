"""How builds end on nova-lxd hosts, per scenario: the driver's limits, Nova's scheduling, and what the API shows.

The expected texts are Newton's (facts §1.5/§1.6 and real-nova-on-lxd.md), written out here on purpose rather
than imported from the emulation.
"""

from __future__ import annotations

import pytest

UNSUPPORTED = "Unsupport LXD storage detected. Supported storage drivers are zfs and btrfs."
NO_VALID_HOST = "No valid host was found. There are not enough hosts available."
BOOT_ERROR = "Failed to connect to LXD daemon: [Errno 111] Connection refused"
EPHEMERAL_FLAVORS = ["2", "3", "4", "5"]  # m1.small..m1.xlarge have 40 GB of ephemeral disk


def fault(n, server_id: str, token: str | None = None) -> dict:
    server = n.settled(server_id, token)
    assert server["status"] == "ERROR", server
    assert (server["OS-EXT-STS:vm_state"], server["OS-EXT-STS:task_state"]) == ("error", None)
    assert "progress" not in server
    return server["fault"]


def test_ephemeral_flavor_forced_to_a_dir_host_fails_with_nova_lxd_s_own_text(nova) -> None:
    n = nova("newton-lxd")
    server_id = n.boot("eph", flavor="2", zone="nova:juju-7f3a21-0")
    shown = fault(n, server_id)
    assert (shown["code"], shown["message"]) == (500, UNSUPPORTED)
    assert set(shown) == {"code", "created", "message", "details"}
    assert shown["details"].rstrip().endswith(
        f"RescheduledException: Build of instance {server_id} was re-scheduled: {UNSUPPORTED}")
    assert n.call("DELETE", f"/servers/{server_id}").status_code == 204  # an ERROR server can be deleted


def test_ephemeral_flavor_on_the_only_host_is_no_valid_host_and_members_see_no_details(nova) -> None:
    n = nova("newton-lxd")
    server_id = n.boot("eph", flavor="2", token=n.member)
    shown = fault(n, server_id, n.member)
    assert shown["message"] == NO_VALID_HOST and shown["code"] == 500
    assert "details" not in shown
    assert n.server(server_id)["fault"]["details"].rstrip().endswith(f"NoValidHost: {NO_VALID_HOST}")


def test_tiny_flavor_needs_no_ephemeral_disk_and_boots_on_dir(nova) -> None:
    n = nova("newton-lxd")
    assert n.settled(n.boot("tiny", zone="nova:juju-7f3a21-0"))["status"] == "ACTIVE"


def test_every_seed_flavor_boots_on_btrfs(nova) -> None:
    n = nova("newton-lxd-btrfs")
    servers = [n.boot(f"f{flavor}", flavor=flavor) for flavor in ["1", *EPHEMERAL_FLAVORS]]
    n.advance(n.boot_seconds() + 0.01)
    assert [n.server(s)["status"] for s in servers] == ["ACTIVE"] * 5


def test_two_pool_drivers_are_refused_by_newton_s_exact_comparison(nova) -> None:
    n = nova("newton-lxd-two-drivers")  # LXD reports `btrfs | dir`, though the root pool is btrfs
    shown = fault(n, n.boot("eph", flavor="2", zone="nova:juju-7f3a21-0"))
    assert shown["message"] == UNSUPPORTED


def test_qcow2_image_aborts_the_build_with_the_truncated_double_wrapped_text(nova) -> None:
    n = nova("newton-lxd-btrfs")
    created = n.api.request("POST", "/image/v2/images", n.admin, json={
        "name": "cirros-qcow2", "disk_format": "qcow2", "container_format": "bare"})
    assert created.status_code == 201, created.text
    image_id = created.json()["id"]
    try:
        upload = n.api.request("PUT", f"/image/v2/images/{image_id}/file", n.admin, data=b"QFI\xfb" + bytes(60),
                               headers={"Content-Type": "application/octet-stream"})
        assert upload.status_code == 204, upload.text
        server_id = n.boot("qcow", image=image_id)
        shown = fault(n, server_id)
        assert shown["code"] == 500 and len(shown["message"]) <= 255
        assert shown["message"].startswith(f"Build of instance {server_id} aborted: Image {image_id} is "
                                           f"unacceptable: Bad Image format: Image {image_id} is unacceptable: ")
        assert "does not support images in qcow2 format" in shown["message"]
        assert len(n.ok("GET", f"/servers/{server_id}/os-instance-actions")["instanceActions"]) == 1
    finally:
        n.api.request("DELETE", f"/image/v2/images/{image_id}", n.admin)


def test_broken_host_forced_fails_with_its_error(nova) -> None:
    n = nova("fault-host-boot-errors")
    shown = fault(n, n.boot("broken", zone="nova:juju-7f3a21-1"))
    assert (shown["code"], shown["message"]) == (500, BOOT_ERROR)


def test_working_host_forced_is_active(nova) -> None:
    n = nova("fault-host-boot-errors")
    assert n.settled(n.boot("fine", zone="nova:juju-7f3a21-0"))["OS-EXT-SRV-ATTR:host"] == "juju-7f3a21-0"


def test_unforced_build_is_silently_rescheduled_off_the_broken_host(nova) -> None:
    n = nova("fault-host-boot-errors")
    n.boot("load", flavor="2", zone="nova:juju-7f3a21-0")  # -0 now has less free RAM: -1 is weighed first
    response = n.boot_request("rescheduled")
    server_id = response.json()["server"]["id"]
    server = n.settled(server_id)
    assert (server["status"], server["OS-EXT-SRV-ATTR:host"]) == ("ACTIVE", "juju-7f3a21-0")
    assert "fault" not in server
    action = n.ok("GET", f"/servers/{server_id}/os-instance-actions/{response.headers['x-openstack-request-id']}")
    events = action["instanceAction"]["events"]
    # one event per host tried; Nova records the failed host's event as Success too
    assert [(e["event"], e["result"]) for e in events] == [("compute__do_build_and_run_instance", "Success")] * 2


def test_disabled_compute_is_skipped_unless_forced(nova) -> None:
    n = nova("newton-lxd-two-hosts")
    body = {"host": "juju-7f3a21-0", "binary": "nova-compute"}
    assert n.ok("PUT", "/os-services/disable", json=body)["service"]["status"] == "disabled"
    try:
        assert n.settled(n.boot("elsewhere"))["OS-EXT-SRV-ATTR:host"] == "juju-7f3a21-1"
        assert n.settled(n.boot("forced", zone="nova:juju-7f3a21-0"))["OS-EXT-SRV-ATTR:host"] == "juju-7f3a21-0"
    finally:
        n.ok("PUT", "/os-services/enable", json=body)


@pytest.mark.parametrize(("hosts", "max_attempts", "expected"), [
    (3, 3, "Exceeded maximum number of retries. Exceeded max scheduling attempts 3 for instance {uuid}. "
           f"Last exception: {UNSUPPORTED}"),
    (2, 3, NO_VALID_HOST),
    (2, 1, UNSUPPORTED),
])
def test_reschedules_end_as_newton_s_conductor_says(nova, scenario_file, hosts: int, max_attempts: int,
                                                    expected: str) -> None:
    host_list = ", ".join(f"{{name: juju-7f3a21-{i}, zone: nova, storage: dir}}" for i in range(hosts))
    n = nova(scenario_file(f"dir-{hosts}-hosts-{max_attempts}", f"base: newton-lxd\ncompute: {{hosts: [{host_list}], "
                                                                 f"max_attempts: {max_attempts}}}\n"))
    response = n.boot_request("eph", flavor="2")
    server_id, request_id = response.json()["server"]["id"], response.headers["x-openstack-request-id"]
    assert fault(n, server_id)["message"] == expected.format(uuid=server_id)
    action = n.ok("GET", f"/servers/{server_id}/os-instance-actions/{request_id}")["instanceAction"]
    assert len(action["events"]) == min(hosts, max_attempts)  # one per host tried


def test_zone_requests_pick_that_zone_s_hosts(nova, scenario_file) -> None:
    n = nova(scenario_file("two-zones", "base: newton-lxd\ncompute: {hosts: [{name: h-a, zone: nova, storage: "
                                        "btrfs}, {name: h-b, zone: az2, storage: btrfs}]}\n"))
    server = n.settled(n.boot("in-az2", zone="az2"))
    assert (server["OS-EXT-SRV-ATTR:host"], server["OS-EXT-AZ:availability_zone"]) == ("h-b", "az2")
    unknown = n.settled(n.boot("nowhere", zone="nova:no-such-host"))
    assert unknown["fault"]["message"] == NO_VALID_HOST


def test_slow_boot_stays_in_build(nova) -> None:
    n = nova("fault-slow-boot")
    server_id = n.boot("slow")
    n.advance(599)
    assert n.server(server_id)["status"] == "BUILD"
    n.advance(2)
    assert n.server(server_id)["status"] == "ACTIVE"
