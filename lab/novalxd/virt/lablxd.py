"""A LAB compute driver for Nova: it reproduces what nova-lxd (Newton) documented, on a real LXD. It is not nova-lxd.

Loaded by real Nova (Debian 12's Zed) as `compute_driver = lablxd.LabLxdDriver` through lab/novalxd/nova_compute.py,
so that the suite's nova-lxd verdicts can be checked against real Nova's own fault handling and a real LXD daemon
instead of our embedded cloud's reading of nova-lxd. What it reproduces:

- one real LXD container per instance, named as nova-lxd named them (the instance's name, `instance-0000000a`),
  booted through pylxd from the lab's local image (the Glance image is not used: nothing can be downloaded here),
  tagged with the instance's uuid, with nova-lxd's `limits.cpu`/`limits.memory` from the flavor; as nova-lxd, spawn
  returns only once Neutron reports the instance's new ports plugged (`network-vif-plugged`);
- the ephemeral-disk refusal, with nova-lxd's exact text (sic "Unsupport"), raised before anything is created;
  which storage counts is a config option: `root-pool` (the driver of the pool the instance's root disk uses, the
  default profile's) or `newton-exact` (Newton compared `GET /1.0` environment.storage with zfs, btrfs and lvm, so
  LXD 5's "dir | btrfs" on a host with two pool drivers is refused even when the root disk is on btrfs);
- on btrfs, each ephemeral disk as an LXD custom volume on the root disk's pool, mounted at /mnt, with the flavor's
  size as its quota (a btrfs qgroup limit: a limit, not a reservation). Newton made a btrfs subvolume by hand and
  bind-mounted it; a custom volume is LXD 5's way to give the same thing;
- destroy deletes the container and its volumes; init_host re-adopts the tagged containers after a restart (Nova's
  fake driver, which this subclasses for everything else, keeps its instances in memory only);
- one NIC per Neutron port (nictype bridged, the port's MAC), on an LXD-managed bridge `lab-<network id[:8]>` whose
  address is the subnet's gateway (no NAT, no IPv6, no DHCP: the lab LXD runs in its own network namespace and the
  bridge has no uplink, so nothing leaves it), with the port's fixed IPv4 addresses set inside the container.
  nova-lxd plugged the NIC into the port's Open vSwitch bridge and left addressing to the guest (DHCP, config
  drive); the lab has no Open vSwitch and no Neutron DHCP, so the driver sets the address itself. The NICs are
  added once the container runs (hot-plugged), so the image's boot-time DHCP client never sees them and cannot
  clear the address.

Not reproduced: nova-lxd's image checks (any image boots the lab image), connectivity between hosts or with Neutron's
router (the bridges live in the lab LXD's namespace only), zfs and lvm (no zfs module, no device-mapper on these
machines), console logs.
"""

import ipaddress
import shlex
from urllib.parse import quote

import eventlet
import pylxd
from nova import exception
from nova.compute import power_state
from nova.virt import driver, fake, hardware
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import versionutils
from pylxd import exceptions as lxd_exceptions

LOG = logging.getLogger(__name__)
CONF = cfg.CONF
CONF.register_opts([
    cfg.StrOpt("socket", required=True, help="the LXD daemon's unix socket"),
    cfg.StrOpt("image", default="lab-busybox", help="image alias every instance boots from"),
    cfg.StrOpt("storage_rule", default="root-pool", choices=["root-pool", "newton-exact"],
               help="how the storage that must give ephemeral disks is detected"),
], group="lablxd")

# nova-lxd Newton, driver.py _add_ephemeral: the text for any storage but zfs, btrfs and lvm.
UNSUPPORTED_STORAGE = "Unsupport LXD storage detected. Supported storage drivers are zfs and btrfs."
EPHEMERAL_DRIVERS = ("zfs", "btrfs", "lvm")
UUID_KEY = "user.nova-instance-uuid"   # the tag that makes a container ours, and says whose it is
POWER = {"Running": power_state.RUNNING, "Stopped": power_state.SHUTDOWN, "Frozen": power_state.PAUSED}


def connect(socket):
    """pylxd's client on a unix socket (2.2.10 takes a socket path only as an http+unix URL)."""
    return pylxd.Client(endpoint="http+unix://" + quote(socket, safe=""))


