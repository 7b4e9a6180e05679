"""Keystone's v2.0 token API (deprecated in Newton, still what the seed's novarc used): issue and validate.

v2.0 and v3 share one token store, so a token from either works on both, as in Keystone. v2.0 knows only the
default domain.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.auth import caller, forbidden
from lxdstack.cloud.core.errors import Unauthorized
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import errors
from lxdstack.cloud.identity.backend import DEFAULT_DOMAIN, Credentials, Identity, Ref, Scope
from lxdstack.cloud.identity.tokens import Token
from lxdstack.cloud.identity.views import isotime


def parse_auth(body: dict[str, Any]) -> tuple[Credentials, Scope]:
    """The credentials and tenant of a `POST /v2.0/tokens` body."""
    auth = body.get("auth")
    if not isinstance(auth, dict):
        raise errors.validation("auth", "request body")
    if isinstance(auth.get("passwordCredentials"), dict):
        given = auth["passwordCredentials"]
        if given.get("userId"):
            user = Ref(id=given["userId"])
        elif given.get("username"):
            user = Ref(name=given["username"], domain_id=DEFAULT_DOMAIN)
        else:
            raise errors.validation("username", "passwordCredentials")
        credentials = Credentials(user=user, password=given.get("password"))
    elif isinstance(auth.get("token"), dict) and auth["token"].get("id"):
        credentials = Credentials(token_id=auth["token"]["id"])
    else:
        raise errors.validation("passwordCredentials or token", "auth")
    if auth.get("tenantId"):
        return credentials, Scope("project", Ref(id=auth["tenantId"]))
    if auth.get("tenantName"):
        return credentials, Scope("project", Ref(name=auth["tenantName"], domain_id=DEFAULT_DOMAIN))
    return credentials, Scope()


def access(token: Token, identity: Identity, token_id: str | None = None) -> dict[str, Any]:
    """A token as v2.0 renders it (Newton V2TokenDataHelper); domain-scoped tokens have no v2.0 form.

    `token_id` stands in for the token's id (what a PKI token signs has none yet).
    """
    directory = identity.directory
    user = directory.users[token.user_id]
    if token.domain_id is not None or user.domain_id != DEFAULT_DOMAIN:
        raise Unauthorized("Domains are not supported by the v2 API. Please use the v3 API instead.")
    roles = identity.roles_of(token)
    body: dict[str, Any] = {
        "token": {"id": token_id or token.id, "issued_at": isotime(token.issued_at),
                  "expires": token.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "audit_ids": token.audit_ids},
        "serviceCatalog": [],
        "user": {"id": user.id, "name": user.name, "username": user.name,
                 "roles": [{"name": r.name} for r in roles], "roles_links": []},
        "metadata": {"is_admin": 0, "roles": [r.id for r in roles]},
    }
    if token.project_id is not None:
        project = directory.projects[token.project_id]
        body["token"]["tenant"] = {"id": project.id, "name": project.name, "enabled": project.enabled,
                                   "description": project.description}
        body["serviceCatalog"] = _catalog(token, identity)
    return {"access": body}


def _catalog(token: Token, identity: Identity) -> list[dict[str, Any]]:
    """v2.0 groups a service's endpoints per region, one URL per interface."""
    catalog = []
    for entry in identity.catalog_of(token):
        regions: dict[str, dict[str, str]] = {}
        for endpoint in entry.endpoints:
            row = regions.setdefault(endpoint.region_id, {"region": endpoint.region_id})
            row[f"{endpoint.interface}URL"] = endpoint.url
            if endpoint.interface == "public":
                row["id"] = endpoint.id
        catalog.append({"type": entry.service.type, "name": entry.service.name,
                        "endpoints": list(regions.values()), "endpoints_links": []})
    return catalog


async def issue_token(request: Request, cloud: CloudState) -> Response:
    credentials, scope = parse_auth(await json_body(request))
    # A PKI token signs the body with the id Newton's v2.0 controller put there before signing: 'placeholder'.
    token = cloud.identity.authenticate(credentials, scope, v2=True,
                                        document=lambda t: access(t, cloud.identity, "placeholder"))
    return json_response(access(token, cloud.identity))


def _subject(request: Request, cloud: CloudState) -> Token:
    # v2.0 validation is for services: Newton's v2 controller asserts `admin_required`.
    if not caller(request, cloud).is_admin:
        raise forbidden("admin_required")
    return cloud.identity.tokens.validate(request.path_params["token_id"])


async def validate_token(request: Request, cloud: CloudState) -> Response:
    return json_response(access(_subject(request, cloud), cloud.identity))


async def check_token(request: Request, cloud: CloudState) -> Response:
    access(_subject(request, cloud), cloud.identity)  # the same refusals as GET, without a body
    return Response(status_code=200)
