#!/usr/bin/python3
"""Stand-ins for neutron's agents on host `aio` (and an Open vSwitch one on lxd1), where no Open vSwitch, dnsmasq or
network namespace can run.

    fake-agent {ovs|dhcp|l3} --config-file neutron.conf --log-file FILE

Each speaks neutron's own agent RPC (the client classes the real agents use), so the server sees what it sees
from a real agent, and nothing else is faked:

ovs   "Open vSwitch agent": heartbeats with bridge_mappings physnet1 and tunnel_types vxlan (so ML2's
      openvswitch mechanism driver binds ports to `aio`), and a device loop. A real agent learns a new device
      from OVSDB when nova plugs a VIF into br-int; nova's fake virt driver plugs nothing, so the stand-in's
      br-int is ML2's own table of ports bound to `aio`. For each new device it asks the server for the device
      details (get_devices_details_list, which moves the port to BUILD) and reports it up (update_device_list,
      which completes the L2 provisioning block: the port goes ACTIVE once DHCP is done too). A device that
      leaves is reported down, as a real agent does when the tap disappears (neutron itself sets an unbound
      port DOWN).
dhcp  "DHCP agent": heartbeats; asks for its networks (get_active_networks_info, which also schedules new
      networks to it), creates its DHCP port in each (create_dhcp_port, bound to `aio`), and tells the server
      DHCP is ready (dhcp_ready_on_ports) for every port held by DHCP's provisioning block, as a real agent does
      after reloading dnsmasq. No DHCP is served: there is no dataplane.
l3    "L3 agent" (legacy mode): heartbeats; asks for its routers (get_router_ids, which schedules routers to
      it) and syncs them (sync_routers, which binds the routers' ports to `aio`, so the ovs stand-in reports
      them up). No router is plumbed.

Where a real agent is told of work by RPC notifications, a stand-in peeks at neutron's database every second
(read-only SELECTs) and calls the RPC when there is work, plus a full sync every 10 s. A heartbeat goes every
[agent] report_interval seconds (with use_call, as the real agents). If the server says the agent was revived
after being down, the agent forgets what it reported and reports everything again (the real agents' full sync).
"""

import sys
import time
import uuid
from urllib.parse import quote

import oslo_messaging
import sqlalchemy
from neutron.agent import rpc as agent_rpc
from neutron.agent.dhcp.agent import DhcpPluginApi
from neutron.agent.l3.agent import L3PluginApi
from neutron.api.rpc.callbacks import resources
from neutron.common import config as common_config
from neutron.conf.agent import common as agent_conf
from neutron_lib import constants as lib_const
from neutron_lib import context as n_context
from neutron_lib.agent import constants as agent_consts
from neutron_lib.agent import topics
from oslo_config import cfg
from oslo_db import options as db_options
from oslo_log import log as logging

LOG = logging.getLogger("fake-agent")
POLL = 1.0

AGENTS = {
    "ovs": {
        "binary": lib_const.AGENT_PROCESS_OVS, "agent_type": lib_const.AGENT_TYPE_OVS,
        "topic": lib_const.L2_AGENT_TOPIC,
        "configurations": {
            "bridge_mappings": {"physnet1": "br-ex"}, "tunnel_types": ["vxlan"], "tunneling_ip": "127.0.0.1",
            "integration_bridge": "br-int", "l2_population": False, "arp_responder_enabled": False,
            "enable_distributed_routing": False, "datapath_type": "system", "ovs_hybrid_plug": False,
            "extensions": [], "log_agent_heartbeats": False, "devices": 0, "in_distributed_mode": False}},
    "dhcp": {
        "binary": lib_const.AGENT_PROCESS_DHCP, "agent_type": lib_const.AGENT_TYPE_DHCP, "topic": topics.DHCP_AGENT,
        "configurations": {
            "dhcp_driver": "neutron.agent.linux.dhcp.Dnsmasq", "dhcp_lease_duration": 86400,
            "log_agent_heartbeats": False, "networks": 0, "subnets": 0, "ports": 0}},
    "l3": {
        "binary": lib_const.AGENT_PROCESS_L3, "agent_type": lib_const.AGENT_TYPE_L3, "topic": topics.L3_AGENT,
        "configurations": {
            "agent_mode": "legacy", "handle_internal_only_routers": True, "interface_driver": "openvswitch",
            "log_agent_heartbeats": False, "extensions": [], "routers": 0, "ex_gw_ports": 0,
            "interfaces": 0, "floating_ips": 0}},
}


