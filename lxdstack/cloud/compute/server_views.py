"""JSON shapes of Nova Newton's servers and instance actions, per microversion (2.1-2.38).

The detail view is views/servers.py plus the extensions every v2.1 deployment loads (OS-EXT-STS, OS-EXT-AZ,
OS-EXT-SRV-ATTR for admins, OS-SRV-USG, OS-DCF, os-extended-volumes, config_drive, key_name, security_groups).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from lxdstack.cloud.compute.api import Context
from lxdstack.cloud.compute.block_devices import volumes_attached
from lxdstack.cloud.compute.hosts import Services
from lxdstack.cloud.compute.servers import Action, Event, Phase, Server
from lxdstack.cloud.compute.views import isotime, primitive

# views/servers.py: progress is only shown while something can progress
_PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")


def host_id(project_id: str, host: str | None) -> str:
    """The host's id as the project sees it: sha224(project id + host), "" before there is a host."""
    return hashlib.sha224((project_id + host).encode()).hexdigest() if host else ""


def brief(s: Server, ctx: Context) -> dict:
    return {"id": s.uuid, "name": s.name, "links": ctx.links("servers", s.uuid)}


def created(s: Server, ctx: Context, admin_pass: str | None) -> dict:
    """The 202 body of a create: only what Nova knows before scheduling."""
    body = {"id": s.uuid, "links": ctx.links("servers", s.uuid), "OS-DCF:diskConfig": "MANUAL",
            "security_groups": [{"name": name} for name in s.security_groups]}
    if admin_pass is not None:
        body["adminPass"] = admin_pass
    return body


def detail(s: Server, ctx: Context, now: datetime, services: Services, addresses: dict | None = None,
           security_groups: list[dict] | None = None) -> dict:
    """`addresses`: the server's fixed IPs per network (Nova's network info cache), shown once it has a host;
    `security_groups`: its ports' groups, the key absent when there are none (a server on no port, or not
    placed), as Newton's security_groups extension leaves it with Neutron."""
    p = s.phase(now)
    body: dict = {
        **brief(s, ctx),
        "status": p.status,
        "tenant_id": s.project_id,
        "user_id": s.user_id,
        "metadata": dict(s.metadata),
        "hostId": host_id(s.project_id, p.host),
        "image": {"id": s.image_id, "links": ctx.bookmark("images", s.image_id)},
        "flavor": {"id": s.flavor.flavorid, "links": ctx.bookmark("flavors", s.flavor.flavorid)},
        "created": isotime(s.created),
        "updated": isotime(p.updated),
        "addresses": (addresses or {}) if p.host is not None else {},
        "accessIPv4": s.access_ipv4,
        "accessIPv6": s.access_ipv6,
        "OS-DCF:diskConfig": "MANUAL",
        "key_name": s.key_name,
        "OS-EXT-AZ:availability_zone": _zone(s, p, services) or "",
        "OS-EXT-STS:vm_state": p.vm_state,
        "OS-EXT-STS:task_state": p.task_state,
        "OS-EXT-STS:power_state": p.power_state,
        "OS-SRV-USG:launched_at": primitive(p.launched_at),
        "OS-SRV-USG:terminated_at": None,
        "os-extended-volumes:volumes_attached": volumes_attached(s.block_devices, now, ctx.since("2.3")),
        "config_drive": "True" if s.config_drive else "",
    }
    if security_groups:
        body["security_groups"] = security_groups
    if p.status in _PROGRESS_STATUSES:
        body["progress"] = 0  # nova-lxd never reports build progress
    if p.fault is not None:
        fault = {"code": p.fault.code, "created": isotime(p.updated), "message": p.fault.message}
        # Nova shows the traceback to admins only, unless the fault is not an internal error
        if ctx.is_admin or p.fault.code != 500:
            fault["details"] = p.fault.details
        body["fault"] = fault
    if ctx.is_admin:
        body.update(_admin_attributes(s, p, ctx))
    if ctx.since("2.9"):
        body["locked"] = False
    if ctx.since("2.16") and ctx.is_admin:
        body["host_status"] = _host_status(p.host, services)
    if ctx.since("2.19"):
        body["description"] = s.description
    if ctx.since("2.26"):
        body["tags"] = []
    return body


def _zone(s: Server, p: Phase, services: Services) -> str | None:
    """avail_zone.get_instance_availability_zone: the host's zone once there is a host, else the requested one."""
    if p.host is not None and p.host in services.hosts:
        return services.hosts[p.host].zone
    return s.zone


def _admin_attributes(s: Server, p: Phase, ctx: Context) -> dict:
    attributes = {"OS-EXT-SRV-ATTR:host": p.host, "OS-EXT-SRV-ATTR:instance_name": s.instance_name,
                  "OS-EXT-SRV-ATTR:hypervisor_hostname": p.host}  # nova-lxd's node name is the host name
    if ctx.since("2.3"):
        attributes.update({
            "OS-EXT-SRV-ATTR:reservation_id": s.reservation_id, "OS-EXT-SRV-ATTR:launch_index": 0,
            "OS-EXT-SRV-ATTR:kernel_id": "", "OS-EXT-SRV-ATTR:ramdisk_id": "",
            "OS-EXT-SRV-ATTR:hostname": s.hostname, "OS-EXT-SRV-ATTR:root_device_name": None,
            "OS-EXT-SRV-ATTR:user_data": s.user_data,
        })
    return attributes


def _host_status(host: str | None, services: Services) -> str:
    service = services.compute(host) if host else None
    if service is None:
        return ""
    if service.forced_down:
        return "DOWN"
    return "MAINTENANCE" if service.disabled else "UP"


def action(a: Action, instance_uuid: str) -> dict:
    return {"action": a.action, "instance_uuid": instance_uuid, "request_id": a.request_id, "user_id": a.user_id,
            "project_id": a.project_id, "start_time": primitive(a.start_time), "message": a.message}


def event(e: Event) -> dict:
    return {"event": e.name, "start_time": primitive(e.start_time), "finish_time": primitive(e.finish_time),
            "result": e.result, "traceback": e.traceback}
