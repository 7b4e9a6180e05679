"""Keystone's implemented routes, relative to `/identity` (discovery documents are in `discovery.py`).

Anything not listed answers 501 naming the route (after the token check), so a gap never passes for an answer.
"""

from __future__ import annotations

from lxdstack.cloud.core.routing import Route
from lxdstack.cloud.identity import catalog_handlers as catalog
from lxdstack.cloud.identity import grant_handlers as grants
from lxdstack.cloud.identity import handlers as resources
from lxdstack.cloud.identity import pki_handlers as pki
from lxdstack.cloud.identity import token_handlers as auth
from lxdstack.cloud.identity import v2

_PROJECT_GRANT = "/v3/projects/{project_id}/users/{user_id}/roles"
_DOMAIN_GRANT = "/v3/domains/{domain_id}/users/{user_id}/roles"

ROUTES = [
    Route("POST", "/v3/auth/tokens", auth.issue_token),
    Route("GET", "/v3/auth/tokens", auth.validate_token),
    Route("HEAD", "/v3/auth/tokens", auth.check_token),
    Route("DELETE", "/v3/auth/tokens", auth.revoke_token),
    Route("GET", "/v3/auth/tokens/OS-PKI/revoked", pki.v3_revocation_list),
    Route("GET", "/v3/auth/catalog", auth.auth_catalog),
    Route("GET", "/v3/auth/projects", auth.auth_projects),
    Route("GET", "/v3/auth/domains", auth.auth_domains),
    Route("GET", "/v3/users", resources.list_users),
    Route("POST", "/v3/users", resources.create_user),
    Route("GET", "/v3/users/{user_id}", resources.get_user),
    Route("PATCH", "/v3/users/{user_id}", resources.update_user),
    Route("DELETE", "/v3/users/{user_id}", resources.delete_user),
    Route("GET", "/v3/users/{user_id}/projects", resources.list_user_projects),
    Route("GET", "/v3/projects", resources.list_projects),
    Route("POST", "/v3/projects", resources.create_project),
    Route("GET", "/v3/projects/{project_id}", resources.get_project),
    Route("PATCH", "/v3/projects/{project_id}", resources.update_project),
    Route("DELETE", "/v3/projects/{project_id}", resources.delete_project),
    Route("GET", "/v3/domains", resources.list_domains),
    Route("GET", "/v3/domains/{domain_id}", resources.get_domain),
    Route("GET", "/v3/roles", resources.list_roles),
    Route("GET", "/v3/roles/{role_id}", resources.get_role),
    Route("GET", _PROJECT_GRANT, grants.list_grants),
    Route("PUT", _PROJECT_GRANT + "/{role_id}", grants.grant),
    Route("HEAD", _PROJECT_GRANT + "/{role_id}", grants.check_grant),
    Route("DELETE", _PROJECT_GRANT + "/{role_id}", grants.revoke_grant),
    Route("GET", _DOMAIN_GRANT, grants.list_grants),
    Route("PUT", _DOMAIN_GRANT + "/{role_id}", grants.grant),
    Route("HEAD", _DOMAIN_GRANT + "/{role_id}", grants.check_grant),
    Route("DELETE", _DOMAIN_GRANT + "/{role_id}", grants.revoke_grant),
    Route("GET", "/v3/role_assignments", grants.list_role_assignments),
    Route("GET", "/v3/services", catalog.list_services),
    Route("GET", "/v3/services/{service_id}", catalog.get_service),
    Route("GET", "/v3/endpoints", catalog.list_endpoints),
    Route("GET", "/v3/endpoints/{endpoint_id}", catalog.get_endpoint),
    Route("GET", "/v3/regions", catalog.list_regions),
    Route("GET", "/v3/regions/{region_id}", catalog.get_region),
    Route("GET", "/v3/OS-SIMPLE-CERT/certificates", pki.v3_certificates),
    Route("GET", "/v3/OS-SIMPLE-CERT/ca", pki.v3_ca),
    Route("POST", "/v2.0/tokens", v2.issue_token),
    # before /v2.0/tokens/{token_id}, which would take `revoked` for a token id
    Route("GET", "/v2.0/tokens/revoked", pki.v2_revocation_list),
    Route("GET", "/v2.0/tokens/{token_id}", v2.validate_token),
    Route("HEAD", "/v2.0/tokens/{token_id}", v2.check_token),
    Route("GET", "/v2.0/certificates/signing", pki.v2_signing_cert),
    Route("GET", "/v2.0/certificates/ca", pki.v2_ca_cert),
]