class Agent:
    """Heartbeat for one agent type; subclasses add the work a real agent of that type reports on.

    A real agent hears of work through RPC notifications and resyncs fully now and then. The stand-ins read
    neutron's database instead (cheap SELECTs, every second) to see whether there is work, and call the real
    RPC only then, or for a full sync every FULL_SYNC seconds: polling the heavy RPCs every second would keep
    neutron-server busy on this 2-core machine."""

    FULL_SYNC = 10.0
    poll = POLL

    def __init__(self, kind: str, host: str):
        self.host = host
        self.state = dict(AGENTS[kind], host=host, start_flag=True,
                          resource_versions=resources.LOCAL_RESOURCE_VERSIONS)
        self.state["configurations"] = dict(self.state["configurations"])
        self.state_rpc = agent_rpc.PluginReportStateAPI(topics.REPORTS)
        self.agent_id = f"{kind}-agent-{host}"
        self.db = sqlalchemy.create_engine(cfg.CONF.database.connection, pool_pre_ping=True)
        self.next_full = 0.0

    def rows(self, sql: str, **params) -> list:
        with self.db.connect() as conn:
            return list(conn.execute(sqlalchemy.text(sql), {"host": self.host, **params}))

    def context(self):
        return n_context.get_admin_context_without_session()

    def report(self) -> None:
        status = self.state_rpc.report_state(self.context(), self.state, True)
        # Only the first report carries these, as in the real agents.
        self.state.pop("start_flag", None)
        self.state.pop("resource_versions", None)
        if status == agent_consts.AGENT_REVIVED:
            LOG.info("server says the agent was revived: full resync")
            self.resync()

    def resync(self) -> None:
        self.next_full = 0.0

    def due(self) -> bool:
        """True when a full sync is due (and schedules the next one)."""
        if time.monotonic() < self.next_full:
            return False
        self.next_full = time.monotonic() + self.FULL_SYNC
        return True

    def step(self) -> None:
        pass

    def run(self) -> None:
        next_report = 0.0
        while True:
            now = time.monotonic()
            try:
                if now >= next_report:
                    next_report = now + cfg.CONF.AGENT.report_interval
                    self.report()
                self.step()
            except oslo_messaging.MessagingTimeout:  # neutron-server still starting, or restarting
                LOG.warning("no answer from neutron-server within %s s; retrying", cfg.CONF.AGENT.report_interval)
            except Exception:  # anything else: say what, and keep going, as the real agents do
                LOG.exception("RPC failed; retrying")
            time.sleep(self.poll)


class OvsAgent(Agent):
    # A real agent sees a VIF the moment the driver plugs it, and a real driver waits for the port before the server
    # goes ACTIVE. Nova's fake driver waits for nothing: a server can be ACTIVE, and deleted, within a second of its
    # port's binding. Looking at the bindings only every second, the stand-in then lost the race with the unbinding:
    # its device-details call, begun while the port was bound, set the port BUILD just after Nova's unbinding had set
    # it DOWN, and an unbound port is never set DOWN again ("port stays BUILD"; seen once in a lane run). So the
    # cheap SELECT runs every 0.2 s here.
    # On host lxd1 ([lab] lxd_socket set) the driver is real: a port bound there is plugged once the instance's
    # container exists (tagged with the instance's uuid, its device_id), as a real agent sees a VIF only once the
    # driver plugs it. The lab driver, like nova-lxd, then waits for network-vif-plugged; reporting the binding
    # alone would send that event before spawn starts waiting for it (and the build would wait out its timeout).
    poll = 0.2

    def __init__(self, host: str):
        super().__init__("ovs", host)
        self.plugin_rpc = agent_rpc.PluginApi(topics.PLUGIN)
        # port id -> (admin_state_up, device_id) when last reported: a port rebound to another server is a new VIF
        self.known: dict[str, tuple[bool, str]] = {}
        self.lxd = None

    def resync(self) -> None:
        self.known.clear()

    def plugged(self) -> set[str]:
        """The instance uuids that have a container on the lab LXD of this host (lab/novalxd's tag)."""
        if self.lxd is None:
            import pylxd  # only on host lxd1: python3-pylxd, as the lab driver uses it

            self.lxd = pylxd.Client(endpoint="http+unix://" + quote(cfg.CONF.lab.lxd_socket, safe=""))
        containers = self.lxd.api.containers.get(params={"recursion": 1}).json()["metadata"]
        return {c["config"].get("user.nova-instance-uuid") for c in containers}

    def step(self) -> None:
        # This stand-in's "br-int": the ports ML2 has bound to this host (and, on lxd1, whose container exists).
        current = {row[0]: (bool(row[1]), row[2]) for row in self.rows(
            "SELECT p.id, p.admin_state_up, p.device_id FROM ports p JOIN ml2_port_bindings b ON b.port_id = p.id "
            "WHERE b.host = :host AND b.status = 'ACTIVE' AND b.vif_type NOT IN ('unbound', 'binding_failed')")}
        if cfg.CONF.lab.lxd_socket and any(self.known.get(p) != seen for p, seen in current.items()):
            plugged = self.plugged()
            current = {p: seen for p, seen in current.items() if self.known.get(p) == seen or seen[1] in plugged}
        self.state["configurations"]["devices"] = len(current)
        changed = [p for p, seen in current.items() if self.known.get(p) != seen]
        gone = [p for p in self.known if p not in current]
        up, down = [], list(gone)
        if changed:
            details = self.plugin_rpc.get_devices_details_list(self.context(), changed, self.agent_id, self.host)
            for d in details:
                if "port_id" not in d:  # the port vanished meanwhile
                    continue
                (up if d.get("admin_state_up") else down).append(d["device"])
        if up or down:
            LOG.info("devices up %s, down %s", up, down)
            self.plugin_rpc.update_device_list(self.context(), up, down, self.agent_id, self.host)
        for p in gone:
            del self.known[p]
        for p in changed:
            self.known[p] = current[p]


