"""Real clients against the emulated Cinder: openstacksdk's block_storage proxy (v3, negotiated to 3.15), its
compute proxy's volume attachments, and the seed's `openstack volume create` step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openstack import exceptions

OPENSTACK_CLI = Path(sys.executable).parent / "openstack"
WAIT = {"interval": 0.2, "wait": 20}


def test_sdk_create_wait_list_show_delete(cinder, connect) -> None:
    conn = connect(cinder().cloud)
    volume = conn.block_storage.create_volume(size=1, name="sdk-volume", metadata={"by": "sdk"})
    assert volume.status == "creating"
    volume = conn.block_storage.wait_for_status(volume, "available", failures=["error"], **WAIT)
    assert (volume.size, volume.is_bootable, volume.host) == (1, False, "cinder@cinder-ceph#cinder-ceph")
    assert volume.project_id == conn.current_project_id and volume.metadata == {"by": "sdk"}
    assert [v.id for v in conn.block_storage.volumes(name="sdk-volume")] == [volume.id]
    assert conn.block_storage.find_volume("sdk-volume").id == volume.id
    conn.block_storage.delete_volume(volume)
    conn.block_storage.wait_for_delete(volume, **WAIT)
    with pytest.raises(exceptions.NotFoundException, match=f"Volume {volume.id} could not be found."):
        conn.block_storage.get_volume(volume.id)


def test_sdk_attach_and_detach_through_nova(cinder, connect) -> None:
    c = cinder()
    conn = connect(c.cloud)
    server = conn.compute.get_server(c.boot())
    volume = conn.block_storage.create_volume(size=1, name="sdk-attach")
    volume = conn.block_storage.wait_for_status(volume, "available", failures=["error"], **WAIT)
    attachment = conn.compute.create_volume_attachment(server, volume)
    assert (attachment.volume_id, attachment.device) == (volume.id, "/dev/sdb")
    volume = conn.block_storage.wait_for_status(volume, "in-use", failures=["error"], **WAIT)
    assert [a["server_id"] for a in volume.attachments] == [server.id]
    assert [v.id for v in conn.compute.get_server(server).attached_volumes] == [volume.id]
    assert [a.volume_id for a in conn.compute.volume_attachments(server)] == [volume.id]
    conn.compute.delete_volume_attachment(server, volume)
    volume = conn.block_storage.wait_for_status(volume, "available", failures=["error"], **WAIT)
    assert volume.attachments == []
    conn.block_storage.delete_volume(volume)
    conn.block_storage.wait_for_delete(volume, **WAIT)


def test_sdk_reports_a_failed_create_as_error(cinder, connect) -> None:
    conn = connect(cinder("fault-cinder-volume-down").cloud)
    volume = conn.block_storage.create_volume(size=1, name="sdk-doomed")
    with pytest.raises(exceptions.ResourceFailure):
        conn.block_storage.wait_for_status(volume, "available", failures=["error"], **WAIT)
    conn.block_storage.delete_volume(volume)


def test_sdk_services_quotas_and_limits(cinder, connect) -> None:
    conn = connect(cinder().cloud)
    assert {(s.binary, s.host, s.state) for s in conn.block_storage.services()} == {
        ("cinder-scheduler", "cinder", "up"), ("cinder-volume", "cinder@cinder-ceph", "up")}
    quota_set = conn.block_storage.get_quota_set(conn.current_project_id)
    assert (quota_set.volumes, quota_set.gigabytes) == (10, 1000)
    assert conn.block_storage.get_limits().absolute.max_total_volumes == 10


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_") or k == "OS_CLIENT_CONFIG_FILE"}
    return subprocess.run([str(OPENSTACK_CLI), "--os-cloud", "embedded", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def test_the_seed_s_cli_step_creates_testvolume(cinder, monkeypatch: pytest.MonkeyPatch) -> None:
    c = cinder()
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(c.cloud.clouds_yaml))
    created = cli("volume", "create", "--size", "10", "testvolume", "-f", "json")
    assert created.returncode == 0, created.stderr
    volume = json.loads(created.stdout)
    c.volumes.append((volume["id"], c.admin))
    assert (volume["name"], volume["size"], volume["status"]) == ("testvolume", 10, "creating")
    c.advance()
    listed = json.loads(cli("volume", "list", "-f", "json").stdout)
    assert [(row["Name"], row["Status"], row["Size"]) for row in listed] == [("testvolume", "available", 10)]
    shown = json.loads(cli("volume", "show", "testvolume", "-f", "json").stdout)
    assert (shown["id"], shown["availability_zone"], shown["bootable"]) == (volume["id"], "nova", False)
    services = json.loads(cli("volume", "service", "list", "-f", "json").stdout)
    assert {(row["Binary"], row["Host"], row["State"]) for row in services} == {
        ("cinder-scheduler", "cinder", "up"), ("cinder-volume", "cinder@cinder-ceph", "up")}
    assert cli("volume", "delete", "testvolume").returncode == 0
