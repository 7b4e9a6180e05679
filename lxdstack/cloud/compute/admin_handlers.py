"""Nova's os-services, os-hypervisors, os-availability-zone and limits (Newton's controllers of those names).

Services and hypervisors are admin-only (`rule:admin_api`); zones are readable by anyone, their detail by admins;
limits show the caller's project (another one for admins, `tenant_id`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.compute import errors, validation, views
from lxdstack.cloud.compute.api import Context, endpoint
from lxdstack.cloud.compute.backend import QUOTAS
from lxdstack.cloud.compute.common import require_admin
from lxdstack.cloud.compute.hosts import INTERNAL_ZONE
from lxdstack.cloud.core.errors import BadRequest, NotFound
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState

_NETWORK_LIMITS = ("maxSecurityGroups", "maxSecurityGroupRules", "maxTotalFloatingIps", "totalFloatingIpsUsed",
                   "totalSecurityGroupsUsed")  # proxies of Neutron's quotas, dropped at 2.36


# -- os-services ----------------------------------------------------------------------------------------------
async def _services(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-services")
    found = cloud.compute.services.listing(request.query_params.get("host"), request.query_params.get("binary"))
    now = cloud.clock.now()
    return json_response({"services": [views.service(s, ctx, now) for s in found]})


async def _update_service(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = await json_body(request)
    action = request.path_params["action"]
    fields = {"enable": ("host", "binary"), "disable": ("host", "binary"),
              "disable-log-reason": ("host", "binary", "disabled_reason")}
    if ctx.since("2.11"):
        fields["force-down"] = ("host", "binary", "forced_down")
    validation.only(body, None, ("host", "binary", "disabled_reason", "forced_down"))
    require_admin(ctx, "os_compute_api:os-services")
    if action not in fields:
        raise NotFound("Unknown action")
    validation.required(body, None, fields[action])
    service = cloud.compute.services.find(validation.string(body["host"], "host"),
                                          validation.string(body["binary"], "binary"))
    shown: dict = {"host": service.host, "binary": service.binary}
    if action == "force-down":
        service.forced_down = validation.boolean(body["forced_down"], "forced_down")
        return json_response({"service": {**shown, "forced_down": service.forced_down}})
    service.disabled = action != "enable"
    service.disabled_reason = None
    if action == "disable-log-reason":
        reason = body["disabled_reason"]
        if not isinstance(reason, str) or not 0 < len(reason.strip()) <= 255:
            raise BadRequest("The string containing the reason for disabling the service contains invalid "
                             "characters or is too long.")
        service.disabled_reason = shown["disabled_reason"] = reason
    return json_response({"service": {**shown, "status": "disabled" if service.disabled else "enabled"}})


# -- os-hypervisors -------------------------------------------------------------------------------------------
def _usage(cloud: CloudState, host: str) -> tuple[int, int, int, int]:
    servers = cloud.compute.on_host(host)
    disk = sum(s.flavor.disk + s.flavor.ephemeral + s.flavor.swap // 1024 for s in servers)
    return sum(s.flavor.vcpus for s in servers), sum(s.flavor.ram for s in servers), disk, len(servers)


def _hypervisors(cloud: CloudState, ctx: Context, detail: bool) -> list[dict]:
    services = cloud.compute.services
    return [views.hypervisor(host, services, _usage(cloud, host), ctx, detail=detail) for host in services.hosts]


async def _list_hypervisors(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-hypervisors")
    return json_response({"hypervisors": _hypervisors(cloud, ctx, detail=False)})


async def _list_hypervisors_detail(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-hypervisors")
    return json_response({"hypervisors": _hypervisors(cloud, ctx, detail=True)})


async def _show_hypervisor(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-hypervisors")
    services = cloud.compute.services
    host = services.node(request.path_params["hypervisor_id"]).name
    return json_response({"hypervisor": views.hypervisor(host, services, _usage(cloud, host), ctx, detail=True)})


async def _hypervisor_statistics(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-hypervisors")
    keys = ("vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used", "free_ram_mb",
            "free_disk_gb", "current_workload", "running_vms", "disk_available_least")
    nodes = _hypervisors(cloud, ctx, detail=True)
    totals = {key: sum(node[key] for node in nodes) for key in keys}
    return json_response({"hypervisor_statistics": {"count": len(nodes), **totals}})


# -- os-availability-zone -------------------------------------------------------------------------------------
async def _zones(request: Request, cloud: CloudState, ctx: Context) -> Response:
    available, unavailable = cloud.compute.services.zones()
    # the controller's services live in Nova's internal zone, which only the detail call shows
    listed = [views.zone(z, True) for z in available if z != INTERNAL_ZONE]
    listed += [views.zone(z, False) for z in unavailable if z != INTERNAL_ZONE]
    return json_response({"availabilityZoneInfo": listed})


async def _zones_detail(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-availability-zone:detail")
    services = cloud.compute.services
    available, unavailable = services.zones()
    updated = views.primitive(cloud.clock.now())
    listed = []
    for zone in available:
        hosts: dict = {}
        for s in services.services:
            if s.zone == zone and not s.disabled:
                hosts.setdefault(s.host, {})[s.binary] = {"available": s.up, "active": True, "updated_at": updated}
        listed.append(views.zone(zone, True, hosts))
    listed += [views.zone(z, False) for z in unavailable]
    return json_response({"availabilityZoneInfo": listed})


# -- limits ---------------------------------------------------------------------------------------------------
async def _limits(request: Request, cloud: CloudState, ctx: Context) -> Response:
    project = request.query_params.get("tenant_id", ctx.project_id)
    if project != ctx.project_id and not ctx.is_admin:
        raise errors.policy("os_compute_api:os-used-limits")
    used = cloud.compute.usage(project)
    absolute = {
        "maxTotalInstances": QUOTAS["instances"], "maxTotalCores": QUOTAS["cores"],
        "maxTotalRAMSize": QUOTAS["ram"], "maxServerMeta": QUOTAS["metadata_items"],
        "maxImageMeta": QUOTAS["metadata_items"], "maxPersonality": QUOTAS["injected_files"],
        "maxPersonalitySize": QUOTAS["injected_file_content_bytes"], "maxTotalKeypairs": QUOTAS["key_pairs"],
        "maxServerGroups": QUOTAS["server_groups"], "maxServerGroupMembers": QUOTAS["server_group_members"],
        "maxSecurityGroups": 10, "maxSecurityGroupRules": 20, "maxTotalFloatingIps": 10,
        "totalInstancesUsed": used.instances, "totalCoresUsed": used.cores, "totalRAMUsed": used.ram,
        "totalServerGroupsUsed": 0, "totalSecurityGroupsUsed": 0, "totalFloatingIpsUsed": 0,
    }
    if ctx.since("2.36"):
        absolute = {k: v for k, v in absolute.items() if k not in _NETWORK_LIMITS}
    return json_response({"limits": {"rate": [], "absolute": absolute}})


list_services = endpoint(_services)
update_service = endpoint(_update_service)
list_hypervisors = endpoint(_list_hypervisors)
list_hypervisors_detail = endpoint(_list_hypervisors_detail)
get_hypervisor = endpoint(_show_hypervisor)
hypervisor_statistics = endpoint(_hypervisor_statistics)
list_zones = endpoint(_zones)
list_zones_detail = endpoint(_zones_detail)
get_limits = endpoint(_limits)
