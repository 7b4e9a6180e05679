"""Neutron's core resources for one cloud (ML2 with Open vSwitch, Newton): networks, subnets and ports. No HTTP.

Who sees what is Neutron's default policy: admins everything; others their project's own resources, plus shared
networks and external networks (`rule:shared or rule:external` on get_network) and the subnets of those. A
resource the caller may not see does not exist for it (404). Routers, security groups and agents live beside
this (routers.py, security_groups.py, agents.py) and reach in through the same object.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.network import errors, ipam, security_groups
from lxdstack.cloud.network.models import (
    COMPUTE_PREFIX,
    OWNER_DHCP,
    Agent,
    FixedIp,
    Network,
    Port,
    Router,
    SecurityGroup,
    Subnet,
    new_id,
)

TUNNEL_RANGE = range(1, 1001)  # the neutron-api charm's tunnel_id_ranges and vni_ranges, 1:1000
MTU = {"gre": 1458, "vxlan": 1450}  # global_physnet_mtu 1500 less the tunnel's overhead; flat and vlan: 1500
Changeable = TypeVar("Changeable", Network, Subnet, Port)


@dataclass(frozen=True)
class Who:
    """The caller as Neutron's policy sees it."""

    project_id: str
    is_admin: bool


@dataclass
class PortRequest:
    """A port to create, once the handler has parsed and checked the body."""

    network_id: str
    project_id: str
    name: str = ""
    fixed_ips: list[dict] | None = None  # None: one address from the network's first subnet with room
    device_id: str = ""
    device_owner: str = ""
    mac_address: str | None = None
    admin_state_up: bool = True
    security_group_ids: list[str] | None = None  # None: the project's default group (not for network ports)
    host: str = ""
    description: str = ""
    port_security_enabled: bool = True


