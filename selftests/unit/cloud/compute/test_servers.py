"""Servers over HTTP: create, BUILD then ACTIVE on the cloud's clock, views per caller, lists, rename, delete."""

from __future__ import annotations

import hashlib
import uuid

import pytest

CREATED_KEYS = {"id", "links", "OS-DCF:diskConfig", "security_groups", "adminPass"}
DETAIL_KEYS = {"id", "name", "links", "status", "tenant_id", "user_id", "metadata", "hostId", "image", "flavor",
               "created", "updated", "addresses", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig", "key_name",
               "security_groups", "OS-EXT-AZ:availability_zone", "OS-EXT-STS:vm_state", "OS-EXT-STS:task_state",
               "OS-EXT-STS:power_state", "OS-SRV-USG:launched_at", "OS-SRV-USG:terminated_at",
               "os-extended-volumes:volumes_attached", "config_drive", "progress"}
ADMIN_KEYS = {"OS-EXT-SRV-ATTR:host", "OS-EXT-SRV-ATTR:instance_name", "OS-EXT-SRV-ATTR:hypervisor_hostname"}


def test_create_answers_202_with_nova_s_create_body(nova) -> None:
    n = nova()
    response = n.boot_request("first", version="2.1", metadata={"role": "test"})
    assert response.status_code == 202
    server = response.json()["server"]
    assert set(server) == CREATED_KEYS
    assert server["security_groups"] == [{"name": "default"}] and server["OS-DCF:diskConfig"] == "MANUAL"
    assert len(server["adminPass"]) == 12
    assert response.headers["Location"] == f"{n.api.base}/compute/v2.1/servers/{server['id']}"


def test_server_builds_then_becomes_active_when_the_clock_says_so(nova) -> None:
    n = nova()
    server_id = n.boot("vm1", version="2.1")
    building = n.server(server_id, version="2.1")
    assert set(building) == DETAIL_KEYS | ADMIN_KEYS
    assert (building["status"], building["OS-EXT-STS:vm_state"], building["OS-EXT-STS:task_state"],
            building["OS-EXT-STS:power_state"], building["progress"]) == ("BUILD", "building", "scheduling", 0, 0)
    assert building["hostId"] == "" and building["OS-EXT-SRV-ATTR:host"] is None
    n.advance(0.6)
    assert n.server(server_id, version="2.1")["OS-EXT-STS:task_state"] == "spawning"
    active = n.settled(server_id, version="2.1")
    project_id = active["tenant_id"]
    assert (active["status"], active["OS-EXT-STS:vm_state"], active["OS-EXT-STS:task_state"],
            active["OS-EXT-STS:power_state"]) == ("ACTIVE", "active", None, 1)
    assert active["OS-EXT-SRV-ATTR:host"] == active["OS-EXT-SRV-ATTR:hypervisor_hostname"] == "juju-7f3a21-0"
    assert active["OS-EXT-SRV-ATTR:instance_name"].startswith("instance-0000000")
    assert active["hostId"] == hashlib.sha224(f"{project_id}juju-7f3a21-0".encode()).hexdigest()
    assert active["OS-EXT-AZ:availability_zone"] == "nova"
    assert active["flavor"] == {"id": "1", "links": [{"rel": "bookmark", "href": f"{n.api.base}/compute/flavors/1"}]}
    assert active["image"]["id"] == n.image_id() and set(active["image"]) == {"id", "links"}
    assert (active["accessIPv4"], active["config_drive"], active["key_name"]) == ("", "", None)
    assert list(active["addresses"]) == ["internal"] and building["addresses"] == {}
    assert active["os-extended-volumes:volumes_attached"] == [] and active["OS-SRV-USG:launched_at"]
    assert active["user_id"] == n.api.user_id(n.admin, "admin") and "fault" not in active


def test_members_see_no_admin_attributes(nova) -> None:
    n = nova()
    server_id = n.boot("mine", token=n.member)
    shown = n.settled(server_id, token=n.member)
    assert shown["status"] == "ACTIVE"
    assert not any(key.startswith("OS-EXT-SRV-ATTR:") for key in shown) and "host_status" not in shown
    assert {"locked", "description", "tags"} <= set(shown)  # 2.9, 2.19, 2.26
    assert n.get(f"/servers/{server_id}", n.admin).status_code == 200  # admins see every project's servers