def get(client, path, **params):
    """The `metadata` of LXD's answer to GET /1.0/<path>; NotFound for a 404."""
    node = client.api
    for part in filter(None, path.split("/")):
        node = node[part]
    response = node.get(params=params)
    if response.status_code == 404:
        raise lxd_exceptions.NotFound(response)
    if response.status_code != 200:
        raise lxd_exceptions.LXDAPIException(response)
    return response.json()["metadata"]


def post(client, path, body, timeout=60):
    """POST /1.0/<path> and, when LXD answers with an operation, wait for it; the operation's metadata."""
    node = client.api
    for part in filter(None, path.split("/")):
        node = node[part]
    response = node.post(json=body)
    if response.status_code not in (200, 201, 202):
        raise lxd_exceptions.LXDAPIException(response)
    answer = response.json()
    if answer.get("type") != "async":
        return answer.get("metadata")
    operation = client.api.operations[answer["operation"].rstrip("/").split("/")[-1]].wait.get(
        params={"timeout": timeout}).json()["metadata"]
    if operation["status"] != "Success":
        raise exception.NovaException(f"lab driver: LXD {path}: {operation['status']}: {operation.get('err')}")
    return operation.get("metadata") or {}


def bridge_name(network_id):
    """The lab bridge of a Neutron network (LXD network names are at most 15 characters)."""
    return f"lab-{network_id[:8]}"


def vif_nics(network_info):
    """(device name, NIC device, bridge name, bridge config, [address/prefix]) for each VIF, in Nova's order.

    The bridge carries the first IPv4 subnet's gateway as its address (none where the subnet has no gateway); the
    NIC gets every fixed IPv4 address of the port."""
    nics = []
    for number, vif in enumerate(network_info or []):
        subnets = [s for s in vif["network"]["subnets"] if ipaddress.ip_network(s["cidr"]).version == 4]
        addresses, gateway = [], "none"
        for subnet in subnets:
            prefix = ipaddress.ip_network(subnet["cidr"]).prefixlen
            addresses += [f"{ip['address']}/{prefix}" for ip in subnet["ips"]]
            if gateway == "none" and (subnet.get("gateway") or {}).get("address"):
                gateway = f"{subnet['gateway']['address']}/{prefix}"
        bridge = bridge_name(vif["network"]["id"])
        config = {"ipv4.address": gateway, "ipv4.nat": "false", "ipv4.dhcp": "false", "ipv6.address": "none"}
        if gateway == "none":
            del config["ipv4.nat"], config["ipv4.dhcp"]
        nic = {"type": "nic", "nictype": "bridged", "parent": bridge, "name": f"eth{number}", "hwaddr": vif["address"]}
        nics.append((f"eth{number}", nic, bridge, config, addresses))
    return nics


def root_pool(client):
    """The pool of the default profile's root disk: where an instance's root disk (and our volumes) go."""
    devices = get(client, "profiles/default").get("devices") or {}
    root = next((d for d in devices.values() if d.get("type") == "disk" and d.get("path") == "/"), None)
    if root is None or not root.get("pool"):
        raise exception.NovaException("lab driver: the LXD's default profile has no root disk on a pool")
    return root["pool"]


def ephemeral_pool(client, rule):
    """The pool an instance's ephemeral disks go on. Where nova-lxd could not give one under `rule`, its own
    NovaException, word for word; raised before the caller creates anything."""
    pool = root_pool(client)
    if rule == "newton-exact":
        seen = get(client, "").get("environment", {}).get("storage", "")
    else:
        seen = get(client, f"storage-pools/{pool}")["driver"]
    if seen not in EPHEMERAL_DRIVERS:
        raise exception.NovaException(UNSUPPORTED_STORAGE)
    if seen != "btrfs":  # nova-lxd took zfs and lvm; neither can exist on the lab's machines
        raise exception.NovaException(f"lab driver: ephemeral disks on {seen} are not reproduced here")
    return pool


def volume_name(instance_uuid, number):
    return f"{instance_uuid}-ephemeral{number}"


