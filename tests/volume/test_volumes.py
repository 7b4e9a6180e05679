"""Cinder: its services are up, and a volume is created, attached to a server through Nova, detached and deleted
(the seed's `cinder create --display-name testvolume 10`)."""

import allure
import pytest

from lxdstack import volumes
from lxdstack.servers import wait_active

pytestmark = [allure.feature("Block storage"), allure.story("Volumes"), pytest.mark.requires("volumev3")]

SMALLEST = "m1.tiny"


@allure.id("volume-services-up")
@pytest.mark.smoke
def test_volume_services_are_up(block_storage, admin_cloud):
    services = list(admin_cloud.block_storage.services())
    for binary in block_storage.services:
        found = [s for s in services if s.binary == binary]
        assert found, f"no {binary} service (services: {', '.join(sorted({s.binary for s in services}))})"
        down = [f"{s.host} ({s.state}/{s.status})" for s in found if (s.state, s.status) != ("up", "enabled")]
        assert not down, f"{binary} is not up and enabled on {', '.join(down)}"


@allure.id("volume-lifecycle")
@pytest.mark.smoke
def test_volume_becomes_available_and_is_deleted(block_storage, admin_cloud, make_volume, timeouts):
    volume = make_volume(admin_cloud, "volume", block_storage.size_gb)
    volume = volumes.wait_volume(admin_cloud, volume.id, volume.name, "available", timeouts)
    assert volume.size == block_storage.size_gb, f"volume {volume.name} has {volume.size} GB"
    volumes.delete_and_wait(admin_cloud, volume.id, volume.name, timeouts)


@allure.id("volume-attach-detach")
@pytest.mark.requires("compute")
def test_volume_attaches_to_a_server_and_detaches(block_storage, compute, admin_cloud, boot_image, make_server,
                                                  make_volume, timeouts):
    volume = make_volume(admin_cloud, "volume", block_storage.size_gb)
    flavor = admin_cloud.compute.find_flavor(SMALLEST, ignore_missing=False)
    server = make_server(admin_cloud, "volumehost", boot_image.id, flavor.id)
    volume = volumes.wait_volume(admin_cloud, volume.id, volume.name, "available", timeouts)
    server = wait_active(admin_cloud, server.id, server.name, timeouts)

    volumes.attach(admin_cloud, server.id, server.name, volume.id, volume.name)
    volume = volumes.wait_volume(admin_cloud, volume.id, volume.name, "in-use", timeouts)
    assert [a["server_id"] for a in volume.attachments] == [server.id], \
        f"volume {volume.name} is attached to {volume.attachments}, expected {server.name}"
    listed = [a.volume_id for a in admin_cloud.compute.volume_attachments(server.id)]
    assert listed == [volume.id], f"server {server.name} lists volumes {listed}, expected {volume.name}"

    volumes.detach(admin_cloud, server.id, server.name, volume.id, volume.name)
    volume = volumes.wait_volume(admin_cloud, volume.id, volume.name, "available", timeouts)
    assert volume.attachments == [], f"volume {volume.name} still lists attachments {volume.attachments}"