def test_unknown_server_is_nova_404(nova) -> None:
    n = nova()
    missing = str(uuid.uuid4())
    response = n.get(f"/servers/{missing}")
    assert response.json() == {"itemNotFound": {"code": 404, "message": f"Instance {missing} could not be found."}}


def test_list_and_filters(nova) -> None:
    n = nova()
    n.boot("alpha-1", token=n.member)
    theirs = n.boot("beta-1")
    n.advance(n.boot_seconds() + 0.01)
    n.boot("alpha-2", token=n.member)
    brief = n.ok("GET", "/servers", token=n.member)["servers"]
    assert [s["name"] for s in brief] == ["alpha-2", "alpha-1"] and all(set(s) == {"id", "name", "links"}
                                                                          for s in brief)
    names = lambda query, token: [s["name"] for s in n.ok("GET", f"/servers/detail{query}", token=token)["servers"]]  # noqa: E731
    assert names("?status=ACTIVE", n.member) == ["alpha-1"]
    assert names("?status=build", n.member) == ["alpha-2"]
    assert names("?name=^alpha-1$", n.member) == ["alpha-1"]
    assert names("", n.admin) == ["beta-1"]
    assert {"alpha-1", "alpha-2", "beta-1"} <= set(names("?all_tenants", n.admin))
    forbidden = n.get("/servers/detail?all_tenants=1", n.member)
    assert forbidden.status_code == 403
    assert forbidden.json()["forbidden"]["message"] == \
        "Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed."
    assert n.get("/servers?status=FOO", version="2.38").status_code == 400
    assert n.ok("GET", "/servers?status=FOO", version="2.37") == {"servers": []}
    assert n.get(f"/servers/{theirs}", n.member).status_code == 404
    page = n.ok("GET", "/servers?limit=1", token=n.member)
    assert len(page["servers"]) == 1 and page["servers_links"][0]["rel"] == "next"
    assert page["servers_links"][0]["href"].endswith(f"/compute/v2.1/servers?limit=1&marker={page['servers'][0]['id']}")


