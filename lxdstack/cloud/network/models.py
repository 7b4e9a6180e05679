"""Neutron's records: networks, subnets, ports, routers, security groups and agents. No HTTP here.

What the API shows that depends on time (a port's status, an agent's heartbeat) is computed from the cloud's clock
when asked, never by a background task: a port bound to a server becomes ACTIVE at `active_from` (the moment the
server's boot ends, when the Open vSwitch agent would have wired it), an agent reports every 30 seconds.
"""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# neutron_lib.constants device owners
OWNER_DHCP = "network:dhcp"
OWNER_ROUTER_INTERFACE = "network:router_interface"
OWNER_ROUTER_GATEWAY = "network:router_gateway"
COMPUTE_PREFIX = "compute:"

REPORT_INTERVAL = timedelta(seconds=30)  # agents' report_interval
AGENT_DOWN_TIME = timedelta(seconds=75)  # neutron-server's agent_down_time


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Standard:
    """What Newton's standard attributes add to every resource: description, timestamps, revision number."""

    id: str
    name: str
    project_id: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    revision_number: int = 1

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.revision_number += 1


@dataclass
class Network(Standard):
    admin_state_up: bool = True
    shared: bool = False
    external: bool = False
    network_type: str = "gre"
    physical_network: str | None = None
    segmentation_id: int | None = None
    mtu: int = 1458
    port_security_enabled: bool = True
    subnet_ids: list[str] = field(default_factory=list)


@dataclass
class Subnet(Standard):
    network_id: str = ""
    cidr: ipaddress.IPv4Network | ipaddress.IPv6Network = ipaddress.IPv4Network("0.0.0.0/0")
    gateway_ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None = None
    pools: list[tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, ...]] = field(default_factory=list)
    enable_dhcp: bool = True
    dns_nameservers: list[str] = field(default_factory=list)
    host_routes: list[dict[str, str]] = field(default_factory=list)

    @property
    def ip_version(self) -> int:
        return self.cidr.version


@dataclass(frozen=True)
class FixedIp:
    subnet_id: str
    ip_address: str


@dataclass
class Port(Standard):
    network_id: str = ""
    mac_address: str = ""
    admin_state_up: bool = True
    fixed_ips: list[FixedIp] = field(default_factory=list)
    device_id: str = ""
    device_owner: str = ""
    host: str = ""  # binding:host_id
    security_group_ids: list[str] = field(default_factory=list)
    port_security_enabled: bool = True
    # when the L2 agent has wired the port; None: never (unbound, or its server never came up)
    active_from: datetime | None = None
    # when the L2 agent saw the device appear and asked for its details (ML2 then shows BUILD until it is wired)
    build_from: datetime | None = None
    # Nova's order of the server's networks, for `addresses`; whether Nova made the port (and deletes it)
    nova_index: int = 0
    nova_created: bool = False

    def status(self, now: datetime, stay_down: bool = False) -> str:
        """DOWN until plugged, BUILD while the agent wires it (ML2's get_device_details), ACTIVE once wired; a
        compute port the scenario keeps down (its agent never sees it) stays DOWN, and so does an unbound one."""
        if not self.admin_state_up or (stay_down and self.device_owner.startswith(COMPUTE_PREFIX)):
            return "DOWN"
        if self.active_from is not None and now >= self.active_from:
            return "ACTIVE"
        if self.build_from is not None and now >= self.build_from:
            return "BUILD"
        return "DOWN"

    def unbind(self) -> None:
        self.device_id = self.device_owner = self.host = ""
        self.active_from = self.build_from = None
        self.nova_index, self.nova_created = 0, False


@dataclass
class Router(Standard):
    admin_state_up: bool = True
    gateway_port_id: str | None = None
    enable_snat: bool = True
    routes: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Rule:
    id: str
    security_group_id: str
    project_id: str
    direction: str
    ethertype: str = "IPv4"
    protocol: str | None = None
    port_range_min: int | None = None
    port_range_max: int | None = None
    remote_ip_prefix: str | None = None
    remote_group_id: str | None = None
    description: str = ""
    created_at: datetime | None = None

    def same_as(self, other: Rule) -> bool:
        keys = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
                "remote_group_id")
        return all(getattr(self, key) == getattr(other, key) for key in keys)


@dataclass
class SecurityGroup(Standard):
    rules: list[Rule] = field(default_factory=list)
    is_default: bool = False


@dataclass
class Agent:
    """One Neutron agent; `stopped_at` is when a dead agent sent its last heartbeat."""

    id: str
    binary: str
    agent_type: str
    host: str
    topic: str
    started_at: datetime
    admin_state_up: bool = True
    stopped_at: datetime | None = None
    configurations: dict = field(default_factory=dict)
    resource_versions: dict = field(default_factory=dict)  # what the agent announced when it started
    description: str | None = None
    availability_zone: str | None = None
    router_ids: list[str] = field(default_factory=list)  # L3 agent: routers it hosts
    network_ids: list[str] = field(default_factory=list)  # DHCP agent: networks it serves

    @property
    def alive(self) -> bool:
        return self.stopped_at is None

    def heartbeat(self, now: datetime) -> datetime:
        """The last report: every REPORT_INTERVAL since the start, or the last one before it stopped."""
        if self.stopped_at is not None:
            return self.stopped_at
        return self.started_at + REPORT_INTERVAL * ((now - self.started_at) // REPORT_INTERVAL)
