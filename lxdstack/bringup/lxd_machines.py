"""'Juju machines' on a prepared LXD host: containers named and profiled as Juju makes them, launched from a local
image on a chosen storage pool, and the per-instance kernel-module override a kernel without loadable modules
needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pylxd

from lxdstack.bringup.lxd_steps import LXD_ERRORS
from lxdstack.bringup.profile import SEED_KERNEL_MODULES
from lxdstack.errors import InputError
from lxdstack.waiters import wait_until

MACHINE = re.compile(r"^juju-[0-9a-f]{6}-[0-9]+$")


def machine_name(model: str, number: int) -> str:
    """Juju's name for machine `number` of a model: juju-<last 6 hex digits of the model UUID>-<number>."""
    tail = model.replace("-", "")[-6:].lower()
    name = f"juju-{tail}-{number}"
    if not MACHINE.match(name):
        raise InputError(f"Juju machine name {name!r}: the model must end in 6 hex digits, the number be >= 0")
    return name


# A module this kernel has when none of the seed's is available: the containers' NICs hang on a Linux bridge.
STAND_IN_MODULE = "bridge"


def lab_kernel_modules(wanted: str = SEED_KERNEL_MODULES, sys_module: Path = Path("/sys/module")) -> str:
    """The instance-level linux.kernel_modules for a kernel that cannot load modules: those of `wanted` it has.

    LXD loads every module listed in an instance's expanded config before it starts it, and refuses to start when
    one is neither in /sys/module nor loadable ("Failed to load kernel module 'openvswitch': Failed to run:
    modprobe -b openvswitch"). Instance config beats the profile's, so the lab sets this per instance and the
    profile keeps the seed's list. When the kernel has none of them, the value is STAND_IN_MODULE: LXD drops an
    instance key set to "" (the profile's list would apply again), so the override must name a module the kernel
    has.
    """
    have = [m for m in (part.strip() for part in wanted.split(",")) if m and (sys_module / m).exists()]
    if have:
        return ",".join(have)
    if (sys_module / STAND_IN_MODULE).exists():
        return STAND_IN_MODULE
    raise InputError(f"this kernel has none of the modules {wanted} nor {STAND_IN_MODULE} (in {sys_module})")


class MachineLaunchFailed(Exception):
    """A Juju machine container could not be created or started; the message carries LXD's own text."""


def launch_machine(client: pylxd.Client, name: str, *, image: str = "lab-busybox", pool: str = "default",
                   profiles: tuple[str, ...] = ("default", "juju-default"), kernel_modules: str | None = None,
                   timeout: float = 120.0) -> Any:
    """Create container `name` from image alias `image` with `profiles`, its root disk on `pool` (an instance
    device overriding the profiles'), start it and wait until LXD reports it Running.

    `kernel_modules` overrides the profiles' linux.kernel_modules for this instance (see lab_kernel_modules).
    Returns the pylxd instance."""
    config: dict[str, Any] = {
        "name": name, "source": {"type": "image", "alias": image}, "profiles": list(profiles),
        "devices": {"root": {"path": "/", "pool": pool, "type": "disk"}}, "config": {}}
    if kernel_modules is not None:
        config["config"]["linux.kernel_modules"] = kernel_modules
    try:
        instance = client.instances.create(config, wait=True)
        instance.start(wait=True)
    except LXD_ERRORS as exc:
        raise MachineLaunchFailed(f"{name}: {exc}") from None

    def running() -> bool:
        instance.sync()
        if instance.status in ("Error", "Stopped"):
            raise MachineLaunchFailed(f"{name}: went to {instance.status} after start")
        return instance.status == "Running"

    wait_until(running, timeout, f"LXD container {name} to be Running")
    return instance
