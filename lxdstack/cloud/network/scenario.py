"""The `network:` section of a scenario: the networks, router and Neutron agents the deployment left behind.

The default is what the seed's post-deploy scripts made on the Juju bundle's Neutron (facts §5.3):
`neutron-ext-net -g 10.0.8.1 -c 10.0.8.0/24 -f 10.0.8.201:10.0.8.254 ext_net` (an external flat network on the
gateway's `physnet1`, no DHCP, router `provider-router` with its gateway there) and `neutron-tenant-net -t admin
-r provider-router -N 10.0.8.1 internal 192.168.20.0/24` (a GRE tenant network of the admin project, its subnet
an interface of that router). The neutron-gateway unit runs the L3, DHCP, Metadata and Open vSwitch agents on
`node`; every compute host runs an Open vSwitch agent too (derived from `compute.hosts`).

`agents` only says what differs from a healthy agent, keyed `binary@host` so that a fault scenario names one
agent without restating the others (lists are replaced whole when scenarios are merged; mappings are merged).
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# binary -> Neutron's agent_type, as the agents report themselves
AGENT_TYPES = {
    "neutron-l3-agent": "L3 agent",
    "neutron-dhcp-agent": "DHCP agent",
    "neutron-metadata-agent": "Metadata agent",
    "neutron-openvswitch-agent": "Open vSwitch agent",
}
NODE_BINARIES = tuple(AGENT_TYPES)  # what the neutron-gateway unit runs
COMPUTE_BINARIES = ("neutron-openvswitch-agent",)  # neutron-openvswitch, subordinate to nova-compute


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pool(_Model):
    start: str
    end: str


class HostRoute(_Model):
    destination: str
    nexthop: str


class Subnet(_Model):
    """An IPv4 subnet. `gateway_ip` defaults to the first host address (`null` says none); `allocation_pools` to
    the whole host range less the gateway, as Neutron generates them."""

    name: str
    cidr: str
    gateway_ip: str | None = None
    allocation_pools: list[Pool] = []
    enable_dhcp: bool = True
    dns_nameservers: list[str] = []
    host_routes: list[HostRoute] = []

    @model_validator(mode="after")
    def _addresses_fit(self) -> Subnet:
        try:
            net = ipaddress.IPv4Network(self.cidr)
        except ValueError as error:
            raise ValueError(f"subnet `{self.name}`: {error}") from None
        gateway = self.gateway()
        for pool in self.allocation_pools:
            start, end = ipaddress.IPv4Address(pool.start), ipaddress.IPv4Address(pool.end)
            if not (start in net and end in net and start <= end):
                raise ValueError(f"subnet `{self.name}`: pool {pool.start}-{pool.end} is not a range in {net}")
            if gateway is not None and start <= gateway <= end:
                raise ValueError(f"subnet `{self.name}`: gateway {gateway} is inside pool {pool.start}-{pool.end}")
        if gateway is not None and gateway not in net:
            raise ValueError(f"subnet `{self.name}`: gateway {gateway} is not in {net}")
        return self

    def gateway(self) -> ipaddress.IPv4Address | None:
        if "gateway_ip" not in self.model_fields_set:
            return next(ipaddress.IPv4Network(self.cidr).hosts(), None)
        return None if self.gateway_ip is None else ipaddress.IPv4Address(self.gateway_ip)


class Provider(_Model):
    """ML2's segment: `flat`/`vlan` on a physical network, or a `gre`/`vxlan` tunnel with its id."""

    network_type: Literal["flat", "vlan", "gre", "vxlan", "local"] = "gre"
    physical_network: str | None = None
    segmentation_id: int | None = None


Project = Literal["admin", "demo", "service"]  # the projects the identity part bootstraps


class NetworkSpec(_Model):
    name: str
    project: Project = "admin"
    external: bool = False
    shared: bool = False
    provider: Provider = Provider()
    subnets: list[Subnet] = []


class RouterSpec(_Model):
    """A router, its gateway on an external network (by name) and its interfaces (subnet names)."""

    name: str
    project: Project = "admin"
    gateway: str | None = None
    enable_snat: bool = True
    interfaces: list[str] = []


class AgentState(_Model):
    alive: bool = True
    admin_state_up: bool = True


SEED_NETWORKS = [
    NetworkSpec(name="ext_net", external=True, provider=Provider(network_type="flat", physical_network="physnet1"),
                subnets=[Subnet(name="ext_net_subnet", cidr="10.0.8.0/24", gateway_ip="10.0.8.1", enable_dhcp=False,
                                allocation_pools=[Pool(start="10.0.8.201", end="10.0.8.254")])]),
    # neutron-tenant-net's default --network-type is gre; the charm's GRE range starts at 1
    NetworkSpec(name="internal", provider=Provider(network_type="gre", segmentation_id=1),
                subnets=[Subnet(name="internal_subnet", cidr="192.168.20.0/24", dns_nameservers=["10.0.8.1"])]),
]
SEED_ROUTERS = [RouterSpec(name="provider-router", gateway="ext_net", interfaces=["internal_subnet"])]


class Network(_Model):
    """Neutron's starting state: networks (in creation order), routers, and the agents' health."""

    node: str = Field("juju-7f3a21-2", description="host of the neutron-gateway unit")
    networks: list[NetworkSpec] = SEED_NETWORKS
    routers: list[RouterSpec] = SEED_ROUTERS
    agents: dict[str, AgentState] = {}

    @model_validator(mode="after")
    def _references_resolve(self) -> Network:
        names = [n.name for n in self.networks]
        subnets = [s.name for n in self.networks for s in n.subnets]
        for kind, found in (("network", names), ("subnet", subnets), ("router", [r.name for r in self.routers])):
            twice = sorted({name for name in found if found.count(name) > 1})
            if twice:
                raise ValueError(f"{kind} names must be unique: {', '.join(twice)}")
        external = {n.name for n in self.networks if n.external}
        for router in self.routers:
            if router.gateway is not None and router.gateway not in external:
                raise ValueError(f"router `{router.name}`: gateway `{router.gateway}` is not an external network")
            unknown = sorted(set(router.interfaces) - set(subnets))
            if unknown:
                raise ValueError(f"router `{router.name}`: no such subnet: {', '.join(unknown)}")
        for key in self.agents:
            binary, _, host = key.partition("@")
            if binary not in AGENT_TYPES or not host:
                raise ValueError(f"agent `{key}` should be BINARY@HOST, BINARY one of {', '.join(AGENT_TYPES)}")
        return self

    def agent_keys(self, compute_hosts: list[str]) -> list[str]:
        """`binary@host` of every agent: the node's, then one Open vSwitch agent per compute host."""
        keys = [f"{binary}@{self.node}" for binary in NODE_BINARIES]
        keys += [f"{binary}@{host}" for host in compute_hosts for binary in COMPUTE_BINARIES]
        return list(dict.fromkeys(keys))

    def unknown_agents(self, compute_hosts: list[str]) -> list[str]:
        """Keys of `agents` that name no agent the scenario has."""
        return sorted(set(self.agents) - set(self.agent_keys(compute_hosts)))
