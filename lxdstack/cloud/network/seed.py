"""Neutron as the deployment left it: the agents of the Juju bundle, then the seed's post-deploy networks.

The post-deploy scripts ran while every agent was alive, so the router is hosted by the L3 agent and the internal
network served by the DHCP agent, and their ports are ACTIVE. An agent the scenario declares dead stopped after
that, ten minutes before the cloud's start: it keeps what it hosts (Neutron does not move routers or networks off a
dead agent by default) and reports `alive: false`; what is created later is only scheduled to live agents.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.network import routers
from lxdstack.cloud.network.ipam import Address
from lxdstack.cloud.network.models import Agent, new_id
from lxdstack.cloud.network.scenario import AGENT_TYPES, Network
from lxdstack.cloud.network.store import Neutron, Who

DEPLOYED_BEFORE = timedelta(hours=1)
DIED_BEFORE = timedelta(minutes=10)
METADATA_HOST = "juju-7f3a21-ncc-0"  # nova-cloud-controller serves the metadata API (compute/hosts.py)

# what each agent reports in `configurations` (the static part of Newton's agents' reports)
_TOPICS = {"neutron-l3-agent": "l3_agent", "neutron-dhcp-agent": "dhcp_agent"}
_CONFIGURATIONS = {
    "neutron-l3-agent": {"agent_mode": "legacy", "handle_internal_only_routers": True, "interface_driver":
                         "openvswitch", "external_network_bridge": "", "gateway_external_network_id": "",
                         "log_agent_heartbeats": False},
    "neutron-dhcp-agent": {"notifies_port_ready": True, "dhcp_driver": "neutron.agent.linux.dhcp.Dnsmasq",
                           "dhcp_lease_duration": 86400, "log_agent_heartbeats": False},
    "neutron-metadata-agent": {"metadata_proxy_socket": "/var/lib/neutron/metadata_proxy", "nova_metadata_ip":
                               METADATA_HOST, "nova_metadata_port": 8775, "log_agent_heartbeats": False},
    "neutron-openvswitch-agent": {"tunnel_types": ["gre", "vxlan"], "l2_population": False,
                                  "arp_responder_enabled": False, "enable_distributed_routing": False,
                                  "ovs_hybrid_plug": True, "datapath_type": "system", "log_agent_heartbeats": False,
                                  "extensions": [], "vhostuser_socket_dir": "/var/run/openvswitch",
                                  "ovs_capabilities": {"datapath_types": ["netdev", "system"], "iface_types": [
                                      "geneve", "gre", "internal", "ipsec_gre", "lisp", "patch", "stt", "system",
                                      "tap", "vxlan"]}},
}
# The Open vSwitch agent announces the versions of the objects it consumes (Newton's QosPolicy, Trunk, SubPort).
_OVS_RESOURCE_VERSIONS = {"QosPolicy": "1.3", "Trunk": "1.0", "SubPort": "1.0"}


def seeded(spec: Network, compute_hosts: list[str], projects: dict[str, str], clock: Clock) -> Neutron:
    """A Neutron holding `spec`'s agents, networks and routers; `projects` maps project names to ids."""
    neutron = Neutron(clock)
    now = clock.now()
    for key in spec.agent_keys(compute_hosts):
        binary, _, host = key.partition("@")
        configurations = dict(_CONFIGURATIONS[binary])
        versions = {}
        if binary == "neutron-openvswitch-agent":
            configurations["bridge_mappings"] = {"physnet1": "br-ex"} if host == spec.node else {}
            # the tunnel endpoint: the host's address (compute/views.py gives compute host n 10.0.8.(10+n))
            number = compute_hosts.index(host) + 1 if host in compute_hosts else 0
            configurations["tunneling_ip"] = f"10.0.8.{10 + number}"
            versions = dict(_OVS_RESOURCE_VERSIONS)
        agent = Agent(id=new_id(), binary=binary, agent_type=AGENT_TYPES[binary], host=host,
                      topic=_TOPICS.get(binary, "N/A"), started_at=now - DEPLOYED_BEFORE,
                      configurations=configurations, resource_versions=versions,
                      availability_zone="nova" if binary in _TOPICS else None)
        neutron.agents[agent.id] = agent
    admin = Who(projects["admin"], is_admin=True)
    subnet_ids: dict[str, str] = {}
    for net in spec.networks:
        network = neutron.create_network(
            net.name, projects[net.project], shared=net.shared, external=net.external,
            network_type=net.provider.network_type, physical_network=net.provider.physical_network,
            segmentation_id=net.provider.segmentation_id)
        for sub in net.subnets:
            gateway: Address | None = sub.gateway()
            pools = [(ipaddress.ip_address(p.start), ipaddress.ip_address(p.end))
                     for p in sub.allocation_pools] or None
            subnet = neutron.create_subnet(
                network, sub.name, projects[net.project], ipaddress.ip_network(sub.cidr), gateway, pools,
                enable_dhcp=sub.enable_dhcp, dns_nameservers=list(sub.dns_nameservers),
                host_routes=[{"destination": r.destination, "nexthop": r.nexthop} for r in sub.host_routes])
            subnet_ids[sub.name] = subnet.id
    networks = {n.name: n.id for n in neutron.networks.values()}
    for spec_router in spec.routers:
        router = routers.create_router(neutron, spec_router.name, projects[spec_router.project])
        if spec_router.gateway is not None:
            routers.set_gateway(neutron, router, {"network_id": networks[spec_router.gateway],
                                                  "enable_snat": spec_router.enable_snat}, admin)
        for name in spec_router.interfaces:
            routers.add_interface(neutron, router, {"subnet_id": subnet_ids[name]}, admin)
    for agent in neutron.agents.values():
        state = spec.agents.get(f"{agent.binary}@{agent.host}")
        if state is not None:
            agent.admin_state_up = state.admin_state_up
            if not state.alive:
                agent.stopped_at = now - DIED_BEFORE
    return neutron
