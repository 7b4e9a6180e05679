"""The containers a compute host's embedded LXD shows for Nova's servers, read with real pylxd and raw HTTP over
the host's socket, as the suite's container and orphan checks (lxdstack/platform/orphans.py) read them."""

from __future__ import annotations

import pylxd
import pytest

from lxdstack.cloud.compute.novalxd import UNSUPPORTED_STORAGE
from lxdstack.platform.addresses import container_ipv4
from lxdstack.platform.lxd_api import PylxdApi
from lxdstack.platform.orphans import ServerSeen, instance_problems, orphan_problems

HOST = "juju-7f3a21-0"
FORCED = f"nova:{HOST}"


def _socket(n) -> str:
    response = n.api.request("GET", "/_lxdstack/hosts", n.admin)
    assert response.status_code == 200, response.text
    return next(host["lxd_socket"] for host in response.json()["hosts"] if host["name"] == HOST)


def raw(socket_path: str, path: str) -> tuple[int, dict]:
    """(status, JSON body) of `GET path` over the host's socket, through pylxd's raw API object."""
    node = pylxd.Client(endpoint=socket_path).api  # already at /1.0
    for part in filter(None, path.removeprefix("/1.0").split("/")):
        node = node[part]
    try:
        response = node.get()
    except pylxd.exceptions.LXDAPIException as error:  # pylxd raises on any status but 200
        response = error.response
    return response.status_code, response.json()


def _names(client: pylxd.Client) -> list[str]:
    return [container.name for container in client.instances.all()]


def test_active_server_has_a_running_container_named_as_its_instance_until_deleted(nova) -> None:
    n = nova("newton-lxd")
    client = pylxd.Client(endpoint=_socket(n))
    server_id = n.boot("tiny", zone=FORCED, networks=[{"uuid": n.network_id("internal")}])
    name = n.server(server_id)["OS-EXT-SRV-ATTR:instance_name"]
    assert name not in _names(client)  # still building: nova-lxd has not started it yet
    server = n.settled(server_id)
    assert server["status"] == "ACTIVE"
    container = client.instances.get(name)
    assert (container.status, container.status_code, container.profiles) == ("Running", 103, ["default"])
    assert container.config["user.nova-instance-uuid"] == server_id
    assert (container.config["limits.cpu"], container.config["limits.memory"]) == ("1", "512MB")
    assert container.expanded_devices["root"] == {"path": "/", "pool": "default", "type": "disk"}
    assert "ephemeral0" not in container.devices
    (port,) = n.api.request("GET", f"/network/v2.0/ports?device_id={server_id}", n.admin).json()["ports"]
    assert container.devices["eth0"] == {"type": "nic", "nictype": "bridged", "parent": f"qbr{port['id'][:11]}",
                                         "name": "eth0", "hwaddr": port["mac_address"]}
    assert container_ipv4(PylxdApi(_socket(n)), name) == {port["fixed_ips"][0]["ip_address"]}
    assert f"/1.0/instances/{name}" in client.profiles.get("default").used_by
    assert f"/1.0/instances/{name}" in client.storage_pools.get("default").used_by
    api = PylxdApi(_socket(n))
    assert instance_problems(api, name, 0, "dir") == []
    assert orphan_problems(HOST, "s", [ServerSeen(server_id, "tiny", "ACTIVE", HOST, name)],
                           [c for c in api.query("/1.0/instances?recursion=1") if c["name"] == name]) == []
    assert n.call("DELETE", f"/servers/{server_id}").status_code == 204
    assert name not in _names(client)
    assert instance_problems(api, name, 0, "dir") == [f"no container {name} in the LXD at {api.where}"]
    assert raw(_socket(n), f"/1.0/instances/{name}/state")[0] == 404


def test_failed_boot_leaves_no_container(nova) -> None:
    n = nova("newton-lxd")
    client = pylxd.Client(endpoint=_socket(n))
    server_id = n.boot("eph", flavor="2", zone=FORCED)
    server = n.settled(server_id)
    assert (server["status"], server["fault"]["message"]) == ("ERROR", UNSUPPORTED_STORAGE)
    assert server["OS-EXT-SRV-ATTR:instance_name"] not in _names(client)


@pytest.mark.parametrize("flavor, ephemeral_gb", [("2", 40), ("5", 40)])
def test_btrfs_gives_the_ephemeral_disk_as_a_custom_volume_at_mnt(nova, flavor: str, ephemeral_gb: int) -> None:
    n = nova("newton-lxd-btrfs")
    path = _socket(n)
    server_id = n.boot("eph", flavor=flavor, zone=FORCED)
    server = n.settled(server_id)
    assert server["status"] == "ACTIVE"
    name = server["OS-EXT-SRV-ATTR:instance_name"]
    volume = f"{server_id}-ephemeral0"
    status, body = raw(path, f"/1.0/instances/{name}")
    assert status == 200
    assert body["metadata"]["devices"] == {"ephemeral0": {"type": "disk", "pool": "default", "source": volume,
                                                          "path": "/mnt"}}
    status, body = raw(path, f"/1.0/storage-pools/default/volumes/custom/{volume}")
    assert (status, body["metadata"]["config"], body["metadata"]["used_by"]) == (
        200, {"size": f"{ephemeral_gb}GiB"}, [f"/1.0/instances/{name}"])
    listed = raw(path, "/1.0/storage-pools/default/volumes")[1]["metadata"]
    assert {f"/1.0/storage-pools/default/volumes/container/{name}",
            f"/1.0/storage-pools/default/volumes/custom/{volume}"} <= set(listed)
    assert instance_problems(PylxdApi(path), name, ephemeral_gb, "btrfs") == []
    assert n.call("DELETE", f"/servers/{server_id}").status_code == 204
    status, body = raw(path, f"/1.0/storage-pools/default/volumes/custom/{volume}")
    assert (status, body["error"]) == (404, "Storage volume not found")


@pytest.mark.parametrize("path, code, message", [
    ("/1.0/storage-pools/nope/volumes", 404, "Storage pool not found"),
    ("/1.0/storage-pools/default/volumes/custom/nope", 404, "Storage volume not found"),
    ("/1.0/storage-pools/default/volumes/bogus", 400, "Invalid storage volume type 'bogus'"),
])
def test_volume_errors_come_in_lxds_envelope(nova, path: str, code: int, message: str) -> None:
    status, body = raw(_socket(nova("newton-lxd")), path)
    assert (status, body["type"], body["error_code"], body["error"]) == (code, "error", code, message)
