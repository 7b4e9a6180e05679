"""The image records other services read (`cloud.images.get`), without HTTP."""

from __future__ import annotations

import hashlib

from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.image.models import synthetic_chunks
from lxdstack.cloud.scenario import load_scenario


def test_preprovisioned_images_are_records_nova_can_read() -> None:
    cloud = CloudState(load_scenario("newton-lxd"), "http://127.0.0.1:1", "pw")
    (xenial,) = cloud.images.all()
    record = cloud.images.get(xenial.id)
    admin = cloud.identity.directory.project_by_name("admin", "default")
    assert (record.id, record.name, record.disk_format, record.container_format, record.status,
            record.visibility, record.owner, record.size) == (
        xenial.id, "xenial", "raw", "bare", "active", "public", admin.id, 1024 * 1024)
    assert cloud.images.get("no-such-image") is None


def test_synthetic_data_is_never_held_and_its_checksum_is_lazy() -> None:
    cloud = CloudState(load_scenario("newton-lxd"), "http://127.0.0.1:1", "pw")
    (xenial,) = cloud.images.all()
    assert xenial.data is None and xenial.stored_checksum is None
    expected = hashlib.md5(b"".join(synthetic_chunks("xenial", xenial.size))).hexdigest()
    assert xenial.checksum == expected == xenial.stored_checksum
    assert sum(len(chunk) for chunk in synthetic_chunks("x", 200_000)) == 200_000


def test_reset_gives_new_image_ids() -> None:
    cloud = CloudState(load_scenario("newton-lxd"), "http://127.0.0.1:1", "pw")
    before = {i.id for i in cloud.images.all()}
    cloud.reset()
    assert before.isdisjoint(i.id for i in cloud.images.all())
