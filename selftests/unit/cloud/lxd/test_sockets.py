"""Where the LXD sockets live, who may learn of them, and that they go away with the cloud."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lxdstack.cloud.lxd.sockets import MAX_SOCKET_PATH, bind_host_sockets, socket_names


def test_control_api_lists_each_host_with_its_socket(api, admin_token: str, cloud, hosts) -> None:
    (host,) = hosts(api, admin_token).values()
    assert (host["name"], host["zone"]) == ("juju-7f3a21-0", "nova")
    path = Path(host["lxd_socket"])
    assert path.is_absolute() and stat.S_ISSOCK(path.stat().st_mode)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.parent.parent == cloud.clouds_yaml.parent  # in the run's folder, beside clouds.yaml


def test_hosts_are_for_admins_only(api, demo_token: str) -> None:
    response = api.request("GET", "/_lxdstack/hosts", demo_token)
    assert response.status_code == 403
    assert "lxdstack:list_hosts" in response.json()["error"]["message"]
    assert api.request("GET", "/_lxdstack/hosts").status_code == 401


def test_sockets_and_their_folder_are_gone_after_the_cloud_stops(start_cloud, admin_of, hosts) -> None:
    cloud = start_cloud("newton-lxd-two-hosts")
    paths = [Path(host["lxd_socket"]) for host in hosts(cloud, admin_of(cloud)).values()]
    assert all(path.exists() for path in paths)
    cloud.cloud.stop()
    assert cloud.cloud.process.returncode == 0
    assert not any(path.exists() for path in paths)
    assert not paths[0].parent.exists()


def test_too_long_a_run_folder_falls_back_to_the_temporary_folder(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    bound = bind_host_sockets(["juju-7f3a21-0"], near=deep)
    try:
        path = bound.paths["juju-7f3a21-0"]
        assert len(os.fsencode(path)) <= MAX_SOCKET_PATH and deep not in path.parents
    finally:
        bound.close()
    assert not bound.directory.exists()
    assert list(deep.iterdir()) == []


def test_socket_names_are_safe_and_unique() -> None:
    assert socket_names(["a/b", "a_b", "c"]) == {"a/b": "a_b.sock", "a_b": "a_b-2.sock", "c": "c.sock"}
