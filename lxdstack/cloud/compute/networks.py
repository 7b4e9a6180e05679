"""The `networks` of a server create, checked and bound to the server as Nova Newton does with Neutron.

Checks (the API's schema and servers.py `_get_requested_networks`, then neutronv2/api.py `validate_networks`, all
with the caller's token, so an invisible network or port does not exist): a named port must exist (PortNotFound),
be free (PortInUse, 409) and have an address (PortRequiresFixedIP); named networks must exist (NetworkNotFound)
and have a subnet (NetworkRequiresSubnet); a requested fixed IP must be free (FixedIpAlreadyInUse); security
groups are names (or ids) of the project's groups (SecurityGroupNotFound). No network named, or `auto` (2.37), takes
the project's networks as `_get_available_networks` lists them, its own non-shared ones and every shared one
(external networks count when the project owns them, which is why the seed's admin project has two): more than one
is NetworkAmbiguous (409); none is no port, except that `auto` then needs Neutron's auto-allocated-topology, which
this cloud (like the seed's) does not have: UnableToAutoAllocateNetwork (400). `none` asks for no port.

Binding happens when the server is created (Nova does it on the compute host, after scheduling): only a server
whose build has a host gets ports. A named port gets `device_id`, `device_owner` `compute:<zone>` and
`binding:host_id`; a network gets a new port made by Nova. Ports are BUILD once nova-lxd plugs them (spawning
starts: the agent asks for their details) and turn ACTIVE when the server does (the moment its boot ends on the
cloud's clock: `Port.active_from`), unless the scenario's `ports_stay_down` fault holds them DOWN;
nova-lxd Newton does not wait for Neutron's vif-plugged event, so the server becomes ACTIVE either way. A failed
allocation aborts the build as Nova's compute manager does. Deleting the server deletes the ports Nova made and
unbinds the others (device_id "", DOWN), which the user keeps.
"""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass
from typing import Any

from lxdstack.cloud.compute import errors
from lxdstack.cloud.compute.api import Context
from lxdstack.cloud.compute.scheduler import Fault, Outcome, truncate
from lxdstack.cloud.compute.servers import Server
from lxdstack.cloud.core.errors import BadRequest, CloudError
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network.models import COMPUTE_PREFIX
from lxdstack.cloud.network.store import Neutron, PortRequest, Who

