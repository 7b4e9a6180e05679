"""Keystone v3 `/auth`: issuing, validating and revoking tokens, and what a token's owner may list.

Validation policy is Newton's: the caller must be admin or the subject token's own user
(`identity:validate_token`, `identity:check_token`, `identity:revoke_token`).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.auth import caller, forbidden
from lxdstack.cloud.core.errors import Forbidden, Unauthorized
from lxdstack.cloud.core.http import json_body, json_response, no_content, query_flag
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import errors, views
from lxdstack.cloud.identity.backend import Credentials, Ref, Scope
from lxdstack.cloud.identity.handlers import listing, self_url
from lxdstack.cloud.identity.tokens import Token

_METHODS = ("password", "token")


def _object(parent: dict, key: str, where: str) -> dict[str, Any]:
    value = parent.get(key)
    if not isinstance(value, dict):
        raise errors.validation(key, where)
    return value


def _ref(data: dict[str, Any], where: str) -> Ref:
    """`{"id": ...}` or `{"name": ..., "domain": {"id" | "name": ...}}`."""
    if data.get("id"):
        return Ref(id=str(data["id"]))
    if not data.get("name"):
        raise errors.validation("id or name", where)
    domain = data.get("domain")
    if not isinstance(domain, dict) or not (domain.get("id") or domain.get("name")):
        raise errors.validation("domain", where)
    return Ref(name=str(data["name"]), domain_id=domain.get("id"), domain_name=domain.get("name"))


def parse_auth(body: dict[str, Any]) -> tuple[Credentials, Scope]:
    """The credentials and scope of a `POST /v3/auth/tokens` body."""
    auth = _object(body, "auth", "request body")
    identity = _object(auth, "identity", "auth")
    methods = identity.get("methods")
    if not isinstance(methods, list) or not methods:
        raise errors.validation("methods", "identity")
    if any(method not in _METHODS for method in methods):
        raise Unauthorized("Attempted to authenticate with an unsupported method.")
    user = password = token_id = None
    if "password" in methods:
        user_data = _object(_object(identity, "password", "identity"), "user", "password")
        user, password = _ref(user_data, "user"), user_data.get("password")
    if "token" in methods:
        token_id = _object(identity, "token", "identity").get("id")
        if not token_id:
            raise errors.validation("id", "token")
    return Credentials(user=user, password=password, token_id=token_id), _scope(auth.get("scope"))


def _scope(scope: Any) -> Scope:
    if scope is None or scope == "unscoped":
        return Scope()
    if isinstance(scope, dict) and isinstance(scope.get("project"), dict):
        return Scope("project", _ref(scope["project"], "project"))
    if isinstance(scope, dict) and isinstance(scope.get("domain"), dict):
        domain = scope["domain"]
        if not (domain.get("id") or domain.get("name")):
            raise errors.validation("id or name", "domain")
        return Scope("domain", Ref(id=domain.get("id"), name=domain.get("name")))
    raise errors.validation("project or domain", "scope")


async def issue_token(request: Request, cloud: CloudState) -> Response:
    credentials, scope = parse_auth(await json_body(request))
    include_catalog = not query_flag(request, "nocatalog")

    def document(t: Token) -> dict:
        # What a PKI token signs: the response's body (Newton's issue_v3_token, catalog included unless refused)
        return views.token(t, cloud.identity, include_catalog)

    token = cloud.identity.authenticate(credentials, scope, document=document)
    return json_response(document(token), status=201, headers={"X-Subject-Token": token.id})


def _subject(request: Request, cloud: CloudState, action: str) -> Token:
    """The token in `X-Subject-Token`, if the caller may act on it."""
    who = caller(request, cloud)
    token_id = request.headers.get("x-subject-token")
    if not token_id:
        raise errors.validation("X-Subject-Token", "request headers")
    subject = cloud.identity.tokens.validate(token_id)
    if not who.is_admin and who.user_id != subject.user_id:
        raise forbidden(action)
    return subject


async def validate_token(request: Request, cloud: CloudState) -> Response:
    subject = _subject(request, cloud, "identity:validate_token")
    body = views.token(subject, cloud.identity, include_catalog=not query_flag(request, "nocatalog"))
    return json_response(body, headers={"X-Subject-Token": subject.id})


async def check_token(request: Request, cloud: CloudState) -> Response:
    """HEAD: the validation's answer, headers and all (Content-Type, Content-Length), without its body: Newton's
    render_response keeps a GET's headers for a HEAD (keystone/common/wsgi.py); the server drops the body."""
    subject = _subject(request, cloud, "identity:check_token")
    body = views.token(subject, cloud.identity, include_catalog=not query_flag(request, "nocatalog"))
    return json_response(body, headers={"X-Subject-Token": subject.id})


async def revoke_token(request: Request, cloud: CloudState) -> Response:
    subject = _subject(request, cloud, "identity:revoke_token")
    if cloud.faults.revoke_tokens:
        cloud.identity.tokens.revoke(subject.id)
    return no_content()


async def auth_catalog(request: Request, cloud: CloudState) -> Response:
    token = caller(request, cloud).token
    if token.project_id is None:
        raise Forbidden("A project-scoped token is required to produce a service catalog.")
    entries = views.catalog(cloud.identity.catalog_of(token))
    # Not a collection in Newton (auth/controllers.py get_auth_catalog): a self link only, no previous or next.
    return json_response({"catalog": entries, "links": {"self": self_url(request)}})


async def auth_projects(request: Request, cloud: CloudState) -> Response:
    user_id = caller(request, cloud).user_id
    projects = [p for p in cloud.identity.directory.projects_of(user_id) if p.enabled]
    return listing(request, "projects", projects, views.project)


async def auth_domains(request: Request, cloud: CloudState) -> Response:
    user_id = caller(request, cloud).user_id
    domains = [d for d in cloud.identity.directory.domains_of(user_id) if d.enabled]
    return listing(request, "domains", domains, views.domain)
