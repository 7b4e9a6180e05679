"""The post-deploy steps against a running embedded cloud: create what is missing, skip what is there (a second run
skips every step), report drift without changing anything, and stop with a clear line when the image file is needed
but not given.

The default scenario already has everything the seed's post-deploy made; these clouds start from scenarios with
only part of it (written here), so that both creating and skipping happen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lxdstack.bringup.post_deploy import PostDeploySettings, post_deploy_steps
from lxdstack.bringup.steps import StepFailed, run_steps
from lxdstack.connect import CloudSpec, connect
from lxdstack.embedded import EmbeddedCloud
from lxdstack.images import root_tarball
from lxdstack.keys import new_key
from lxdstack.timeouts import Timeouts

# Only m1.tiny, no image, no networks: the rest is the post-deploy's to create.
FRESH = {"name": "bringup-fresh", "description": "a deployed cloud before its post-deploy steps",
         "base": "newton-lxd", "expects": "newton-lxd", "images": [],
         "compute": {"flavors": [{"name": "m1.tiny", "ram": 512, "disk": 1, "ephemeral": 0, "vcpus": 1}]},
         "network": {"networks": [], "routers": []}}
# Made by hand, differently: m1.small with 2 GB, ext_net on another subnet, the image as qcow2; no router.
DRIFTED = {"name": "bringup-drifted", "description": "post-deploy objects made by hand, differently",
           "base": "newton-lxd", "expects": "newton-lxd",
           "images": [{"name": "xenial", "disk_format": "qcow2"}],
           "compute": {"flavors": [{"name": "m1.small", "ram": 2048, "disk": 20, "ephemeral": 40, "vcpus": 1}]},
           "network": {"routers": [], "networks": [
               {"name": "ext_net", "external": True, "provider": {"network_type": "flat",
                                                                  "physical_network": "physnet1"},
                "subnets": [{"name": "ext_net_subnet", "cidr": "10.0.9.0/24", "gateway_ip": "10.0.9.1",
                             "enable_dhcp": False, "allocation_pools": [{"start": "10.0.9.201",
                                                                         "end": "10.0.9.254"}]}]}]}}


def _start(tmp_path: Path, scenario: dict) -> EmbeddedCloud:
    path = tmp_path / f"{scenario['name']}.yaml"
    path.write_text(yaml.safe_dump(scenario))
    return EmbeddedCloud.start(str(path), tmp_path / "cloud", password="bring-up")


@pytest.fixture
def files(tmp_path):
    key = tmp_path / "id_rsa.pub"
    key.write_text(new_key("bring-up-test").public_key + "\n")
    image = tmp_path / "xenial-server-cloudimg-amd64-root.tar.gz"
    image.write_bytes(root_tarball())
    return key, image


def _run(cloud: EmbeddedCloud, settings: PostDeploySettings) -> tuple[list[str], list[str]]:
    """(what run_steps said, the drift lines) for one post-deploy run on its own connection."""
    conn = connect(CloudSpec(cloud="embedded", config_file=str(cloud.clouds_yaml)))
    said, drift = [], []
    run_steps(post_deploy_steps(settings, lambda: conn, Timeouts(), report=drift.append), said.append)
    return said, drift


def test_post_deploy_creates_what_is_missing_then_a_second_run_skips_every_step(tmp_path, files):
    key, image = files
    settings = PostDeploySettings(public_key=key, image_file=image)
    flavor = {name: f"flavor {name}: {ram} MB RAM, {disk} GB disk, {eph} GB ephemeral, {cpu} vCPU, public"
              for name, ram, disk, eph, cpu in (("m1.tiny", 512, 1, 0, 1), ("m1.small", 1024, 20, 40, 1),
                                                ("m1.medium", 2048, 40, 40, 2), ("m1.large", 8192, 40, 40, 4),
                                                ("m1.xlarge", 16384, 80, 40, 8))}
    titles = [*flavor.values(), f"keypair mykey from {key}",
              "external network ext_net: subnet ext_net_subnet 10.0.8.0/24, gateway 10.0.8.1, floating "
              "10.0.8.201-10.0.8.254, no DHCP; router provider-router with its gateway there",
              "tenant network internal: subnet internal_subnet 192.168.20.0/24, DNS 10.0.8.1; interface of router "
              "provider-router",
              f"image xenial: raw, bare, public, from {image}"]
    with _start(tmp_path, FRESH) as cloud:
        first, first_drift = _run(cloud, settings)
        second, second_drift = _run(cloud, settings)
        conn = connect(CloudSpec(cloud="embedded", config_file=str(cloud.clouds_yaml)))
        router = conn.network.find_router("provider-router")
        ext_net = conn.network.find_network("ext_net")
        image_found = conn.image.find_image("xenial")
        small = conn.compute.find_flavor("m1.small")

    assert first == [f"skip  {titles[0]} (already done)"] + [
        line for title in titles[1:] for line in (f"do    {title}", f"done  {title}")]
    assert second == [f"skip  {title} (already done)" for title in titles]
    assert first_drift == second_drift == []
    assert router.external_gateway_info["network_id"] == ext_net.id and ext_net.is_router_external
    assert (image_found.disk_format, image_found.container_format, image_found.status) == ("raw", "bare", "active")
    assert (small.ram, small.disk, small.ephemeral, small.vcpus, small.is_public) == (1024, 20, 40, 1, True)


def test_post_deploy_reports_drift_and_changes_nothing_that_exists(tmp_path, files):
    """m1.small, ext_net's subnet and the image were made by hand, differently: each is said once, left as it is;
    what is missing (the router, its gateway, the other flavors) is still created."""
    key, image = files
    other_key = new_key("someone-else").public_key
    with _start(tmp_path, DRIFTED) as cloud:
        conn = connect(CloudSpec(cloud="embedded", config_file=str(cloud.clouds_yaml)))
        conn.compute.create_keypair(name="mykey", public_key=other_key)
        said, drift = _run(cloud, PostDeploySettings(public_key=key, image_file=image))
        small = conn.compute.find_flavor("m1.small")
        subnet = conn.network.find_subnet("ext_net_subnet")
        images = [(i.name, i.disk_format) for i in conn.image.images()]
        keypair = conn.compute.find_keypair("mykey")

    assert drift == [
        "flavor m1.small: ram 2048 (expected 1024)",
        f"keypair mykey: its public key is not the one in {key}",
        "subnet ext_net_subnet: cidr is '10.0.9.0/24', expected '10.0.8.0/24'",
        "subnet ext_net_subnet: gateway is '10.0.9.1', expected '10.0.8.1'",
        "subnet ext_net_subnet: pools is ('10.0.9.201-10.0.9.254',), expected ('10.0.8.201-10.0.8.254',)",
        "image xenial: disk_format 'qcow2' (expected 'raw')",
    ]
    assert [line.split("  ", 1)[0] for line in said if "ext_net" in line] == ["do", "done"]
    assert small.ram == 2048 and subnet.cidr == "10.0.9.0/24" and images == [("xenial", "qcow2")]
    assert keypair.public_key.split()[:2] == other_key.split()[:2]


def test_missing_image_without_a_file_stops_at_the_image_step(tmp_path, files):
    key, _ = files
    with _start(tmp_path, FRESH) as cloud, pytest.raises(StepFailed) as failed:
        _run(cloud, PostDeploySettings(public_key=key, image_file=None))
    assert failed.value.step.name == "image-xenial"
    assert str(failed.value) == (
        "image-xenial: image xenial: raw, bare, public, from <no file given>: failed:\n"
        "image xenial does not exist and no image file was given (nothing is downloaded here): give the root "
        "tarball, e.g. xenial-server-cloudimg-amd64-root.tar.gz")