_ITEM_KEYS = ("uuid", "port", "fixed_ip", "tag")
_ALLOCATION_FAILED = "Failed to allocate the network(s), not rescheduling."


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _is_ip(value: Any) -> bool:
    try:
        ipaddress.ip_address(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def check(body: dict, ctx: Context) -> list[dict] | str | None:
    """The requested networks, validated per microversion: from 2.37 `networks` is required and may be the string
    `auto` or `none`; before, it is an optional list. Returns the list, `auto`, `none`, or None when absent."""
    if "networks" not in body:
        if ctx.since("2.37"):
            raise errors.invalid("server", body, "'networks' is a required property")
        return None
    value = body["networks"]
    if isinstance(value, str) and ctx.since("2.37"):
        if value not in ("auto", "none"):
            raise errors.invalid("networks", value, f"{value!r} is not one of ['none', 'auto']")
        return value
    if not isinstance(value, list):
        raise errors.invalid("networks", value, f"{value!r} is not of type 'array'")
    if ctx.since("2.37") and not value:
        raise errors.invalid("networks", value, "[] is too short")
    allowed = _ITEM_KEYS if ctx.since("2.32") else _ITEM_KEYS[:3]
    for item in value:
        if not isinstance(item, dict):
            raise errors.invalid("networks", item, f"{item!r} is not of type 'object'")
        extras = sorted(set(item) - set(allowed))
        if extras:
            raise errors.invalid("networks", item, f"Additional properties are not allowed ({extras[0]!r} was "
                                                   "unexpected)")
        for key, valid in (("port", _is_uuid), ("fixed_ip", _is_ip)):
            if item.get(key) is not None and not valid(item[key]):
                raise errors.invalid(key, item[key], f"{item[key]!r} is not valid under any of the given schemas")
        if item.get("port") and item.get("fixed_ip") is not None:
            raise errors.fixed_ip_with_port(str(item["fixed_ip"]), str(item["port"]))
        if not item.get("port") and not _is_uuid(item.get("uuid")):
            raise BadRequest(f"Bad networks format: network uuid is not in proper format ({item.get('uuid')})")
    return value


@dataclass(frozen=True)
class Interface:
    """One interface of the server: a user's port, or a network (with an address, maybe) for Nova to make one."""

    port_id: str | None = None
    network_id: str | None = None
    fixed_ip: str | None = None


@dataclass(frozen=True)
class Plan:
    """What binding the new server does: its interfaces in order, and the security groups of the ports Nova makes."""

    interfaces: tuple[Interface, ...] = ()
    security_group_ids: tuple[str, ...] = ()


def _who(ctx: Context) -> Who:
    return Who(ctx.project_id, ctx.is_admin)


def _group_ids(neutron: Neutron, project_id: str, names: list[str]) -> tuple[str, ...]:
    """neutronv2/api.py `_process_security_groups`: names (or ids) among the project's groups."""
    neutron.default_group(project_id)
    mine = [g for g in neutron.groups.values() if g.project_id == project_id]
    found = []
    for name in names:
        by_name = [g.id for g in mine if g.name == name]
        if len(by_name) > 1:
            raise errors.no_unique_match()
        by_id = [g.id for g in mine if g.id == name]
        if not (by_name or by_id):
            raise errors.security_group_not_found(name)
        found.append((by_name or by_id)[0])
    return tuple(found)


def _available(neutron: Neutron, project_id: str) -> list[str]:
    """`_get_available_networks` without ids: the project's non-shared networks, then every shared one."""
    own = [n.id for n in neutron.networks.values() if n.project_id == project_id and not n.shared]
    return own + [n.id for n in neutron.networks.values() if n.shared]


def resolve(requested: list[dict] | str | None, cloud: CloudState, ctx: Context, groups: list[str]) -> Plan:
    """Nova's validate_networks against the cloud's Neutron; the plan `attach` carries out."""
    neutron = cloud.network
    group_ids = _group_ids(neutron, ctx.project_id, groups)
    if requested == "none":
        return Plan((), group_ids)
    if requested in (None, "auto") or requested == []:
        available = _available(neutron, ctx.project_id)
        if len(available) > 1:
            raise errors.network_ambiguous()
        if not available:
            if requested == "auto":
                raise errors.cannot_auto_allocate(ctx.project_id)
            return Plan((), group_ids)
        requested = [{"uuid": available[0]}]
    who = _who(ctx)
    plan: list[Interface] = []
    for item in requested:
        if item.get("port"):
            port_id = str(item["port"])
            try:
                port = neutron.port(port_id, who)
            except CloudError:
                raise errors.port_not_found(port_id) from None
            if port.device_id:
                raise errors.port_in_use(port_id)
            if not port.fixed_ips:
                raise errors.port_requires_fixed_ip(port_id)
            plan.append(Interface(port_id=port.id))
            continue
        network_id = str(item["uuid"])
        network = neutron.networks.get(network_id)
        if network is None or not neutron.network_visible(network, who):
            raise errors.network_not_found(network_id)
        if not network.subnet_ids:
            raise errors.network_requires_subnet(network_id)
        address = item.get("fixed_ip")
        if address is not None:
            holder = next((p for p in neutron.ports.values() if p.network_id == network_id
                           and any(f.ip_address == address for f in p.fixed_ips)), None)
            if holder is not None:
                raise errors.fixed_ip_in_use(str(address), holder.device_id)
        plan.append(Interface(network_id=network_id, fixed_ip=address))
    return Plan(tuple(plan), group_ids)


def attach(cloud: CloudState, server: Server, plan: Plan) -> None:
    """Bind and allocate the server's ports on its host; a failure aborts the build (server ERROR, no ports)."""
    host = server.outcome.host
    if host is None or not plan.interfaces:
        return
    neutron = cloud.network
    zone = cloud.compute.services.hosts[host].zone
    try:
        for index, request in enumerate(plan.interfaces):
            if request.port_id is not None:
                port = neutron.ports[request.port_id]
                neutron.bind(port, server.uuid, zone, host, server.ready_at, index, nova_created=False,
                             build_from=server.plugged_at)
                continue
            fixed_ips = None if request.fixed_ip is None else [{"ip_address": request.fixed_ip}]
            port = neutron.create_port(PortRequest(
                request.network_id or "", server.project_id, fixed_ips=fixed_ips,
                security_group_ids=list(plan.security_group_ids)))
            neutron.bind(port, server.uuid, zone, host, server.ready_at, index, nova_created=True,
                         build_from=server.plugged_at)
    except CloudError as error:
        release(cloud, server)
        message = f"Build of instance {server.uuid} aborted: {_ALLOCATION_FAILED}"
        details = ("Traceback (most recent call last):\n"
                   '  File "nova/compute/manager.py", in _build_resources\n'
                   f"BuildAbortException: {message}\nCaused by: {error.message}\n")
        server.outcome = Outcome(server.outcome.attempts, fault=Fault(500, truncate(message), details))


def release(cloud: CloudState, server: Server) -> None:
    """Nova's deallocate_for_instance: its own ports deleted, the user's unbound (and DOWN) but kept."""
    neutron = cloud.network
    for port in neutron.ports_of(server.uuid):
        if port.nova_created:
            neutron.delete_port(port)
        else:
            port.unbind()
            port.touch(cloud.clock.now())


def addresses(cloud: CloudState, server: Server) -> dict[str, list[dict]]:
    """The server's `addresses`: per network name, each fixed IP of its ports with the port's MAC."""
    neutron = cloud.network
    found: dict[str, list[dict]] = {}
    for port in neutron.ports_of(server.uuid):
        if not port.device_owner.startswith(COMPUTE_PREFIX):
            continue
        name = neutron.networks[port.network_id].name
        for fixed in port.fixed_ips:
            found.setdefault(name, []).append({
                "version": ipaddress.ip_address(fixed.ip_address).version, "addr": fixed.ip_address,
                "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": port.mac_address})
    return found


def security_groups(cloud: CloudState, server: Server) -> list[dict]:
    """The server's `security_groups` as Newton's extension finds them through Neutron
    (get_instances_security_groups_bindings): each group of each of its ports, by name (its id when unnamed)."""
    neutron = cloud.network
    return [{"name": group.name or group.id} for port in neutron.ports_of(server.uuid)
            for group_id in port.security_group_ids if (group := neutron.groups.get(group_id)) is not None]
