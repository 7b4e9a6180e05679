"""The service catalog: every service the cloud must have is there, and each endpoint is the service it claims.

Parametrized from the expectations file: `[compute]` is a service type, `[compute-internal]` one endpoint.
"""

import allure
import pytest
from keystoneauth1 import exceptions as ksa_exceptions

from lxdstack.catalog import endpoints, service_types
from lxdstack.discovery import base_url, fetch_versions, problems_with

pytestmark = [allure.feature("Identity"), allure.story("Service catalog"), pytest.mark.smoke]


@allure.id("identity-catalog-service")
def test_service_is_in_catalog_with_every_interface(service_type, service, catalog, expectations):
    """The service type is in the catalog with a public, internal and admin endpoint in the region."""
    found = endpoints(catalog, service_type, expectations.region)
    assert found, (f"service type {service_type} has no endpoint in region {expectations.region}; "
                   f"the catalog has: {', '.join(service_types(catalog))}")
    missing = [interface for interface in expectations.interfaces if interface not in found]
    assert not missing, f"{service_type} has no {' or '.join(missing)} endpoint in region {expectations.region}"


@allure.id("identity-catalog-discovery")
def test_endpoint_answers_its_own_discovery(service_type, interface, service, catalog, expectations,
                                            admin_cloud, admin_access):
    """The endpoint answers its own service's version discovery, not just any 200."""
    urls = endpoints(catalog, service_type, expectations.region).get(interface)
    if not urls:
        pytest.fail(f"no {interface} endpoint for {service_type} in region {expectations.region}")
    url = urls[0]
    try:
        advertised = fetch_versions(admin_cloud.session, url, admin_access.project_id)
    except ksa_exceptions.DiscoveryFailure as exc:
        pytest.fail(f"{service_type} {interface} endpoint {url} answers {exc}")
    problems = problems_with(advertised, service.versions, base_url(url, admin_access.project_id))
    assert not problems, f"{service_type} {interface} endpoint {url}: " + "; ".join(problems)
