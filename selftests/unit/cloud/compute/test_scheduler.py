"""The build logic without HTTP: nova-lxd's per-host decisions and Newton's scheduling rules."""

from __future__ import annotations

import pytest

from lxdstack.cloud.compute import novalxd, scheduler
from lxdstack.cloud.compute.hosts import Services
from lxdstack.cloud.scenario import Host, StoragePool

UUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


def request(**changes) -> scheduler.BuildRequest:
    return scheduler.BuildRequest(**{"instance_uuid": UUID, "image_id": "img", "disk_format": "raw",
                                     "ephemeral_gb": 40, **changes})


@pytest.mark.parametrize(("storage", "accepted"), [("btrfs", True), ("zfs", True), ("lvm", True), ("dir", False)])
def test_ephemeral_disks_need_zfs_btrfs_or_lvm(storage: str, accepted: bool) -> None:
    failure = novalxd.spawn(Host(name="h", storage=storage), "img", "raw", 40)
    assert failure is None if accepted else failure == novalxd.SpawnFailure(novalxd.UNSUPPORTED_STORAGE)


def test_two_pool_drivers_fail_the_exact_comparison_even_with_a_btrfs_root() -> None:
    host = Host(name="h", storage_pools=[StoragePool(name="default", driver="dir"),
                                         StoragePool(name="fast", driver="btrfs")], root_pool="fast")
    assert host.environment_storage() == "dir | btrfs"
    assert novalxd.spawn(host, "img", "raw", 40) is not None
    assert novalxd.spawn(host, "img", "raw", 0) is None  # no ephemeral disk, no check


@pytest.mark.parametrize(("disk_format", "accepted"), [("raw", True), ("root-tar", True), ("qcow2", False),
                                                        ("squashfs", False), (None, False)])
def test_only_raw_and_root_tar_images(disk_format, accepted: bool) -> None:
    failure = novalxd.spawn(Host(name="h", storage="btrfs"), "img", disk_format, 0)
    assert (failure is None) is accepted
    if failure is not None:
        assert failure.abort and f"does not support images in {disk_format} format" in failure.reason


def test_a_broken_host_fails_before_the_image_is_looked_at() -> None:
    failure = novalxd.spawn(Host(name="h"), "img", "qcow2", 0, boot_error="LXD is gone")
    assert failure == novalxd.SpawnFailure("LXD is gone")


def test_truncation_counts_utf8_bytes_and_never_splits_a_character() -> None:
    assert scheduler.truncate("é" * 200) == "é" * 127
    assert scheduler.truncate("x" * 300) == "x" * 255


def test_the_host_with_most_free_ram_is_tried_first_then_the_next() -> None:
    services = Services([Host(name="a"), Host(name="b"), Host(name="c", storage="btrfs")])
    free = {"a": 100, "b": 300, "c": 200}
    outcome = scheduler.build(request(), services, free.__getitem__, {}, 3)
    assert [a.host for a in outcome.attempts] == ["b", "c"] and outcome.host == "c"


def test_ties_keep_the_compute_nodes_order() -> None:
    services = Services([Host(name="b", storage="btrfs"), Host(name="a", storage="btrfs")])
    assert scheduler.build(request(), services, lambda _: 0, {}, 3).host == "b"


def test_an_image_refusal_is_never_rescheduled() -> None:
    services = Services([Host(name="a", storage="btrfs"), Host(name="b", storage="btrfs")])
    outcome = scheduler.build(request(disk_format="qcow2"), services, lambda _: 0, {}, 3)
    assert len(outcome.attempts) == 1 and outcome.fault is not None
    assert outcome.fault.message.startswith(f"Build of instance {UUID} aborted: ")


def test_forced_host_ignores_disabled_but_not_down() -> None:
    services = Services([Host(name="a", storage="btrfs")])
    compute = services.compute("a")
    assert compute is not None
    compute.disabled = True
    assert scheduler.build(request(forced_host="a"), services, lambda _: 0, {}, 3).host == "a"
    assert scheduler.build(request(), services, lambda _: 0, {}, 3).fault.message == scheduler.NO_VALID_HOST
    compute.forced_down = True
    assert scheduler.build(request(forced_host="a"), services, lambda _: 0, {}, 3).stuck
