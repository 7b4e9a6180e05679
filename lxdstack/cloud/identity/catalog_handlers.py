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
from lxdstack.cloud.identity.handlers import admin, listing, v3_url


async def list_services(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:list_services")
    services = cloud.identity.catalog.list_services(request.query_params.get("type"))
    return listing(request, "services", services, views.service)


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
    return listing(request, "endpoints", endpoints, views.endpoint)


async def get_endpoint(request: Request, cloud: CloudState) -> Response:
    admin(request, cloud, "identity:get_endpoint")
    endpoint = cloud.identity.catalog.endpoint(request.path_params["endpoint_id"])
    return json_response({"endpoint": views.endpoint(endpoint, v3_url(request))})


async def list_regions(request: Request, cloud: CloudState) -> Response:
    caller(request, cloud)
    regions = cloud.identity.catalog.regions.values()
    return listing(request, "regions", regions, views.region)


async def get_region(request: Request, cloud: CloudState) -> Response:
    caller(request, cloud)
    region = cloud.identity.catalog.region(request.path_params["region_id"])
    return json_response({"region": views.region(region, v3_url(request))})
