"""Test images: a tiny root filesystem tarball (what nova-lxd boots), uploaded with an explicit disk format.

openstacksdk uploads qcow2 unless told otherwise, which nova-lxd refuses: every upload here names its format.
"""

from __future__ import annotations

import io
import tarfile
import time

from openstack.connection import Connection
from openstack.image.v2.image import Image

from lxdstack.resources import delete_until_gone, fetch_or_none, wait_for_status
from lxdstack.steps import step
from lxdstack.timeouts import Timeouts

# The first bytes of a qcow2 file ("QFI\xfb", version 3): enough for anything that sniffs the format.
QCOW2_HEADER = b"QFI\xfb\x00\x00\x00\x03" + bytes(504)


def root_tarball() -> bytes:
    """A gzipped root filesystem skeleton, the shape of xenial-server-cloudimg-amd64-root.tar.gz."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for directory in ("bin", "dev", "etc", "proc", "root", "sbin", "sys", "tmp", "usr", "var"):
            info = tarfile.TarInfo(directory)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, int(time.time())
            tar.addfile(info)
        hostname = b"lxdstack-test\n"
        info = tarfile.TarInfo("etc/hostname")
        info.size, info.mtime = len(hostname), int(time.time())
        tar.addfile(info, io.BytesIO(hostname))
    return buffer.getvalue()


def get_image(conn: Connection, image_id: str) -> Image | None:
    return fetch_or_none(conn.image.get_image, image_id)


@step("Upload image {name} ({disk_format})")
def upload(conn: Connection, name: str, data: bytes, disk_format: str, container_format: str = "bare") -> Image:
    """Create and upload an image (openstacksdk deletes it itself if the upload fails)."""
    return conn.image.create_image(name=name, data=data, disk_format=disk_format,
                                   container_format=container_format, allow_duplicates=True)


@step("Wait for image {image.name} to become active")
def wait_image_active(conn: Connection, image: Image, timeouts: Timeouts) -> Image:
    return wait_for_status(lambda: get_image(conn, image.id), f"image {image.name}", "active",
                           timeout=timeouts.image_active, failures=("KILLED", "DELETED"),
                           interval=timeouts.poll_interval, max_interval=timeouts.poll_interval_max)


@step("Delete image {name} and wait until it is gone")
def delete_and_wait(conn: Connection, image_id: str, name: str, timeouts: Timeouts) -> None:
    delete_until_gone(lambda: conn.image.delete_image(image_id, ignore_missing=True),
                      lambda: get_image(conn, image_id), f"image {name}", timeouts.image_active, timeouts)
