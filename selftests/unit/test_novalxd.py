"""Predicting nova-lxd's limitations from discovered storage, under each rule."""

import pytest

from lxdstack.lxd import HostStorage
from lxdstack.novalxd import EPHEMERAL_REFUSAL, ephemeral_limitation, image_limitation

DIR = HostStorage("dir", "dir", "LXD at /s")
BTRFS = HostStorage("btrfs", "btrfs", "LXD at /s")
TWO = HostStorage("btrfs | dir", "btrfs", "LXD at /s")


@pytest.mark.parametrize("storage, rule, refused", [
    (DIR, "newton-exact", True), (BTRFS, "newton-exact", False), (TWO, "newton-exact", True),
    (DIR, "root-pool", True), (TWO, "root-pool", False), (HostStorage("lvm", "lvm", "x"), "newton-exact", False),
], ids=["dir", "btrfs", "two-drivers-newton", "dir-root-pool", "two-drivers-root-pool", "lvm"])
def test_ephemeral_refusal_follows_the_rule(storage, rule, refused):
    limitation = ephemeral_limitation("m1.small", 40, "h1", storage, rule)
    assert (limitation is not None) == refused
    if limitation:
        assert limitation.signature == EPHEMERAL_REFUSAL
        for word in ("m1.small", "h1", repr(storage_driver(storage, rule)), "zfs or btrfs"):
            assert word in limitation.reason


def storage_driver(storage, rule):
    return storage.root_driver if rule == "root-pool" else storage.environment


def test_no_ephemeral_disk_no_limitation():
    assert ephemeral_limitation("m1.tiny", 0, "h1", DIR, "newton-exact") is None


def test_qcow2_only_on_lxd():
    assert image_limitation("qcow2", "lxd").matches("Build of instance x aborted: … does not support images in "
                                                    "qcow2 format. You should")
    assert image_limitation("raw", "lxd") is None
    assert image_limitation("qcow2", "fake") is None
