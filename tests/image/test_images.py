"""Images as nova-lxd takes them: root tarballs in raw (or root-tar) format boot; qcow2 is refused."""

import allure
import pytest

from lxdstack.images import QCOW2_HEADER, root_tarball
from lxdstack.novalxd import image_limitation
from lxdstack.servers import delete_and_wait, wait_active

pytestmark = [allure.feature("Image"), allure.story("Image formats"), pytest.mark.requires("image")]
SMALLEST = "m1.tiny"


@allure.id("image-boot-image-usable")
@pytest.mark.smoke
def test_boot_image_is_active_in_a_format_the_hypervisor_boots(compute, boot_image):
    assert boot_image.status == "active", f"image {boot_image.name} is {boot_image.status}"
    assert image_limitation(boot_image.disk_format, compute.hypervisor_type) is None, (
        f"image {boot_image.name} is {boot_image.disk_format}, which {compute.hypervisor_type} cannot boot")


@allure.id("image-raw-boots")
def test_uploaded_root_tarball_boots(compute, admin_cloud, make_image, make_server, timeouts):
    image = make_image(admin_cloud, "rawimage", root_tarball(), disk_format="raw")
    flavor = admin_cloud.compute.find_flavor(SMALLEST, ignore_missing=False)
    server = make_server(admin_cloud, "rawboot", image.id, flavor.id)
    server = wait_active(admin_cloud, server.id, server.name, timeouts)
    delete_and_wait(admin_cloud, server.id, server.name, timeouts)


@allure.id("image-qcow2-refused")
def test_qcow2_image_boot(expect_limitation, compute, admin_cloud, make_image, make_server, timeouts):
    """On nova-lxd a qcow2 image is refused with nova-lxd's own message (a strict xfail); elsewhere it boots."""
    limitation = image_limitation("qcow2", compute.hypervisor_type)
    image = make_image(admin_cloud, "qcowimage", QCOW2_HEADER, disk_format="qcow2")
    flavor = admin_cloud.compute.find_flavor(SMALLEST, ignore_missing=False)
    server = make_server(admin_cloud, "qcowboot", image.id, flavor.id)
    with expect_limitation(limitation):
        wait_active(admin_cloud, server.id, server.name, timeouts)
    delete_and_wait(admin_cloud, server.id, server.name, timeouts)
