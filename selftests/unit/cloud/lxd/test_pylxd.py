"""Each compute host's LXD, read with real pylxd over its unix socket exactly as on a real host."""

from __future__ import annotations

import pylxd
import pytest

HOST = "juju-7f3a21-0"


@pytest.fixture
def lxd(hosts):
    """`lxd(api, token)`: a pylxd client on that cloud's (first) compute host, given its socket's path."""
    return lambda api, token, host=HOST: pylxd.Client(endpoint=hosts(api, token)[host]["lxd_socket"])


def test_newton_lxd_host_reports_dir_storage(api, admin_token: str, lxd) -> None:
    client = lxd(api, admin_token)
    info = client.host_info
    assert info["environment"]["storage"] == "dir"
    assert (info["environment"]["server_name"], info["environment"]["server_version"]) == (HOST, "5.0.2")
    assert info["auth"] == "trusted" and client.trusted
    assert {"storage", "id_map"} <= set(info["api_extensions"])
    assert [(pool.name, pool.driver, pool.status) for pool in client.storage_pools.all()] == [
        ("default", "dir", "Created")]
    assert client.profiles.get("default").devices["root"] == {"path": "/", "pool": "default", "type": "disk"}
    assert client.profiles.get("default").devices["eth0"]["network"] == "lxdbr0"
    assert client.containers.all() == [] and client.instances.all() == []


def test_btrfs_host(start_cloud, admin_of, lxd) -> None:
    cloud = start_cloud("newton-lxd-btrfs")
    client = lxd(cloud, admin_of(cloud))
    assert client.host_info["environment"]["storage"] == "btrfs"
    (pool,) = client.storage_pools.all()
    assert (pool.name, pool.driver, pool.config["source"]) == ("default", "btrfs", "/var/lib/lxd/disks/default.img")


def test_two_drivers_host_lists_both_and_roots_on_fast(start_cloud, admin_of, lxd) -> None:
    cloud = start_cloud("newton-lxd-two-drivers")
    client = lxd(cloud, admin_of(cloud))
    # LXD 5 lists one entry per driver, in no fixed order: nova-lxd Newton's exact comparison fails on it
    assert client.host_info["environment"]["storage"] in ("btrfs | dir", "dir | btrfs")
    assert {pool.name: pool.driver for pool in client.storage_pools.all()} == {"default": "dir", "fast": "btrfs"}
    assert client.profiles.get("default").devices["root"]["pool"] == "fast"
    assert client.storage_pools.get("fast").used_by == ["/1.0/profiles/default"]
    assert client.storage_pools.get("default").used_by == []


def test_two_hosts_have_a_socket_each(start_cloud, admin_of, hosts) -> None:
    cloud = start_cloud("newton-lxd-two-hosts")
    listed = hosts(cloud, admin_of(cloud))
    assert len({host["lxd_socket"] for host in listed.values()}) == 2
    for name, host in listed.items():
        assert pylxd.Client(endpoint=host["lxd_socket"]).host_info["environment"]["server_name"] == name


def test_recursion_returns_objects_and_plain_lists_urls(api, admin_token: str, hosts, raw) -> None:
    path = hosts(api, admin_token)[HOST]["lxd_socket"]
    status, body = raw(path, "GET", "/1.0/storage-pools")
    assert (status, body["type"], body["metadata"]) == (200, "sync", ["/1.0/storage-pools/default"])
    assert (body["status"], body["status_code"], body["error_code"]) == ("Success", 200, 0)
    _, body = raw(path, "GET", "/1.0/storage-pools?recursion=1")
    assert body["metadata"] == [{"name": "default", "driver": "dir", "description": "", "status": "Created",
                                 "locations": ["none"], "config": {"source": "/var/lib/lxd/storage-pools/default"},
                                 "used_by": ["/1.0/profiles/default"]}]
    assert raw(path, "GET", "/1.0/profiles")[1]["metadata"] == ["/1.0/profiles/default"]


@pytest.mark.parametrize("method, path, code, message", [
    ("GET", "/1.0/storage-pools/nope", 404, "Storage pool not found"),
    ("GET", "/1.0/profiles/nope", 404, "Profile not found"),
    ("GET", "/1.0/instances/nope", 404, "Instance not found"),
    ("GET", "/1.0/networks", 501, "not implemented"),  # real LXD has it; the embedded host does not emulate it
    ("GET", "/2.0", 404, "not found"),
    ("GET", "/1.0/profiles?project=other", 404, "Project not found"),
    ("POST", "/1.0/containers", 501, "not implemented"),
])
def test_errors_come_in_lxds_envelope(api, admin_token: str, hosts, raw, method: str, path: str, code: int,
                                      message: str) -> None:
    status, body = raw(hosts(api, admin_token)[HOST]["lxd_socket"], method, path)
    assert status == code
    assert {k: body[k] for k in ("type", "error", "error_code", "metadata")} == {
        "type": "error", "error": message, "error_code": code, "metadata": None}


def test_pylxd_raises_not_found_for_an_unknown_pool(api, admin_token: str, lxd) -> None:
    with pytest.raises(pylxd.exceptions.NotFound):
        lxd(api, admin_token).storage_pools.get("nope")
