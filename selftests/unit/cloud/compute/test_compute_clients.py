"""Real clients against the emulated Nova: openstacksdk's compute proxy and the `openstack` CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openstack import exceptions

OPENSTACK_CLI = Path(sys.executable).parent / "openstack"


def test_sdk_flavors_and_extra_specs(nova, connect) -> None:
    conn = connect(nova().cloud)
    flavors = {f.name: f for f in conn.compute.flavors()}
    assert list(flavors) == ["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"]
    assert (flavors["m1.small"].id, flavors["m1.small"].ephemeral, flavors["m1.small"].is_public) == ("2", 40, True)
    flavor = conn.compute.create_flavor(name="sdk.flavor", ram=128, vcpus=1, disk=1)
    try:
        conn.compute.create_flavor_extra_specs(flavor, {"lxd:privileged_allowed": "true"})
        assert conn.compute.fetch_flavor_extra_specs(flavor).extra_specs == {"lxd:privileged_allowed": "true"}
        assert conn.compute.get_flavor_extra_specs_property(flavor, "lxd:privileged_allowed") == "true"
    finally:
        conn.compute.delete_flavor(flavor)
    with pytest.raises(exceptions.NotFoundException, match="Flavor nope could not be found."):
        conn.compute.get_flavor("nope")


def test_sdk_keypairs(nova, connect) -> None:
    conn = connect(nova().cloud)
    keypair = conn.compute.create_keypair(name="sdk-key")
    try:
        assert keypair.private_key and keypair.type == "ssh"
        assert [k.name for k in conn.compute.keypairs()] == ["sdk-key"]
        assert conn.compute.get_keypair("sdk-key").fingerprint == keypair.fingerprint
    finally:
        conn.compute.delete_keypair("sdk-key")
    assert list(conn.compute.keypairs()) == []


def test_sdk_server_lifecycle(nova, connect) -> None:
    n = nova()
    conn = connect(n.cloud)
    image = conn.image.find_image("xenial")
    internal = conn.network.find_network("internal")
    server = conn.compute.create_server(name="sdk-vm", image_id=image.id, flavor_id="1",
                                        networks=[{"uuid": internal.id}])
    n.created.append(server.id)
    assert conn.compute.get_server(server.id).status == "BUILD"
    n.advance(n.boot_seconds())
    active = conn.compute.wait_for_server(server, status="ACTIVE", wait=10)
    assert (active.status, active.compute_host, active.flavor.id) == ("ACTIVE", "juju-7f3a21-0", "1")
    assert [a.action for a in conn.compute.server_actions(server)] == ["create"]
    assert [s.name for s in conn.compute.servers()] == ["sdk-vm"]
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=10)


def test_sdk_sees_the_fault_of_a_failed_build(nova, connect) -> None:
    n = nova()
    conn = connect(n.cloud)
    server = conn.compute.create_server(name="sdk-eph", image_id=n.image_id(), flavor_id="2", networks="none",
                                        availability_zone="nova:juju-7f3a21-0")
    n.created.append(server.id)
    n.advance(n.boot_seconds())
    with pytest.raises(exceptions.ResourceFailure):
        conn.compute.wait_for_server(server, status="ACTIVE", wait=10)
    failed = conn.compute.get_server(server.id)
    assert failed.fault["message"] == "Unsupport LXD storage detected. Supported storage drivers are zfs and btrfs."


def run_cli(n, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["OS_CLIENT_CONFIG_FILE"] = str(n.cloud.clouds_yaml)
    return subprocess.run([str(OPENSTACK_CLI), "--os-cloud", "embedded", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_cli_server_create_waits_until_active(nova, scenario_file) -> None:
    n = nova(scenario_file("quick-boot", "base: newton-lxd\npace: {boot_seconds: 0.5}\n"))
    started = time.monotonic()
    created = run_cli(n, "server", "create", "--image", "xenial", "--flavor", "m1.tiny", "--nic", "net-id=internal",
                      "--wait", "cli-vm", "-f", "json")
    assert created.returncode == 0, created.stderr
    server = json.loads(created.stdout)
    n.created.append(server["id"])
    assert (server["status"], server["flavor"], server["OS-EXT-SRV-ATTR:host"]) == ("ACTIVE", "m1.tiny (1)",
                                                                                    "juju-7f3a21-0")
    assert server["image"].startswith("xenial (")
    assert time.monotonic() - started < 60
    listed = run_cli(n, "server", "list", "-f", "json")
    assert [s["Name"] for s in json.loads(listed.stdout)] == ["cli-vm"]
    deleted = run_cli(n, "server", "delete", "--wait", "cli-vm")
    assert deleted.returncode == 0, deleted.stderr


def test_cli_flavors_and_keypairs(nova) -> None:
    n = nova()
    flavors = run_cli(n, "flavor", "list", "-f", "json")
    assert flavors.returncode == 0, flavors.stderr
    assert [f["Name"] for f in json.loads(flavors.stdout)] == ["m1.tiny", "m1.small", "m1.medium", "m1.large",
                                                               "m1.xlarge"]
    created = run_cli(n, "keypair", "create", "cli-key")  # the CLI makes the key itself and imports it
    assert created.returncode == 0 and "PRIVATE KEY-----" in created.stdout, created.stderr
    shown = json.loads(run_cli(n, "keypair", "show", "cli-key", "-f", "json").stdout)
    assert shown["name"] == "cli-key" and shown["type"] == "ssh"
    assert run_cli(n, "keypair", "delete", "cli-key").returncode == 0
