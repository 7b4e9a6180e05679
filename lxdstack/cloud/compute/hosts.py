"""Nova's services and compute nodes: one nova-compute (with its LXD) per scenario host, plus the controller's
nova-conductor and nova-scheduler. No HTTP here.

Juju puts the controller services on the nova-cloud-controller unit, in Nova's `internal` zone. The scenario does
not describe host sizes, so every compute node reports the same machine (what nova-lxd's get_available_resource
reads from the host: CPUs, memory, disk), minus Nova's default reserved_host_memory_mb.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxdstack.cloud.core.errors import NotFound
from lxdstack.cloud.scenario import Host

CONTROLLER_HOST = "juju-7f3a21-ncc-0"
INTERNAL_ZONE = "internal"  # Nova's internal_service_availability_zone
COMPUTE = "nova-compute"


@dataclass(frozen=True)
class Size:
    """What a compute node reports of its machine."""

    vcpus: int = 8
    memory_mb: int = 32768
    local_gb: int = 200
    reserved_memory_mb: int = 512  # Nova's reserved_host_memory_mb default, counted as used


@dataclass
class Service:
    id: int
    binary: str
    host: str
    zone: str
    disabled: bool = False
    disabled_reason: str | None = None
    forced_down: bool = False

    @property
    def up(self) -> bool:
        """Heartbeats never stop in the emulation; only force-down (2.11) marks a service down."""
        return not self.forced_down


class Services:
    """The services of one cloud, and the compute nodes (hypervisors) beside the nova-compute ones."""

    def __init__(self, hosts: list[Host]) -> None:
        self.hosts: dict[str, Host] = {host.name: host for host in hosts}
        self.size = Size()
        self.services: list[Service] = [
            Service(1, "nova-conductor", CONTROLLER_HOST, INTERNAL_ZONE),
            Service(2, "nova-scheduler", CONTROLLER_HOST, INTERNAL_ZONE),
        ]
        # compute node id (the hypervisor id) per host, in the scenario's order
        self.node_ids: dict[str, int] = {}
        for number, host in enumerate(hosts, start=1):
            self.services.append(Service(2 + number, COMPUTE, host.name, host.zone))
            self.node_ids[host.name] = number

    def listing(self, host: str | None = None, binary: str | None = None) -> list[Service]:
        return [s for s in self.services if host in (None, s.host) and binary in (None, s.binary)]

    def find(self, host: str, binary: str) -> Service:
        for service in self.services:
            if (service.host, service.binary) == (host, binary):
                return service
        raise NotFound(f"Could not find binary {binary} on host {host}.")  # HostBinaryNotFound

    def compute(self, host: str) -> Service | None:
        return next((s for s in self.services if s.binary == COMPUTE and s.host == host), None)

    def schedulable(self, zone: str | None) -> list[Host]:
        """Hosts the filter scheduler may pick: ComputeFilter (enabled and up) and AvailabilityZoneFilter."""
        found = []
        for name, host in self.hosts.items():
            service = self.compute(name)
            if service is not None and not service.disabled and service.up and zone in (None, host.zone):
                found.append(host)
        return found

    def zones(self) -> tuple[list[str], list[str]]:
        """(available, not available) zones: a zone is available when one of its services is enabled."""
        available = sorted({s.zone for s in self.services if not s.disabled})
        unavailable = sorted({s.zone for s in self.services if s.disabled} - set(available))
        return available, unavailable

    def node(self, node_id: str) -> Host:
        """The host of hypervisor `node_id`; Nova's 404 text for anything else (ids are integers)."""
        for name, number in self.node_ids.items():
            if str(number) == node_id:
                return self.hosts[name]
        raise NotFound(f"Hypervisor with ID '{node_id}' could not be found.")