class LabLxdDriver(fake.FakeDriver):
    """Nova's fake driver, with spawn, destroy, power and state done on a real LXD (see the module's note)."""

    def init_host(self, host):
        super().init_host(host)
        self.lxd = connect(CONF.lablxd.socket)
        server = get(self.lxd, "")
        # As nova-lxd reported itself: hypervisor type lxd, LXD's version, containers ("exe").
        self.host_status_base.update(
            hypervisor_type="lxd",
            hypervisor_version=versionutils.convert_version_to_int(server["environment"]["server_version"]),
            supported_instances=[("x86_64", "lxd", "exe")])
        # The fake driver forgets its instances when nova-compute restarts: take back the containers we tagged.
        for container in self._containers():
            uuid = container["config"][UUID_KEY]
            state = POWER.get(container["status"], power_state.NOSTATE)
            self.instances[uuid] = fake.FakeInstance(container["name"], state, uuid)
        LOG.info("lab LXD driver on %s (LXD %s, storage rule %s): re-adopted %d container(s)", CONF.lablxd.socket,
                 server["environment"]["server_version"], CONF.lablxd.storage_rule, len(self.instances))

    def _containers(self):
        return [c for c in get(self.lxd, "containers", recursion=1) if UUID_KEY in (c.get("config") or {})]

    def list_instances(self):
        return [c["name"] for c in self._containers()]

    def list_instance_uuids(self):
        return [c["config"][UUID_KEY] for c in self._containers()]

    def spawn(self, context, instance, image_meta, injected_files, admin_password, allocations,
              network_info=None, block_device_info=None, power_on=True, accel_info=None):
        # Network allocation runs in the background: a port that failed to bind must fail the build here, before
        # LXD is asked for anything (the fake driver does the same).
        for vif in network_info or []:
            vif.fixed_ips()
        ephemerals = driver.block_device_info_get_ephemerals(block_device_info)
        pool = ephemeral_pool(self.lxd, CONF.lablxd.storage_rule) if ephemerals else None
        # As nova-lxd (and libvirt) did: the instance is not ACTIVE before Neutron says each of its new ports is up
        # (network-vif-plugged), so nothing can act on a port the agent is still wiring.
        events = [("network-vif-plugged", vif["id"]) for vif in network_info or [] if vif.get("active", True) is False]
        try:
            with self.virtapi.wait_for_instance_event(instance, events if power_on else [],
                                                      deadline=CONF.vif_plugging_timeout,
                                                      error_callback=self._neutron_failed):
                self._create(instance, ephemerals, pool, power_on, network_info)
        except eventlet.timeout.Timeout:
            if CONF.vif_plugging_is_fatal:
                self._remove(instance)
                raise exception.VirtualInterfaceCreateException() from None
        except Exception:
            LOG.exception("spawn failed on LXD; removing what was made", instance=instance)
            self._remove(instance)
            raise
        super().spawn(context, instance, image_meta, injected_files, admin_password, allocations,
                      network_info, block_device_info, power_on, accel_info)

    def _create(self, instance, ephemerals, pool, power_on, network_info):
        """The instance's ephemeral volumes and bridges, then its container, started (NICs plugged, addresses set)
        unless Nova asked otherwise."""
        flavor = instance.flavor
        config = {UUID_KEY: instance.uuid, "limits.cpu": str(flavor.vcpus), "limits.memory": f"{flavor.memory_mb}MB"}
        devices = {}
        for number, ephemeral in enumerate(ephemerals):
            name = volume_name(instance.uuid, number)
            self.lxd.storage_pools.get(pool).volumes.create(
                {"name": name, "type": "custom", "config": {"size": f"{ephemeral['size']}GiB"}})
            devices[f"ephemeral{number}"] = {"type": "disk", "pool": pool, "source": name,
                                             "path": "/mnt" if number == 0 else f"/mnt{number}"}
        nics = vif_nics(network_info)
        for _, _, bridge, bridge_config, _ in nics:
            self._bridge(bridge, bridge_config)
        if not power_on:
            devices.update({name: nic for name, nic, _, _, _ in nics})
        container = self.lxd.containers.create(
            {"name": instance.name, "profiles": ["default"], "config": config, "devices": devices,
             "source": {"type": "image", "alias": CONF.lablxd.image}}, wait=True)
        if power_on:
            self._start(container, nics)

    def _bridge(self, name, config):
        """The lab bridge of a Neutron network, made on first use; an existing one must carry the same address."""
        try:
            found = get(self.lxd, f"networks/{name}")
        except lxd_exceptions.NotFound:
            try:
                post(self.lxd, "networks", {"name": name, "type": "bridge", "config": config,
                                            "description": "lab driver: a Neutron network, inside the lab LXD only"})
                return
            except lxd_exceptions.LXDAPIException:  # another spawn made it meanwhile: check it as found
                found = get(self.lxd, f"networks/{name}")
        if found["config"].get("ipv4.address", "none") != config["ipv4.address"]:
            raise exception.NovaException(f"lab driver: LXD bridge {name} has address "
                                          f"{found['config'].get('ipv4.address')}, expected {config['ipv4.address']}")

    def _start(self, container, nics):
        """Start the container without its NICs, then plug them and set the ports' addresses inside it.

        Plugged after boot so that the image's DHCP client (started at boot only where eth0 exists) never runs:
        it would clear the address, and no DHCP answers on the lab bridges."""
        unplugged = {k: v for k, v in container.devices.items() if v.get("type") != "nic"}
        if unplugged != container.devices:
            container.devices = unplugged
            container.save(wait=True)
        container.start(wait=True)
        if not nics:
            return
        container.devices.update({name: nic for name, nic, _, _, _ in nics})
        container.save(wait=True)
        script = "set -e; " + "; ".join(
            f"ip link set {name} up" + "".join(f"; ip addr add {shlex.quote(a)} dev {name}" for a in addresses)
            for name, _, _, _, addresses in nics)
        result = post(self.lxd, f"containers/{container.name}/exec",
                      {"command": ["/bin/sh", "-c", script], "wait-for-websocket": False, "interactive": False,
                       "record-output": False, "environment": {}})
        if result.get("return") != 0:
            raise exception.NovaException(f"lab driver: setting the addresses in {container.name} "
                                          f"exited {result.get('return')}: {script}")

    def _neutron_failed(self, event_name, instance):
        LOG.error("Neutron reported failure on event %s", event_name, instance=instance)
        if CONF.vif_plugging_is_fatal:
            raise exception.VirtualInterfaceCreateException()

    def _remove(self, instance):
        """Delete the instance's container (stopped first) and its volumes; what is already gone is fine."""
        try:
            if get(self.lxd, f"containers/{instance.name}")["status"] != "Stopped":
                self.lxd.containers.get(instance.name).stop(force=True, wait=True)
            self.lxd.containers.get(instance.name).delete(wait=True)
        except lxd_exceptions.NotFound:
            pass
        for pool in get(self.lxd, "storage-pools", recursion=1):
            for volume in get(self.lxd, f"storage-pools/{pool['name']}/volumes", recursion=1):
                if volume["type"] == "custom" and volume["name"].startswith(f"{instance.uuid}-ephemeral"):
                    self.lxd.storage_pools.get(pool["name"]).volumes.get("custom", volume["name"]).delete()

    def destroy(self, context, instance, network_info, block_device_info=None, destroy_disks=True,
                destroy_secrets=True):
        self._remove(instance)
        super().destroy(context, instance, network_info, block_device_info, destroy_disks, destroy_secrets)

    def get_info(self, instance, use_cache=True):
        try:
            status = get(self.lxd, f"containers/{instance.name}")["status"]
        except lxd_exceptions.NotFound:
            raise exception.InstanceNotFound(instance_id=instance.uuid) from None
        return hardware.InstanceInfo(state=POWER.get(status, power_state.NOSTATE))

    def power_off(self, instance, timeout=0, retry_interval=0):
        self._container(instance).stop(force=True, wait=True)
        super().power_off(instance, timeout, retry_interval)

    def power_on(self, context, instance, network_info, block_device_info=None, accel_info=None):
        self._start(self._container(instance), vif_nics(network_info))
        super().power_on(context, instance, network_info, block_device_info, accel_info)

    def _container(self, instance):
        try:
            return self.lxd.containers.get(instance.name)
        except lxd_exceptions.NotFound:
            raise exception.InstanceNotFound(instance_id=instance.uuid) from None
