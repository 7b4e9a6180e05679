"""Nova's block device mappings of attached volumes, and the device names Nova gives them. No HTTP here.

Nova creates the mapping when the attach is asked for (compute manager reserve_block_device_name) and destroys it
when a detach has finished, so a server lists a volume from `attaching` until it is `available` again. nova-lxd
implements neither default_root_device_name nor get_device_name_for_instance, so Nova's fallbacks name the
devices (compute/utils.py get_next_device_name @ newton-eol): the root is `/dev/sda` and volumes take the next
free letters, `/dev/sdb` first; a requested device keeps only its letter (`/dev/vdc` becomes `/dev/sdc`).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime

from lxdstack.cloud.core.errors import Conflict

DEVICE_PATTERN = "(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$"  # block_device.match_device
PREFIX = "/dev/sd"
ROOT_LETTER = "a"


@dataclass
class BlockDevice:
    volume_id: str
    device: str
    created: datetime
    detached_at: datetime | None = None  # when the detach finishes and Nova destroys the mapping

    def present(self, now: datetime) -> bool:
        return self.detached_at is None or now < self.detached_at


def attached(devices: list[BlockDevice], now: datetime) -> list[BlockDevice]:
    return [d for d in devices if d.present(now)]


def _letters() -> list[str]:
    """_get_unused_letter's order: a..z, then aa, ba, ... (doubles sorted after singles)."""
    doubles = [first + second for second in string.ascii_lowercase for first in string.ascii_lowercase]
    return sorted([*string.ascii_lowercase, *doubles], key=lambda letter: letter.rjust(2, "`"))


def next_device(devices: list[BlockDevice], now: datetime, requested: str | None) -> str:
    """The device name for a new volume; a requested letter already in use is Nova's 409 (DevicePathInUse)."""
    used = {ROOT_LETTER} | {re.match(DEVICE_PATTERN, d.device).group(2) for d in attached(devices, now)}
    if requested:
        letter = re.match(DEVICE_PATTERN, requested).group(2)
        if letter in used:
            raise Conflict(f"The supplied device path ({requested}) is in use.")
        return PREFIX + letter
    return PREFIX + next(letter for letter in _letters() if letter not in used)


def volumes_attached(devices: list[BlockDevice], now: datetime, since_2_3: bool) -> list[dict]:
    """The server's `os-extended-volumes:volumes_attached` (delete_on_termination from 2.3)."""
    shown = []
    for d in attached(devices, now):
        item: dict = {"id": d.volume_id}
        if since_2_3:
            item["delete_on_termination"] = False
        shown.append(item)
    return shown
