"""Cinder's services (os-services), and where the scheduler may place a volume.

A service is `up` while its last heartbeat is at most `service_down_time` (60 s) old; services report every
`report_interval` (10 s). A service the scenario says is down stopped reporting two down-times before the cloud
started, so it reads `down` from the first request on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from lxdstack.cloud.volume.scenario import Service as ServiceSpec

REPORT_INTERVAL = timedelta(seconds=10)  # cinder/common/config.py report_interval
SERVICE_DOWN_TIME = timedelta(seconds=60)  # service_down_time


@dataclass(frozen=True)
class Service:
    binary: str
    host: str
    zone: str
    up: bool
    started: datetime  # the cloud's start: heartbeats count from there

    @property
    def backend(self) -> str:
        """A cinder-volume host's backend (`cinder@cinder-ceph` → `cinder-ceph`), which names its one pool."""
        return self.host.partition("@")[2]

    def updated_at(self, now: datetime) -> datetime:
        """The last heartbeat."""
        if not self.up:
            return self.started - 2 * SERVICE_DOWN_TIME
        return now - (now - self.started) % REPORT_INTERVAL


class Services:
    def __init__(self, specs: list[ServiceSpec], started: datetime) -> None:
        self.services = [Service(s.binary, s.host, s.zone, s.up, started) for s in specs]

    def listing(self, host: str | None, binary: str | None) -> list[Service]:
        return [s for s in self.services if host in (None, s.host) and binary in (None, s.binary)]

    def zones(self) -> set[str]:
        """Zones a volume may ask for: the volume services' (up or not), and storage_availability_zone `nova`."""
        return {s.zone for s in self.services if s.binary == "cinder-volume"} | {"nova"}

    def scheduler_up(self) -> bool:
        return any(s.up for s in self.services if s.binary == "cinder-scheduler")

    def place(self, zone: str) -> str | None:
        """The filter scheduler's pick, `host@backend#pool`: the first volume service up in `zone`, or None
        (NoValidHost). Capacity is not emulated: the ceph pool never fills."""
        for s in self.services:
            if s.binary == "cinder-volume" and s.up and s.zone == zone:
                return f"{s.host}#{s.backend}"
        return None