def test_rename_and_delete_at_any_stage(nova) -> None:
    n = nova()
    server_id = n.boot("old")
    renamed = n.ok("PUT", f"/servers/{server_id}", json={"server": {"name": "new"}})["server"]
    assert renamed["name"] == "new" and renamed["status"] == "BUILD"
    deleted = n.call("DELETE", f"/servers/{server_id}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert n.get(f"/servers/{server_id}").status_code == 404


@pytest.mark.parametrize(("change", "message"), [
    ({"imageRef": "6b5b0a1e-6c60-4c0a-8f53-8d1d2a5e3c11"}, "Image 6b5b0a1e-6c60-4c0a-8f53-8d1d2a5e3c11 could not "
                                                            "be found."),
    ({"imageRef": "xenial"}, "Invalid imageRef provided."),
    ({"flavorRef": "42"}, "Invalid flavorRef provided."),
    ({"key_name": "nokey"}, "Invalid key_name provided."),
    ({"networks": [{"uuid": "6b5b0a1e-6c60-4c0a-8f53-8d1d2a5e3c11"}]},
     "Network 6b5b0a1e-6c60-4c0a-8f53-8d1d2a5e3c11 could not be found."),
    ({"networks": [{"port": "p1"}]}, "Invalid input for field/attribute port. Value: p1. 'p1' is not valid under "
                                     "any of the given schemas"),
    ({"networks": [{"port": "6b5b0a1e-6c60-4c0a-8f53-8d1d2a5e3c11"}]},
     "Port id 6b5b0a1e-6c60-4c0a-8f53-8d1d2a5e3c11 could not be found."),
    ({"availability_zone": "elsewhere"}, "The requested availability zone is not available"),
])
def test_create_refuses_bad_references_with_nova_s_400(nova, change: dict, message: str) -> None:
    n = nova()
    server = {"name": "bad", "imageRef": n.image_id(), "flavorRef": "1", "networks": "none", **change}
    response = n.call("POST", "/servers", version="2.38", json={"server": server})
    assert response.status_code == 400, response.text
    assert response.json() == {"badRequest": {"code": 400, "message": message}}


def test_networks_are_required_from_2_37_and_a_list_before(nova) -> None:
    n = nova()
    server = {"name": "n", "imageRef": n.image_id(), "flavorRef": "1"}
    missing = n.call("POST", "/servers", version="2.37", json={"server": server})
    assert missing.status_code == 400 and "'networks' is a required property" in missing.text
    auto_early = n.call("POST", "/servers", version="2.36", json={"server": {**server, "networks": "auto"}})
    assert auto_early.status_code == 400 and "is not of type 'array'" in auto_early.text
    assert n.boot("none", networks="none", version="2.37")
    assert n.boot("plain", version="2.1")


def test_forcing_a_host_is_for_admins(nova) -> None:
    n = nova()
    response = n.boot_request("forced", zone="nova:juju-7f3a21-0", token=n.member)
    assert response.status_code == 403
    assert response.json() == {"forbidden": {"code": 403, "message": "Policy doesn't allow "
                                             "os_compute_api:servers:create:forced_host to be performed."}}


def test_limits_count_the_project_s_servers_against_nova_s_default_quotas(nova) -> None:
    n = nova()
    for number in range(3):
        n.boot(f"q{number}", flavor="3", token=n.member)
    limits = n.ok("GET", "/limits", token=n.member)["limits"]["absolute"]
    assert (limits["totalInstancesUsed"], limits["totalCoresUsed"], limits["totalRAMUsed"]) == (3, 6, 6144)
    assert (limits["maxTotalInstances"], limits["maxTotalCores"], limits["maxTotalRAMSize"]) == (10, 20, 51200)
    assert n.ok("GET", "/limits")["limits"]["absolute"]["totalInstancesUsed"] == 0  # the admin project's


def test_user_data_and_description_by_microversion(nova) -> None:
    n = nova()
    wrapped = "I2Nsb3VkLWNvbmZp\nZwpydW5jbWQ6IFtd\n"  # "#cloud-config\nruncmd: []" in wrapped base64
    server_id = n.boot("data", user_data=wrapped, description="why", version="2.19")
    shown = n.server(server_id, version="2.19")
    assert (shown["OS-EXT-SRV-ATTR:user_data"], shown["description"]) == (wrapped, "why")
    assert "OS-EXT-SRV-ATTR:user_data" not in n.server(server_id, version="2.1")
    bad = n.boot_request("bad", user_data="not base64!")
    assert bad.json() == {"badRequest": {"code": 400, "message": "User data needs to be valid base 64."}}
    early = n.boot_request("early", description="x", version="2.18")
    assert "'description' was unexpected" in early.json()["badRequest"]["message"]


def test_build_steps_through_nova_s_task_states(nova) -> None:
    """Newton's compute manager sets networking, then block_device_mapping, then spawning on the host."""
    n = nova("fault-slow-boot")  # ten minutes of BUILD: the wall-clock time the test takes is no matter
    server_id = n.boot("steps")
    seen = []
    for share in (0.0, 0.52, 0.04, 0.14, 0.31):  # of the boot time: scheduling is its first half here
        n.advance(share * n.boot_seconds())
        seen.append(n.server(server_id)["OS-EXT-STS:task_state"])
    assert seen == ["scheduling", "networking", "block_device_mapping", "spawning", None]


def test_security_groups_are_those_of_the_server_s_ports(nova) -> None:
    """Newton's security_groups extension asks Neutron for the server's ports: a server on none shows no key."""
    n = nova()
    portless = n.settled(n.boot("portless"))
    assert "security_groups" not in portless
    wired = n.settled(n.boot("wired", networks=[{"uuid": n.network_id("internal")}]))
    assert wired["security_groups"] == [{"name": "default"}]


def test_nova_names_json_even_without_a_body(nova) -> None:
    """ResponseObject.serialize sets the Content-Type of a 204 too; a Fault adds a charset."""
    n = nova()
    server_id = n.boot("short")
    deleted = n.call("DELETE", f"/servers/{server_id}")
    assert (deleted.status_code, deleted.headers["Content-Type"], deleted.content) == (204, "application/json", b"")
    gone = n.get(f"/servers/{server_id}")
    assert (gone.status_code, gone.headers["Content-Type"]) == (404, "application/json; charset=UTF-8")
