"""Keystone tokens: recognise their format, and issue, validate, check and revoke them.

The calls go through openstacksdk's identity proxy (the SDK's own session and endpoint discovery) with explicit
headers, so they behave as a service validating a user's token does (`X-Auth-Token` + `X-Subject-Token`).
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from keystoneauth1.access import AccessInfo, AccessInfoV3
from openstack import exceptions
from openstack.connection import Connection

from lxdstack.connect import CloudSpec, connect
from lxdstack.steps import step

_UUID = re.compile(r"^[0-9a-f]{32}$")
_FERNET = re.compile(r"^gAAAAA[A-Za-z0-9_\-]{80,}(%3D|=)*$")


def token_format(token: str) -> str:
    """`uuid`, `fernet`, `pki`, `pkiz` or `unknown`, from the token's shape alone."""
    if token.startswith("PKIZ_"):
        return "pkiz"
    if token.startswith("MII"):
        return "pki"
    if _UUID.match(token):
        return "uuid"
    if _FERNET.match(token):
        return "fernet"
    return "unknown"


def fingerprint(token: str) -> str:
    """Enough of a token to tell tokens apart in a message, never enough to use it."""
    return f"{token[:6]}…({len(token)} chars)"


def fake_token(fmt: str) -> str:
    """A random token of the given format that no Keystone has issued."""
    if fmt == "uuid":
        return secrets.token_hex(16)
    if fmt == "fernet":
        return "gAAAAAB" + secrets.token_urlsafe(135).rstrip("=")
    if fmt == "pkiz":
        return "PKIZ_" + secrets.token_urlsafe(600)
    return "MII" + base64.b64encode(secrets.token_bytes(900)).decode().replace("/", "-")


@dataclass(frozen=True)
class IssuedToken:
    """A token and what Keystone said about it when issuing it (v3 and v2.0 logins alike)."""

    id: str
    user_id: str
    project_id: str | None
    issued_at: datetime
    expires_at: datetime
    has_catalog: bool


@dataclass(frozen=True)
class TokenFacts:
    """What a token body says of its user, scope, lifetime, roles and catalog, v3 and v2.0 shapes alike."""

    user_id: str | None
    project_id: str | None
    expires_at: datetime | None
    roles: tuple[str, ...]
    service_types: tuple[str, ...]

    def differences(self, other: TokenFacts) -> list[str]:
        """`field: A here, B there` for each fact that differs."""
        return [f"{name}: {getattr(self, name)!r} vs {getattr(other, name)!r}"
                for name in self.__dataclass_fields__ if getattr(self, name) != getattr(other, name)]


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def token_facts(body: dict[str, Any]) -> TokenFacts:
    """The facts of a token body: v3 `{"token": …}` (or its inside, as validation returns it) or v2.0
    `{"access": …}`."""
    if "access" in body:
        access = body["access"]
        token, user = access.get("token", {}), access.get("user", {})
        return TokenFacts(user_id=user.get("id"), project_id=(token.get("tenant") or {}).get("id"),
                          expires_at=_when(token.get("expires")),
                          roles=tuple(sorted(role["name"] for role in user.get("roles", []))),
                          service_types=tuple(sorted({s["type"] for s in access.get("serviceCatalog", [])})))
    token = body.get("token", body)
    return TokenFacts(user_id=(token.get("user") or {}).get("id"), project_id=(token.get("project") or {}).get("id"),
                      expires_at=_when(token.get("expires_at")),
                      roles=tuple(sorted(role["name"] for role in token.get("roles", []))),
                      service_types=tuple(sorted({s["type"] for s in token.get("catalog", [])})))


def _issued(access: AccessInfo) -> IssuedToken:
    return IssuedToken(id=access.auth_token, user_id=access.user_id, project_id=access.project_id,
                       issued_at=access.issued, expires_at=access.expires,
                       has_catalog=bool(access.has_service_catalog() and access.service_catalog.catalog))


@step("Log in and get a token")
def issue_token(spec: CloudSpec) -> IssuedToken:
    """A new token for the spec's credentials, through a fresh openstacksdk connection."""
    conn = connect(spec)
    return _issued(conn.session.auth.get_access(conn.session))


def _identity(conn: Connection, method: str, path: str, **kwargs: Any):
    response = conn.identity.request(path, method, raise_exc=False, **kwargs)
    exceptions.raise_from_response(response)
    return response


@step("Validate a token (GET /v3/auth/tokens, nocatalog={nocatalog})")
def validate_token(conn: Connection, token: str, nocatalog: bool = False) -> dict[str, Any]:
    """GET /v3/auth/tokens: the subject token's body as the caller is allowed to see it."""
    path = "/auth/tokens" + ("?nocatalog" if nocatalog else "")
    return _identity(conn, "GET", path, headers={"X-Subject-Token": token}).json()["token"]


@step("Check a token (HEAD /v3/auth/tokens)")
def check_token(conn: Connection, token: str) -> int:
    """HEAD /v3/auth/tokens: the status code (raises on 4xx/5xx)."""
    return _identity(conn, "HEAD", "/auth/tokens", headers={"X-Subject-Token": token}).status_code


@step("Revoke a token (DELETE /v3/auth/tokens)")
def revoke_token(conn: Connection, token: str) -> None:
    """DELETE /v3/auth/tokens."""
    _identity(conn, "DELETE", "/auth/tokens", headers={"X-Subject-Token": token})


@step("Get an unscoped token")
def issue_unscoped_token(conn: Connection) -> IssuedToken:
    """Password login with `"scope": "unscoped"`, using the connection's own credentials."""
    auth = conn.config.config["auth"]
    user: dict[str, Any] = {"password": auth["password"]}
    if auth.get("user_id"):
        user["id"] = auth["user_id"]
    else:
        user["name"] = auth["username"]
        user["domain"] = ({"id": auth["user_domain_id"]} if auth.get("user_domain_id")
                          else {"name": auth["user_domain_name"]} if auth.get("user_domain_name")
                          else {"id": "default"})  # v2.0 credentials: Keystone's default domain
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}}, "scope": "unscoped"}}
    response = _identity(conn, "POST", "/auth/tokens", json=body, authenticated=False)
    return _issued(AccessInfoV3(response.json(), auth_token=response.headers["X-Subject-Token"]))
