"""Glance v2 as openstacksdk's image proxy drives it: the seed's `xenial`, uploads, visibility, changes."""

from __future__ import annotations

import hashlib

import pytest
from openstack import exceptions

# The first bytes of a qcow2 header: the cloud does not look inside, but the test uploads what a user would.
QCOW2 = b"QFI\xfb\x00\x00\x00\x03" + bytes(range(256)) * 16


def test_xenial_is_preprovisioned_public_raw_and_owned_by_admin(admin_conn, demo_conn) -> None:
    xenial = demo_conn.image.find_image("xenial", ignore_missing=False)
    assert (xenial.status, xenial.visibility, xenial.disk_format, xenial.container_format) == (
        "active", "public", "raw", "bare")
    admin_project = admin_conn.identity.find_project("admin", ignore_missing=False)
    assert xenial.owner == admin_project.id
    assert xenial.size == 1024 * 1024
    assert xenial.virtual_size is None
    data = demo_conn.image.download_image(xenial).content
    assert len(data) == xenial.size
    assert hashlib.md5(data).hexdigest() == xenial.checksum


def test_qcow2_upload_becomes_active_with_its_checksum(admin_conn, image_name: str) -> None:
    image = admin_conn.image.create_image(image_name, data=QCOW2, disk_format="qcow2", container_format="bare")
    try:
        shown = admin_conn.image.get_image(image.id)
        assert (shown.status, shown.disk_format, shown.size) == ("active", "qcow2", len(QCOW2))
        assert shown.checksum == hashlib.md5(QCOW2).hexdigest()
        assert shown.visibility == "private"
        assert shown.owner == admin_conn.current_project_id
        assert shown.properties["owner_specified.openstack.object"] == f"images/{image_name}"
        assert admin_conn.image.download_image(shown).content == QCOW2
        assert [i.id for i in admin_conn.image.images(name=image_name)] == [image.id]
    finally:
        admin_conn.image.delete_image(image)
    assert admin_conn.image.find_image(image_name) is None
    with pytest.raises(exceptions.NotFoundException):
        admin_conn.image.get_image(image.id)


def test_a_member_sees_public_and_own_images_an_admin_all(admin_conn, demo_conn, image_name: str) -> None:
    mine = demo_conn.image.create_image(image_name + "-demo", data=b"d" * 10, disk_format="raw")
    admins = admin_conn.image.create_image(image_name + "-admin", data=b"a" * 10, disk_format="raw")
    try:
        seen_by_demo = {i.name for i in demo_conn.image.images()}
        assert {"xenial", mine.name} <= seen_by_demo
        assert admins.name not in seen_by_demo
        assert {mine.name, admins.name} <= {i.name for i in admin_conn.image.images()}
        assert demo_conn.image.find_image(admins.id) is None
        private = {i.name for i in demo_conn.image.images(visibility="private")}
        assert mine.name in private and "xenial" not in private
        assert [i.name for i in demo_conn.image.images(visibility="public", name="xenial")] == ["xenial"]
    finally:
        demo_conn.image.delete_image(mine)
        admin_conn.image.delete_image(admins)


def test_a_member_may_not_change_or_delete_a_public_image(demo_conn) -> None:
    xenial = demo_conn.image.find_image("xenial", ignore_missing=False)
    with pytest.raises(exceptions.ForbiddenException, match="not permitted to delete this image"):
        demo_conn.image.delete_image(xenial)
    with pytest.raises(exceptions.ForbiddenException, match="not permitted to modify 'name'"):
        demo_conn.image.update_image(xenial, name="renamed")


def test_only_an_admin_may_publicize(admin_conn, demo_conn, image_name: str) -> None:
    with pytest.raises(exceptions.ForbiddenException, match="publicize_image"):
        demo_conn.image.create_image(image_name, data=b"x", disk_format="raw", visibility="public",
                                     allow_duplicates=True)
    image = admin_conn.image.create_image(image_name, data=b"x", disk_format="raw", visibility="public")
    try:
        assert demo_conn.image.find_image(image_name).id == image.id
    finally:
        admin_conn.image.delete_image(image)


def test_update_changes_attributes_and_properties(admin_conn, image_name: str) -> None:
    image = admin_conn.image.create_image(image_name, data=b"x", disk_format="root-tar", os_distro="ubuntu")
    try:
        updated = admin_conn.image.update_image(image, name=image_name + "-2", min_ram=512, hw_arch="x86_64")
        assert (updated.name, updated.min_ram, updated.properties["hw_arch"]) == (image_name + "-2", 512, "x86_64")
        assert updated.disk_format == "root-tar"
        assert admin_conn.image.get_image(image.id).os_distro == "ubuntu"
    finally:
        admin_conn.image.delete_image(image)


def test_protected_image_is_not_deleted(admin_conn, image_name: str) -> None:
    image = admin_conn.image.create_image(image_name, data=b"x", disk_format="raw", is_protected=True)
    with pytest.raises(exceptions.ForbiddenException, match="is protected and cannot be deleted"):
        admin_conn.image.delete_image(image)
    admin_conn.image.update_image(image, is_protected=False)
    admin_conn.image.delete_image(image)


def test_images_are_paged_and_the_sdk_follows_next(admin_conn, api, admin_token: str, image_name: str) -> None:
    created = [admin_conn.image.create_image(f"{image_name}-{n}", data=b"p", disk_format="raw", page_tag=image_name)
               for n in range(3)]
    try:
        first = api.request("GET", f"/image/v2/images?page_tag={image_name}&limit=2", admin_token).json()
        assert len(first["images"]) == 2
        assert first["first"] == f"/v2/images?page_tag={image_name}&limit=2"
        assert first["next"].startswith(f"/v2/images?page_tag={image_name}&limit=2&marker=")
        rest = api.request("GET", "/image" + first["next"], admin_token).json()
        assert [i["id"] for i in first["images"] + rest["images"]] == [i.id for i in reversed(created)]
        listed = list(admin_conn.image.images(limit=1, sort_key="name", sort_dir="asc"))
        names = [i.name for i in listed if i.name.startswith(image_name)]
        assert names == [f"{image_name}-{n}" for n in range(3)]
    finally:
        for image in created:
            admin_conn.image.delete_image(image)
