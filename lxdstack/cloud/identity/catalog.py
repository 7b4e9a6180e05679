"""Keystone's catalog: regions, services and their endpoints, and the catalog a token carries.

One loopback port serves every service under a path prefix, as DevStack does; the URLs below are the ones the
design fixes (compute at `/compute/v2.1`, block storage as volumev3 and volumev2 beside it, as in Newton).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxdstack.cloud.identity.models import lookup, new_id

# (type, name, path under the cloud's base URL)
SERVICES: tuple[tuple[str, str, str], ...] = (
    ("identity", "keystone", "/identity/v3"),
    ("compute", "nova", "/compute/v2.1"),
    ("image", "glance", "/image"),
    ("network", "neutron", "/network"),
    ("volumev3", "cinderv3", "/volume/v3/$(project_id)s"),
    ("volumev2", "cinderv2", "/volume/v2/$(project_id)s"),
)
INTERFACES = ("public", "internal", "admin")
# Keystone substitutes both spellings with the scoped project's id (catalog/core.py format_url).
_PROJECT_MARKERS = ("$(project_id)s", "$(tenant_id)s")


@dataclass
class Region:
    id: str
    description: str = ""
    parent_region_id: str | None = None


@dataclass
class Service:
    id: str
    type: str
    name: str
    enabled: bool = True
    description: str = ""


@dataclass
class Endpoint:
    id: str
    service_id: str
    interface: str
    region_id: str
    url: str  # the template, as registered: `$(project_id)s` stays in it
    enabled: bool = True


@dataclass
class CatalogEntry:
    """One service of a token's catalog, its endpoint URLs already substituted for the token's scope."""

    service: Service
    endpoints: list[Endpoint] = field(default_factory=list)


class Catalog:
    """The registered regions, services and endpoints of one cloud."""

    def __init__(self) -> None:
        self.regions: dict[str, Region] = {}
        self.services: dict[str, Service] = {}
        self.endpoints: dict[str, Endpoint] = {}

    @classmethod
    def for_cloud(cls, base_url: str, region: str, omit_types: list[str]) -> Catalog:
        """The design's catalog at `base_url`, without the service types a fault omits."""
        catalog = cls()
        catalog.regions[region] = Region(id=region)
        for service_type, name, path in SERVICES:
            if service_type in omit_types:
                continue
            service = Service(id=new_id(), type=service_type, name=name)
            catalog.services[service.id] = service
            for interface in INTERFACES:
                endpoint = Endpoint(new_id(), service.id, interface, region, base_url + path)
                catalog.endpoints[endpoint.id] = endpoint
        return catalog

    def region(self, region_id: str) -> Region:
        return lookup(self.regions, region_id, "region")

    def service(self, service_id: str) -> Service:
        return lookup(self.services, service_id, "service")

    def endpoint(self, endpoint_id: str) -> Endpoint:
        return lookup(self.endpoints, endpoint_id, "endpoint")

    def list_services(self, service_type: str | None = None) -> list[Service]:
        return [s for s in self.services.values() if service_type in (None, s.type)]

    def list_endpoints(
        self, service_id: str | None = None, interface: str | None = None, region_id: str | None = None
    ) -> list[Endpoint]:
        return [
            e
            for e in self.endpoints.values()
            if service_id in (None, e.service_id)
            and interface in (None, e.interface)
            and region_id in (None, e.region_id)
        ]

    def for_scope(self, project_id: str | None) -> list[CatalogEntry]:
        """The catalog of a token scoped to `project_id` (None: domain-scoped).

        Like Keystone, an endpoint whose URL needs a project id is left out when there is none; its service stays,
        possibly with no endpoints.
        """
        entries = []
        for service in self.services.values():
            if not service.enabled:
                continue
            entry = CatalogEntry(service)
            for endpoint in self.list_endpoints(service_id=service.id):
                url = _substitute(endpoint.url, project_id)
                if endpoint.enabled and url is not None:
                    entry.endpoints.append(
                        Endpoint(endpoint.id, service.id, endpoint.interface, endpoint.region_id, url)
                    )
            entries.append(entry)
        return entries


def _substitute(template: str, project_id: str | None) -> str | None:
    url = template
    for marker in _PROJECT_MARKERS:
        if marker in url:
            if project_id is None:
                return None
            url = url.replace(marker, project_id)
    return url

