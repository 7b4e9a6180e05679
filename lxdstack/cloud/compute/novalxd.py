"""What nova-lxd Newton's driver decides in `spawn()`, per host: the one place that knows its limits.

Sources (see /work/shared/reference/openstack-on-lxd-facts.md §1 and real-nova-on-lxd.md):

* `spawn()` (nova-lxd newton-eol `nova/virt/lxd/driver.py:245-341`) first asks LXD whether the container exists
  (`containers.get`), so a host whose LXD daemon is broken fails there, before anything else is looked at; the
  scenario's `faults.boot_errors` stand for such hosts, the driver raising the given text.
* then `setup_image()` (`driver.py:1167-1334`) refuses any Glance `disk_format` other than `raw` or `root-tar`
  with ImageUnacceptable; the check sits inside a `try` that wraps every error once more as ImageUnacceptable
  with `Bad Image format: ...`, so the text names the image twice. Nova's compute manager turns
  ImageUnacceptable into BuildAbortException: the build is not rescheduled.
* then, after the container is created, `_add_ephemeral()` (`driver.py:1008-1074`) reads LXD's
  `environment.storage` and compares it with `zfs`, `btrfs` and `lvm` exactly; anything else (`dir`, or LXD 5's
  `btrfs | dir` for a host with two pool drivers) raises a NovaException with the text below (sic: "Unsupport",
  and lvm is handled though the text names only zfs and btrfs). Only flavors with ephemeral disk get that far.
  Any exception other than the image ones becomes RescheduledException in the compute manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxdstack.cloud.scenario import Host

ACCEPTED_DISK_FORMATS = ("raw", "root-tar")
EPHEMERAL_STORAGE_DRIVERS = ("zfs", "btrfs", "lvm")
UNSUPPORTED_STORAGE = "Unsupport LXD storage detected. Supported storage drivers are zfs and btrfs."


@dataclass(frozen=True)
class SpawnFailure:
    """The driver's exception as the compute manager sees it.

    `reason`: its text (`six.text_type(e)`, or `e.format_message()` for image errors). `abort`: the manager
    raises BuildAbortException (no reschedule) instead of RescheduledException.
    """

    reason: str
    abort: bool = False


def image_unacceptable(image_id: str, disk_format: str | None) -> str:
    """The double-wrapped ImageUnacceptable text of Newton's setup_image (`%s` of a missing format is None)."""
    inner = (f"Image {image_id} is unacceptable: nova-lxd does not support images in {disk_format} format. "
             "You should upload an image in raw or root-tar format.")
    return f"Image {image_id} is unacceptable: Bad Image format: {inner}"


def spawn(host: Host, image_id: str, disk_format: str | None, ephemeral_gb: int,
          boot_error: str | None = None) -> SpawnFailure | None:
    """Whether spawning on `host` fails, and how; None when the container starts."""
    if boot_error is not None:
        return SpawnFailure(boot_error)
    if disk_format not in ACCEPTED_DISK_FORMATS:
        return SpawnFailure(image_unacceptable(image_id, disk_format), abort=True)
    if ephemeral_gb > 0 and host.environment_storage() not in EPHEMERAL_STORAGE_DRIVERS:
        return SpawnFailure(UNSUPPORTED_STORAGE)
    return None


def console_log(hostname: str, image_name: str, started: datetime) -> list[str]:
    """Lines of the container's console log (`lxc.console.logfile`, which nova-lxd's get_console_output reads).

    A container has no kernel boot: its console shows the init system and cloud-init, as a xenial image's does.
    """
    release = "16.04.2 LTS" if "xenial" in image_name.lower() else "LTS"
    return [
        "systemd 229 running in system mode. (+PAM +AUDIT +SELINUX +IMA +APPARMOR +SMACK +SYSVINIT +UTMP)",
        "Detected virtualization lxc.",
        "Detected architecture x86-64.",
        "",
        f"Welcome to Ubuntu {release}!",
        "",
        f"Set hostname to <{hostname}>.",
        "[  OK  ] Reached target Remote File Systems.",
        "[  OK  ] Listening on Journal Socket.",
        "[  OK  ] Started Journal Service.",
        "         Starting Initial cloud-init job (pre-networking)...",
        "[  OK  ] Started Initial cloud-init job (pre-networking).",
        "[  OK  ] Reached target Network.",
        f"Cloud-init v. 0.7.9 running 'init' at {started:%a, %d %b %Y %H:%M:%S} +0000. Up 2.13 seconds.",
        "[  OK  ] Started OpenBSD Secure Shell server.",
        "[  OK  ] Reached target Multi-User System.",
        "",
        f"Ubuntu {release} {hostname} console",
        "",
        f"{hostname} login: ",
    ]