class DhcpAgent(Agent):
    def __init__(self, host: str):
        super().__init__("dhcp", host)
        self.plugin_rpc = DhcpPluginApi(topics.PLUGIN, host)
        # The real agent's DHCP port device id: dhcp<uuid5 of the host>-<network id>.
        self.device_prefix = f"dhcp{uuid.uuid5(uuid.NAMESPACE_DNS, host)}-"

    def step(self) -> None:
        # Work: a network scheduled to us without our DHCP port yet.
        missing = self.rows(
            "SELECT b.network_id FROM networkdhcpagentbindings b JOIN agents a ON a.id = b.dhcp_agent_id "
            "WHERE a.host = :host AND a.agent_type = 'DHCP agent' AND NOT EXISTS (SELECT 1 FROM ports p "
            "WHERE p.network_id = b.network_id AND p.device_id = CONCAT(:prefix, b.network_id))",
            prefix=self.device_prefix)
        if missing or self.due():
            self.sync()
        # Ports held in BUILD until DHCP is configured for them: tell the server it is, as the real agent does
        # after reloading dnsmasq.
        waiting = [row[0] for row in self.rows(
            "SELECT p.id FROM ports p JOIN provisioningblocks pb ON pb.standard_attr_id = p.standard_attr_id "
            "WHERE pb.entity = 'DHCP'")]
        if waiting:
            self.plugin_rpc.dhcp_ready_on_ports(waiting)

    def sync(self) -> None:
        """Our networks (get_active_networks_info also schedules new ones to us), each with our DHCP port."""
        networks = self.plugin_rpc.get_active_networks_info(enable_dhcp_filter=True)
        for net in networks:
            device_id = self.device_prefix + net.id
            if net.subnets and not any(p.device_id == device_id for p in net.ports):
                LOG.info("creating the DHCP port of network %s", net.id)
                self.plugin_rpc.create_dhcp_port({"port": {
                    "name": "", "admin_state_up": True, "network_id": net.id, "tenant_id": net.tenant_id,
                    "device_id": device_id, "device_owner": lib_const.DEVICE_OWNER_DHCP,
                    "fixed_ips": [{"subnet_id": s.id} for s in net.subnets]}})
        self.state["configurations"].update(
            networks=len(networks), subnets=sum(len(n.subnets) for n in networks),
            ports=sum(len(n.ports) for n in networks))


class L3Agent(Agent):
    def __init__(self, host: str):
        super().__init__("l3", host)
        self.plugin_rpc = L3PluginApi(topics.L3PLUGIN, host)

    def step(self) -> None:
        # Work: a port of one of our routers that is not bound to us yet (a new interface or gateway).
        unbound = self.rows(
            "SELECT rp.port_id FROM routerports rp "
            "JOIN routerl3agentbindings rb ON rb.router_id = rp.router_id JOIN agents a ON a.id = rb.l3_agent_id "
            "JOIN ml2_port_bindings pb ON pb.port_id = rp.port_id "
            "WHERE a.host = :host AND a.agent_type = 'L3 agent' AND pb.host <> :host")
        if not (unbound or self.due()):
            return
        # get_router_ids schedules unhosted routers to us; sync_routers binds their ports to this host.
        ids = self.plugin_rpc.get_router_ids(self.context())
        routers = self.plugin_rpc.get_routers(self.context(), ids) if ids else []
        self.state["configurations"].update(
            routers=len(routers), ex_gw_ports=sum(1 for r in routers if r.get("gw_port")),
            interfaces=sum(len(r.get(lib_const.INTERFACE_KEY, [])) for r in routers), floating_ips=0)


KINDS = {"ovs": OvsAgent, "dhcp": DhcpAgent, "l3": L3Agent}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in KINDS:
        print(__doc__, file=sys.stderr)
        return 2
    common_config.register_common_config_options()
    # Host lxd1's stand-in: its ports are plugged once their container exists on this LXD (see OvsAgent).
    cfg.CONF.register_opts([cfg.StrOpt("lxd_socket", help="the lab LXD's socket, on host lxd1")], group="lab")
    agent_conf.register_agent_state_opts_helper(cfg.CONF)
    db_options.set_defaults(cfg.CONF)  # [database], for the ovs stand-in's view of the port bindings
    common_config.init(argv[1:])
    common_config.setup_logging()
    agent = KINDS[argv[0]](cfg.CONF.host)
    LOG.info("stand-in %s agent for host %s started", argv[0], cfg.CONF.host)
    agent.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