class Neutron:
    """Every Neutron resource of one cloud, by id, in creation order."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.networks: dict[str, Network] = {}
        self.subnets: dict[str, Subnet] = {}
        self.ports: dict[str, Port] = {}
        self.routers: dict[str, Router] = {}
        self.groups: dict[str, SecurityGroup] = {}
        self.agents: dict[str, Agent] = {}

    # -- visibility ---------------------------------------------------------------------------------------------
    def network_visible(self, network: Network, who: Who) -> bool:
        return who.is_admin or network.project_id == who.project_id or network.shared or network.external

    def network(self, network_id: str, who: Who) -> Network:
        network = self.networks.get(network_id)
        if network is None or not self.network_visible(network, who):
            raise errors.network_not_found(network_id)
        return network

    def subnet(self, subnet_id: str, who: Who) -> Subnet:
        subnet = self.subnets.get(subnet_id)
        if subnet is None or not (who.is_admin or subnet.project_id == who.project_id
                                  or self.network_visible(self.networks[subnet.network_id], who)):
            raise errors.subnet_not_found(subnet_id)
        return subnet

    def port(self, port_id: str, who: Who) -> Port:
        port = self.ports.get(port_id)
        if port is None or not (who.is_admin or port.project_id == who.project_id
                                or self.networks[port.network_id].project_id == who.project_id):
            raise errors.port_not_found(port_id)
        return port

    def owns(self, resource: Network | Subnet | Port | Router | SecurityGroup, who: Who) -> bool:
        """`rule:admin_or_owner`, what changing or deleting asks."""
        return who.is_admin or resource.project_id == who.project_id

    def changeable(self, resource: Changeable, who: Who) -> Changeable:
        """`resource`, if the caller may change or delete it: base.py `_update`/`_delete` answer what the caller sees
        but does not own as if it did not exist."""
        if not self.owns(resource, who):
            raise errors.hidden()
        return resource

    # -- networks -------------------------------------------------------------------------------------------------
    def create_network(self, name: str, project_id: str, *, shared: bool = False, external: bool = False,
                       network_type: str | None = None, physical_network: str | None = None,
                       segmentation_id: int | None = None, admin_state_up: bool = True, description: str = "",
                       port_security_enabled: bool = True) -> Network:
        """A network; without a provider type, ML2's tenant type (GRE); a tunnel without an id gets the lowest free
        one of the charm's range."""
        now = self.clock.now()
        network_type = network_type or "gre"
        if network_type in ("gre", "vxlan") and segmentation_id is None:
            used = {n.segmentation_id for n in self.networks.values() if n.network_type == network_type}
            segmentation_id = next((i for i in TUNNEL_RANGE if i not in used), None)
        network = Network(id=new_id(), name=name, project_id=project_id, created_at=now, updated_at=now,
                          description=description, admin_state_up=admin_state_up, shared=shared,
                          external=external, network_type=network_type, physical_network=physical_network,
                          segmentation_id=segmentation_id, mtu=MTU.get(network_type, 1500),
                          port_security_enabled=port_security_enabled)
        self.networks[network.id] = network
        return network

    def delete_network(self, network: Network) -> None:
        """NetworkInUse while a port other than a DHCP port is on it; DHCP ports go with the network."""
        mine = [p for p in self.ports.values() if p.network_id == network.id]
        if any(p.device_owner != OWNER_DHCP for p in mine):
            raise errors.network_in_use(network.id)
        for port in mine:
            self.ports.pop(port.id)
        for subnet_id in network.subnet_ids:
            self.subnets.pop(subnet_id, None)
        for agent in self.agents.values():
            if network.id in agent.network_ids:
                agent.network_ids.remove(network.id)
        self.networks.pop(network.id)

    # -- subnets --------------------------------------------------------------------------------------------------
    def create_subnet(self, network: Network, name: str, project_id: str, cidr: ipam.Net,
                      gateway_ip: ipam.Address | None, pools: list[tuple[ipam.Address, ipam.Address]] | None,
                      *, enable_dhcp: bool = True, dns_nameservers: list[str] | None = None,
                      host_routes: list[dict[str, str]] | None = None, description: str = "") -> Subnet:
        now = self.clock.now()
        for other in (self.subnets[s] for s in network.subnet_ids):
            if other.cidr.overlaps(cidr):
                raise errors.invalid_input(f"Requested subnet with cidr: {cidr} for network: {network.id} overlaps "
                                           "with another subnet")
        subnet = Subnet(id=new_id(), name=name, project_id=project_id, created_at=now, updated_at=now,
                        description=description, network_id=network.id, cidr=cidr, gateway_ip=gateway_ip,
                        pools=pools if pools is not None else ipam.generate_pools(cidr, gateway_ip),
                        enable_dhcp=enable_dhcp, dns_nameservers=list(dns_nameservers or []),
                        host_routes=list(host_routes or []))
        self.subnets[subnet.id] = subnet
        network.subnet_ids.append(subnet.id)
        self.serve_dhcp(network)
        return subnet

    def dhcp_enabled(self, network: Network) -> bool:
        return any(self.subnets[s].enable_dhcp for s in network.subnet_ids)

    def serve_dhcp(self, network: Network) -> None:
        """Schedule the network to a live DHCP agent, as Newton does on every new subnet, DHCP or not (the
        scheduler's "don't schedule the networks with only subnets whose enable_dhcp is false" is a TODO in
        dhcp_agent_scheduler.py); then the agent's port, for the DHCP subnets only: made at once (the real agent
        makes it moments after the subnet appears), given the next free address."""
        agent = next((a for a in self.agents.values() if a.binary == "neutron-dhcp-agent" and network.id in
                      a.network_ids), None)
        if agent is None:
            agent = next((a for a in self.agents.values() if a.binary == "neutron-dhcp-agent" and a.alive
                          and a.admin_state_up), None)
            if agent is None:
                return
            agent.network_ids.append(network.id)
        dhcp = next((p for p in self.ports.values() if p.network_id == network.id and p.device_owner == OWNER_DHCP),
                    None)
        wanted = [{"subnet_id": s} for s in network.subnet_ids if self.subnets[s].enable_dhcp]
        if dhcp is None and not wanted:
            return
        if dhcp is None:
            device = f"dhcp{new_id().replace('-', '')[:8]}-{network.id}"
            self.create_port(PortRequest(network.id, network.project_id, fixed_ips=wanted, device_id=device,
                                         device_owner=OWNER_DHCP, host=agent.host),
                             active=agent.alive)
        elif {f.subnet_id for f in dhcp.fixed_ips} != {w["subnet_id"] for w in wanted}:
            kept = [{"subnet_id": f.subnet_id, "ip_address": f.ip_address} for f in dhcp.fixed_ips]
            known = {f.subnet_id for f in dhcp.fixed_ips}
            self.set_fixed_ips(dhcp, kept + [w for w in wanted if w["subnet_id"] not in known])

    def delete_subnet(self, subnet: Subnet) -> None:
        """SubnetInUse while a port other than a DHCP port holds an address from it."""
        holders = [p for p in self.ports.values() if any(f.subnet_id == subnet.id for f in p.fixed_ips)]
        if any(p.device_owner != OWNER_DHCP for p in holders):
            raise errors.subnet_in_use(subnet.id)
        for port in holders:
            port.fixed_ips = [f for f in port.fixed_ips if f.subnet_id != subnet.id]
            if not port.fixed_ips:
                self.ports.pop(port.id)
        self.networks[subnet.network_id].subnet_ids.remove(subnet.id)
        self.subnets.pop(subnet.id)

    # -- ports ----------------------------------------------------------------------------------------------------
    def taken(self, subnet_id: str, skip: Port | None = None) -> list[str]:
        """Addresses held in a subnet (by every port but `skip`)."""
        return [f.ip_address for p in self.ports.values() if p is not skip for f in p.fixed_ips
                if f.subnet_id == subnet_id]

    def allocate(self, network: Network, wanted: list[dict] | None, skip: Port | None = None) -> list[FixedIp]:
        """Addresses for a port: each request names a subnet, an address or both (ipam_pluggable_backend)."""
        subnets = [self.subnets[s] for s in network.subnet_ids]
        if wanted is None:
            for subnet in (s for s in subnets if s.ip_version == 4):
                free = ipam.lowest_free(subnet, self.taken(subnet.id, skip))
                if free is not None:
                    return [FixedIp(subnet.id, str(free))]
            if any(s.ip_version == 4 for s in subnets):
                raise errors.no_more_addresses(network.id)
            return []
        if wanted and not subnets:
            raise errors.invalid_input("IP allocation requires subnets for network")
        found: list[FixedIp] = []
        # specific addresses first, so that they are not handed out to the requests without one
        for request in sorted(wanted, key=lambda r: "ip_address" not in r):
            subnet = self._subnet_for(network, request, subnets)
            taken = self.taken(subnet.id, skip) + [f.ip_address for f in found]
            if "ip_address" in request:
                address = ipam.parse_address(request["ip_address"])
                ipam.check_specific(subnet, address, taken)
            else:
                address = ipam.lowest_free(subnet, taken)
                if address is None:
                    raise errors.no_more_addresses(network.id)
            found.append(FixedIp(subnet.id, str(address)))
        return found

    def _subnet_for(self, network: Network, request: dict, subnets: list[Subnet]) -> Subnet:
        """ipam_backend_mixin `_get_subnet_for_fixed_ip`."""
        if "subnet_id" in request:
            subnet = next((s for s in subnets if s.id == request["subnet_id"]), None)
            if subnet is None:
                if request["subnet_id"] not in self.subnets:
                    raise errors.subnet_not_found(str(request["subnet_id"]))
                raise errors.invalid_input(f"Failed to create port on network {network.id}, because fixed_ips "
                                           f"included invalid subnet {request['subnet_id']}")
            if "ip_address" in request and not ipam.in_subnet(subnet.cidr, ipam.parse_address(request["ip_address"])):
                raise errors.invalid_ip_for_subnet(str(request["ip_address"]))
            return subnet
        if "ip_address" not in request:
            raise errors.invalid_input("IP allocation requires subnet_id or ip_address")
        address = ipam.parse_address(request["ip_address"])
        for subnet in subnets:
            if ipam.in_subnet(subnet.cidr, address):
                return subnet
        raise errors.invalid_ip_for_network(str(address))

    def create_port(self, request: PortRequest, active: bool = False) -> Port:
        """A port with its addresses; `active`: wired at once (network ports of a live agent)."""
        network = self.networks[request.network_id]
        mac = request.mac_address or self._new_mac()
        if any(p.mac_address == mac and p.network_id == network.id for p in self.ports.values()):
            raise errors.mac_in_use(network.id, mac)
        fixed_ips = self.allocate(network, request.fixed_ips)
        groups = request.security_group_ids
        if groups is None:
            trusted = request.device_owner.startswith("network:")
            groups = [] if trusted or not request.port_security_enabled else \
                [self.default_group(request.project_id).id]
        now = self.clock.now()
        port = Port(id=new_id(), name=request.name, project_id=request.project_id, created_at=now, updated_at=now,
                    description=request.description, network_id=network.id, mac_address=mac,
                    admin_state_up=request.admin_state_up, fixed_ips=fixed_ips, device_id=request.device_id,
                    device_owner=request.device_owner, host=request.host, security_group_ids=list(groups),
                    port_security_enabled=request.port_security_enabled, active_from=now if active else None)
        self.ports[port.id] = port
        return port

    def set_fixed_ips(self, port: Port, wanted: list[dict]) -> None:
        port.fixed_ips = self.allocate(self.networks[port.network_id], wanted, skip=port)

    def delete_port(self, port: Port) -> None:
        self.ports.pop(port.id, None)

    def _new_mac(self) -> str:
        """base_mac fa:16:3e:00:00:00 with the last three octets random, as Neutron makes them."""
        while True:
            mac = "fa:16:3e:" + ":".join(f"{b:02x}" for b in secrets.token_bytes(3))
            if all(p.mac_address != mac for p in self.ports.values()):
                return mac

    def ports_of(self, device_id: str) -> list[Port]:
        """The ports bound to a device (a server, a router), in Nova's order."""
        found = [p for p in self.ports.values() if device_id and p.device_id == device_id]
        return sorted(found, key=lambda p: p.nova_index)

    def bind(self, port: Port, device_id: str, zone: str, host: str, active_from: datetime | None,
             index: int, nova_created: bool, build_from: datetime | None = None) -> None:
        """Nova's port update on the compute host: device, owner `compute:<zone>`, binding host; the port is
        BUILD from `build_from` (the driver plugs it) and ACTIVE from `active_from` (the agent has wired it)."""
        port.device_id, port.device_owner, port.host = device_id, f"{COMPUTE_PREFIX}{zone}", host
        port.active_from, port.nova_index, port.nova_created = active_from, index, nova_created
        port.build_from = build_from
        port.touch(self.clock.now())

    def default_group(self, project_id: str) -> SecurityGroup:
        """The project's `default` security group, made on first use (security_groups.py has the rules)."""
        return security_groups.ensure_default(self, project_id)
