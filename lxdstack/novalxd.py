"""What nova-lxd will refuse, predicted from what the suite discovered about a host — never from names.

The texts are nova-lxd's and Nova's own, so a known limitation is recognised by its exact signature and any
other failure stays a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from lxdstack.errors import KnownLimitation, ResourceFailed
from lxdstack.lxd import HostStorage

# nova-lxd Newton, driver.py _add_ephemeral: the else-branch for any driver but zfs, btrfs (and lvm, handled
# though not named in the message).
EPHEMERAL_REFUSAL = "Unsupport LXD storage detected. Supported storage drivers are zfs and btrfs."
EPHEMERAL_DRIVERS = ("zfs", "btrfs", "lvm")


@dataclass(frozen=True)
class Limitation:
    """A documented nova-lxd limitation expected for one case, and the fault text that proves it."""

    reason: str
    signature: str

    def matches(self, fault_message: str) -> bool:
        return self.signature in fault_message


@contextmanager
def confirmed_by_fault(limitation: Limitation | None) -> Iterator[None]:
    """Turn a resource failure that carries the limitation's exact signature into `KnownLimitation`; any other
    failure (or any failure when nothing was predicted) stays what it is."""
    try:
        yield
    except ResourceFailed as failure:
        if limitation and limitation.matches(failure.fault_message):
            raise KnownLimitation(f"{limitation.reason}; Nova's fault: {failure.fault_message}") from failure
        raise


def storage_driver_seen(storage: HostStorage, rule: str) -> str:
    """The driver string nova-lxd compares, under the cloud's rule."""
    if rule == "root-pool":
        return storage.root_driver or ""
    return storage.environment  # newton-exact: the whole environment.storage string


def ephemeral_limitation(flavor: str, ephemeral_gb: int, host: str, storage: HostStorage,
                         rule: str) -> Limitation | None:
    """The limitation a flavor with ephemeral disk meets on a host nova-lxd cannot give one, else None."""
    if rule == "none":  # not nova-lxd: nothing refuses ephemeral disks for lack of a storage driver
        return None
    driver = storage_driver_seen(storage, rule)
    if ephemeral_gb <= 0 or driver in EPHEMERAL_DRIVERS:
        return None
    return Limitation(
        reason=(f"known limitation: nova-lxd cannot give {flavor}'s {ephemeral_gb} GB ephemeral disk on {host}, "
                f"whose LXD storage is {driver!r} ({storage.source}; rule {rule}); fix: back the compute "
                f"host's LXD with zfs or btrfs, or use flavors without ephemeral disk"),
        signature=EPHEMERAL_REFUSAL,
    )


def image_limitation(disk_format: str, hypervisor_type: str) -> Limitation | None:
    """nova-lxd boots only raw and root-tar images (Newton).

    The signature is what survives Nova's 255-character truncation of the doubly wrapped "Build of instance
    <uuid> aborted: Image <id> is unacceptable: Bad Image format: Image <id> is unacceptable: nova-lxd does not
    support images in qcow2 format. You should upload …".
    """
    if hypervisor_type != "lxd" or disk_format in ("raw", "root-tar"):
        return None
    return Limitation(
        reason=(f"known limitation: nova-lxd refuses {disk_format} images; upload root tarballs with "
                f"disk_format raw or root-tar"),
        signature=f"does not support images in {disk_format} format",
    )
