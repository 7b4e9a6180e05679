"""Nova's instances against their LXD containers (lxdstack/platform/orphans.py), on hand-made LXD documents shaped as
LXD 5.0.2 returns them; and the expectations of a cloud whose compute hosts run different drivers."""

import pytest

from lxdstack.errors import InputError
from lxdstack.expectations import HostExpectation, load_expectations
from lxdstack.platform.lxd_api import LxdNotFound
from lxdstack.platform.orphans import ServerSeen, instance_problems, not_checked, orphan_problems, size_in_bytes

GIB = 1024 ** 3


class Documents:
    """An LxdApi answering from a dict of paths; anything else is LXD's 404."""

    where = "/run/lab.socket"

    def __init__(self, documents: dict):
        self.documents = documents

    def query(self, path: str):
        if path not in self.documents:
            raise LxdNotFound(f"LXD at {self.where}: GET {path}: not found")
        return self.documents[path]


def lab(status="Running", mnt: dict | None = None, size="40GiB", driver="btrfs") -> Documents:
    devices = {"root": {"type": "disk", "path": "/", "pool": "btrfs"}}
    if mnt is not None:
        devices["ephemeral0"] = mnt
    return Documents({
        "/1.0/instances/instance-0000000a": {"name": "instance-0000000a", "status": status,
                                             "expanded_devices": devices},
        "/1.0/storage-pools/btrfs": {"name": "btrfs", "driver": driver},
        "/1.0/storage-pools/btrfs/volumes/custom/u-ephemeral0": {"name": "u-ephemeral0", "config": {"size": size}},
    })


VOLUME = {"type": "disk", "path": "/mnt", "pool": "btrfs", "source": "u-ephemeral0"}


@pytest.mark.parametrize(("size", "expected"), [("40GiB", 40 * GIB), ("40GB", 40 * 10 ** 9),
                                                ("42949672960", 40 * GIB), ("512MiB", 512 * 1024 ** 2)])
def test_lxd_sizes_are_read_in_bytes(size, expected):
    assert size_in_bytes(size) == expected


def test_a_size_lxd_would_not_write_is_refused_by_name():
    with pytest.raises(ValueError, match="^'forty' is not an LXD size$"):
        size_in_bytes("forty")


def test_running_container_without_ephemeral_disk_is_fine():
    assert instance_problems(lab(), "instance-0000000a", 0, None) == []


def test_missing_container_is_named_with_its_lxd():
    assert instance_problems(lab(), "instance-0000000b", 0, None) == [
        "no container instance-0000000b in the LXD at /run/lab.socket"]


def test_stopped_container_is_not_running():
    assert instance_problems(lab(status="Stopped"), "instance-0000000a", 0, None) == [
        "container instance-0000000a is Stopped, expected Running"]


def test_ephemeral_volume_of_the_flavors_size_on_btrfs_is_fine():
    assert instance_problems(lab(mnt=VOLUME), "instance-0000000a", 40, "btrfs") == []


def test_ephemeral_volume_of_another_size_is_named():
    assert instance_problems(lab(mnt=VOLUME, size="20GiB"), "instance-0000000a", 40, "btrfs") == [
        "container instance-0000000a: /mnt is volume u-ephemeral0 of size 20GiB, expected the flavor's 40 GB (40GiB)"]


def test_ephemeral_volume_on_another_driver_is_named():
    assert instance_problems(lab(mnt=VOLUME, driver="dir"), "instance-0000000a", 40, "btrfs") == [
        "container instance-0000000a: /mnt is on pool btrfs (dir), expected a btrfs pool"]


def test_no_disk_at_mnt_is_named():
    assert instance_problems(lab(), "instance-0000000a", 40, "btrfs") == [
        "container instance-0000000a has no disk at /mnt for its 40 GB ephemeral disk"]


