"""os-services, os-hypervisors, os-availability-zone and limits: shapes, policy, and what they track."""

from __future__ import annotations

import pytest

SERVICE_KEYS = {"id", "binary", "host", "zone", "status", "state", "updated_at", "disabled_reason"}


def test_services_list_the_computes_and_the_controller(nova) -> None:
    n = nova("newton-lxd-two-hosts")
    services = n.ok("GET", "/os-services")["services"]
    assert [(s["binary"], s["host"], s["zone"]) for s in services] == [
        ("nova-conductor", "juju-7f3a21-ncc-0", "internal"), ("nova-scheduler", "juju-7f3a21-ncc-0", "internal"),
        ("nova-compute", "juju-7f3a21-0", "nova"), ("nova-compute", "juju-7f3a21-1", "nova")]
    assert all(set(s) == SERVICE_KEYS for s in services)
    assert {(s["status"], s["state"], s["disabled_reason"]) for s in services} == {("enabled", "up", None)}
    assert len({s["id"] for s in services}) == 4
    assert [s["host"] for s in n.ok("GET", "/os-services?binary=nova-compute&host=juju-7f3a21-1")["services"]] \
        == ["juju-7f3a21-1"]
    assert all(s["forced_down"] is False for s in n.ok("GET", "/os-services", version="2.11")["services"])


def test_services_are_admin_only(nova) -> None:
    n = nova()
    response = n.get("/os-services", n.member)
    assert response.json() == {"forbidden": {"code": 403, "message": "Policy doesn't allow "
                                             "os_compute_api:os-services to be performed."}}


def test_disable_with_a_reason_enable_and_force_down(nova) -> None:
    n = nova()
    host = {"host": "juju-7f3a21-0", "binary": "nova-compute"}
    assert n.ok("PUT", "/os-services/disable-log-reason", json={**host, "disabled_reason": "maintenance"}) == \
        {"service": {**host, "status": "disabled", "disabled_reason": "maintenance"}}
    (compute,) = n.ok("GET", "/os-services?binary=nova-compute")["services"]
    assert (compute["status"], compute["disabled_reason"]) == ("disabled", "maintenance")
    assert n.ok("GET", "/os-availability-zone")["availabilityZoneInfo"] == [
        {"zoneName": "nova", "zoneState": {"available": False}, "hosts": None}]
    assert n.ok("PUT", "/os-services/enable", json=host) == {"service": {**host, "status": "enabled"}}
    assert n.call("PUT", "/os-services/force-down", version="2.10", json={**host, "forced_down": True}).json() == \
        {"itemNotFound": {"code": 404, "message": "Unknown action"}}
    assert n.ok("PUT", "/os-services/force-down", version="2.11", json={**host, "forced_down": True}) == \
        {"service": {**host, "forced_down": True}}
    try:
        (compute,) = n.ok("GET", "/os-services?binary=nova-compute", version="2.11")["services"]
        assert (compute["state"], compute["forced_down"]) == ("down", True)
        assert n.settled(n.boot("nowhere"))["fault"]["message"].startswith("No valid host was found.")
    finally:
        n.ok("PUT", "/os-services/force-down", version="2.11", json={**host, "forced_down": False})
    unknown = n.call("PUT", "/os-services/disable", json={"host": "nope", "binary": "nova-compute"})
    assert unknown.json()["itemNotFound"]["message"] == "Could not find binary nova-compute on host nope."


def test_hypervisors_are_the_lxd_hosts(nova) -> None:
    n = nova("newton-lxd-two-hosts")
    assert n.ok("GET", "/os-hypervisors") == {"hypervisors": [
        {"id": 1, "hypervisor_hostname": "juju-7f3a21-0", "state": "up", "status": "enabled"},
        {"id": 2, "hypervisor_hostname": "juju-7f3a21-1", "state": "up", "status": "enabled"}]}
    n.settled(n.boot("load", flavor="3", zone="nova:juju-7f3a21-1"))
    detail = n.ok("GET", "/os-hypervisors/2")["hypervisor"]
    assert (detail["hypervisor_type"], detail["hypervisor_hostname"], detail["running_vms"]) == ("lxd",
                                                                                                 "juju-7f3a21-1", 1)
    assert (detail["vcpus_used"], detail["local_gb_used"]) == (2, 80)
    assert detail["memory_mb_used"] == 2048 + 512 and detail["free_ram_mb"] == detail["memory_mb"] - 2560
    assert detail["service"] == {"host": "juju-7f3a21-1", "id": 4, "disabled_reason": None}
    assert isinstance(detail["cpu_info"], str)
    assert isinstance(n.ok("GET", "/os-hypervisors/2", version="2.28")["hypervisor"]["cpu_info"], dict)
    assert [h["id"] for h in n.ok("GET", "/os-hypervisors/detail")["hypervisors"]] == [1, 2]
    stats = n.ok("GET", "/os-hypervisors/statistics")["hypervisor_statistics"]
    assert (stats["count"], stats["running_vms"]) == (2, 1)
    assert n.get("/os-hypervisors/9").json()["itemNotFound"]["message"] == "Hypervisor with ID '9' could not be " \
                                                                           "found."
    assert n.get("/os-hypervisors", n.member).status_code == 403


def test_availability_zones(nova) -> None:
    n = nova()
    assert n.ok("GET", "/os-availability-zone", token=n.member) == {"availabilityZoneInfo": [
        {"zoneName": "nova", "zoneState": {"available": True}, "hosts": None}]}
    zones = {z["zoneName"]: z for z in n.ok("GET", "/os-availability-zone/detail")["availabilityZoneInfo"]}
    assert set(zones) == {"internal", "nova"}
    assert set(zones["internal"]["hosts"]["juju-7f3a21-ncc-0"]) == {"nova-conductor", "nova-scheduler"}
    compute = zones["nova"]["hosts"]["juju-7f3a21-0"]["nova-compute"]
    assert (compute["available"], compute["active"]) == (True, True) and compute["updated_at"]
    assert n.get("/os-availability-zone/detail", n.member).status_code == 403


@pytest.mark.parametrize(("version", "network_keys"), [("2.1", True), ("2.36", False)])
def test_limits_drop_network_quotas_at_2_36(nova, version: str, network_keys: bool) -> None:
    n = nova()
    limits = n.ok("GET", "/limits", version=version, token=n.member)["limits"]
    assert limits["rate"] == []
    absolute = limits["absolute"]
    assert (absolute["maxTotalInstances"], absolute["maxTotalCores"], absolute["maxTotalRAMSize"]) == (10, 20, 51200)
    assert ("maxSecurityGroups" in absolute) is network_keys and ("totalFloatingIpsUsed" in absolute) is network_keys
    assert n.get("/limits?tenant_id=other", n.member).status_code == 403


def test_cpu_info_is_what_nova_lxd_reports(nova) -> None:
    """nova-lxd passes lscpu's text through (numbers as strings) and /proc/cpuinfo's flags line as one string."""
    n = nova()
    cpu = n.ok("GET", "/os-hypervisors/1", version="2.28")["hypervisor"]["cpu_info"]
    assert set(cpu) == {"arch", "features", "model", "topology", "vendor"}
    assert (cpu["arch"], cpu["vendor"]) == ("x86_64", "GenuineIntel")
    assert isinstance(cpu["features"], str) and {"sse4_2", "avx2"} <= set(cpu["features"].split())
    assert set(cpu["topology"]) == {"sockets", "cores", "threads"}
    assert all(isinstance(value, str) for value in cpu["topology"].values())
