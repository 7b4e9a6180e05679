"""Keystone v3 services, endpoints and regions (read-only: the catalog is fixed by the scenario).

Newton's policy: services and endpoints need `admin_required`; regions are readable with any valid token.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.auth import caller
from lxdstack.cloud.core.http import json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import views
from lxdstack.cloud.identity.handlers import admin, self_url, v3_url


async def list_services(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_services")
    services = cloud.identity.catalog.list_services(request.query_params.get("type"))
    v3 = v3_url(request)
    return json_response(views.collection("services", [views.service(s, v3) for s in services], self_url(request)))


async def get_service(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:get_service")
    service = cloud.identity.catalog.service(request.path_params["service_id"])
    return json_response({"service": views.service(service, v3_url(request))})


async def list_endpoints(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_endpoints")
    q = request.query_params
    endpoints = cloud.identity.catalog.list_endpoints(
        service_id=q.get("service_id"), interface=q.get("interface"), region_id=q.get("region_id")
    )
    v3 = v3_url(request)
    items = [views.endpoint(e, v3) for e in endpoints]
    return json_response(views.collection("endpoints", items, self_url(request)))


async def get_endpoint(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:get_endpoint")
    endpoint = cloud.identity.catalog.endpoint(request.path_params["endpoint_id"])
    return json_response({"endpoint": views.endpoint(endpoint, v3_url(request))})


async def list_regions(request: Request, cloud: CloudState) -> Response:
    caller(request, cloud)
    regions = cloud.identity.catalog.regions.values()
    v3 = v3_url(request)
    return json_response(views.collection("regions", [views.region(r, v3) for r in regions], self_url(request)))


async def get_region(request: Request, cloud: CloudState) -> Response:
    caller(request, cloud)
    region = cloud.identity.catalog.region(request.path_params["region_id"])
    return json_response({"region": views.region(region, v3_url(request))})