def test_newtons_own_subvolume_is_taken_as_it_is():
    """nova-lxd Newton bind-mounted a btrfs subvolume it made: a host path whose size LXD does not know."""
    mnt = {"type": "disk", "path": "/mnt", "source": "/var/lib/nova/instances/instance-0000000a/storage/ephemeral0"}
    assert instance_problems(lab(mnt=mnt), "instance-0000000a", 40, "btrfs") == []


def server(name="vm", status="ACTIVE", host="lxd1", instance="instance-0000000a", uuid="u-1"):
    return ServerSeen(id=uuid, name=name, status=status, host=host, instance_name=instance)


def container(name="instance-0000000a", status="Running", uuid=None):
    return {"name": name, "status": status, "config": {"user.nova-instance-uuid": uuid} if uuid else {}}


def test_servers_and_containers_that_agree_have_no_problem():
    assert orphan_problems("lxd1", "the LXD at s", [server(), server(host="aio", instance="instance-0000000b")],
                           [container(uuid="u-1")]) == []


def test_active_server_without_container_is_named():
    assert orphan_problems("lxd1", "the LXD at s", [server()], []) == [
        "server vm (u-1) is ACTIVE on lxd1, but the LXD at s has no container instance-0000000a"]


def test_active_server_whose_container_is_stopped_is_named():
    assert orphan_problems("lxd1", "the LXD at s", [server()], [container(status="Stopped")]) == [
        "server vm (u-1) is ACTIVE on lxd1, but its container instance-0000000a is Stopped"]


def test_a_server_in_error_needs_no_container_but_still_owns_one():
    assert orphan_problems("lxd1", "the LXD at s", [server(status="ERROR")], [container()]) == []


def test_container_of_no_live_server_is_an_orphan():
    assert orphan_problems("lxd1", "the LXD at s", [server(host="aio")], [container(uuid="u-9")]) == [
        "container instance-0000000a (Running) in the LXD at s belongs to no live server on lxd1 (tagged for "
        "instance u-9)"]


def test_container_tagged_for_another_instance_is_named():
    assert orphan_problems("lxd1", "the LXD at s", [server()], [container(uuid="u-9")]) == [
        "container instance-0000000a in the LXD at s is tagged for instance u-9, but Nova runs server vm (u-1) "
        "under that name"]


@pytest.mark.parametrize(("lxd", "reason"), [
    ("none", "the LXD of h is out of the suite's reach (lxd: none)"),
    ("embedded", None),
    ("/run/lab.socket", None),
])
def test_containers_are_checked_wherever_the_suite_reaches_lxd(lxd, reason):
    assert not_checked(HostExpectation(name="h", lxd=lxd)) == reason


def _compute(tmp_path, hosts: str):
    (tmp_path / "e.yaml").write_text(
        "cloud: c\nrelease: zed\ntoken_format: fernet\nservices: {compute: {versions: [v2.1]}}\n"
        f"compute: {{hypervisor_type: fake, storage_rule: none, boot_image: xenial, hosts: [{hosts}]}}\n")
    return load_expectations(tmp_path / "e.yaml").compute


def test_a_host_may_run_another_driver_than_the_section_says(tmp_path):
    compute = _compute(tmp_path, "{name: aio, lxd: none}, "
                                 "{name: lxd1, lxd: /run/s, hypervisor_type: lxd, storage_rule: root-pool}")
    aio, lxd1 = compute.hosts
    assert (compute.hypervisor_type_of(aio), compute.storage_rule_of(aio)) == ("fake", "none")
    assert (compute.hypervisor_type_of(lxd1), compute.storage_rule_of(lxd1)) == ("lxd", "root-pool")


def test_a_nova_lxd_host_out_of_reach_must_state_its_storage_under_its_own_rule(tmp_path):
    with pytest.raises(InputError, match=r"compute: Value error, host lxd1: with `lxd: none`, state its LXD storage "
                                         r"driver in `storage`$"):
        _compute(tmp_path, "{name: lxd1, lxd: none, storage_rule: root-pool}")
