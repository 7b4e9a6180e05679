"""JSON shapes of Keystone v3 (Newton): entities, collections, role assignments, catalogs and tokens.

`v3` below is the identity v3 URL as the client addressed it (`http://127.0.0.1:PORT/identity/v3`): Keystone
builds `links` from the request, so they work from where the client stands.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxdstack.cloud.identity.backend import Identity
from lxdstack.cloud.identity.catalog import CatalogEntry, Endpoint, Region, Service
from lxdstack.cloud.identity.models import Assignment, Domain, Project, Role, User
from lxdstack.cloud.identity.tokens import Token


def isotime(moment: datetime) -> str:
    """Keystone's `isotime(subsecond=True)`: microseconds and a `Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def collection(key: str, items: list[dict], self_url: str) -> dict:
    # Keystone does not paginate these lists: no previous or next page.
    return {key: items, "links": {"self": self_url, "previous": None, "next": None}}


def user(u: User, v3: str) -> dict:
    body: dict[str, Any] = {**u.extra, "id": u.id, "name": u.name, "domain_id": u.domain_id, "enabled": u.enabled,
                            "password_expires_at": None, "links": {"self": f"{v3}/users/{u.id}"}}
    if u.default_project_id is not None:
        body["default_project_id"] = u.default_project_id
    return body


def project(p: Project, v3: str) -> dict:
    return {**p.extra, "id": p.id, "name": p.name, "domain_id": p.domain_id, "description": p.description,
            "enabled": p.enabled, "parent_id": p.parent_id, "is_domain": False,
            "links": {"self": f"{v3}/projects/{p.id}"}}


def domain(d: Domain, v3: str) -> dict:
    return {"id": d.id, "name": d.name, "description": d.description, "enabled": d.enabled,
            "links": {"self": f"{v3}/domains/{d.id}"}}


def role(r: Role, v3: str) -> dict:
    return {"id": r.id, "name": r.name, "domain_id": None, "links": {"self": f"{v3}/roles/{r.id}"}}


def service(s: Service, v3: str) -> dict:
    return {"id": s.id, "type": s.type, "name": s.name, "enabled": s.enabled, "description": s.description,
            "links": {"self": f"{v3}/services/{s.id}"}}


def endpoint(e: Endpoint, v3: str) -> dict:
    return {"id": e.id, "interface": e.interface, "region_id": e.region_id, "region": e.region_id, "url": e.url,
            "service_id": e.service_id, "enabled": e.enabled, "links": {"self": f"{v3}/endpoints/{e.id}"}}


def region(r: Region, v3: str) -> dict:
    return {"id": r.id, "description": r.description, "parent_region_id": r.parent_region_id,
            "links": {"self": f"{v3}/regions/{r.id}"}}


def assignment(a: Assignment, identity: Identity, v3: str, include_names: bool) -> dict:
    directory = identity.directory
    kind, target = ("projects", a.project_id) if a.project_id else ("domains", a.domain_id)
    body: dict[str, Any] = {
        "role": {"id": a.role_id},
        "user": {"id": a.user_id},
        "scope": {kind[:-1]: {"id": target}},
        "links": {"assignment": f"{v3}/{kind}/{target}/users/{a.user_id}/roles/{a.role_id}"},
    }
    if include_names:
        body["role"]["name"] = directory.roles[a.role_id].name
        u = directory.users[a.user_id]
        body["user"].update(name=u.name, domain=_named(directory.domains[u.domain_id]))
        if a.project_id:
            p = directory.projects[a.project_id]
            body["scope"]["project"].update(name=p.name, domain=_named(directory.domains[p.domain_id]))
        else:
            body["scope"]["domain"]["name"] = directory.domains[target or ""].name
    return body


def catalog(entries: list[CatalogEntry]) -> list[dict]:
    """A v3 token's catalog (Newton catalog/backends/sql.py get_v3_catalog)."""
    return [
        {"endpoints": [{"id": e.id, "interface": e.interface, "region_id": e.region_id, "region": e.region_id,
                        "url": e.url} for e in entry.endpoints],
         "id": entry.service.id, "type": entry.service.type, "name": entry.service.name}
        for entry in entries
    ]


def token(t: Token, identity: Identity, include_catalog: bool) -> dict:
    """The body of an issued or validated v3 token; roles and catalog only when it is scoped."""
    directory = identity.directory
    u = directory.users[t.user_id]
    body: dict[str, Any] = {
        "methods": t.methods,
        "user": {"id": u.id, "name": u.name, "domain": _named(directory.domains[u.domain_id]),
                 "password_expires_at": None},
        "audit_ids": t.audit_ids,
        "expires_at": isotime(t.expires_at),
        "issued_at": isotime(t.issued_at),
    }
    if t.project_id is not None:
        p = directory.projects[t.project_id]
        body["is_domain"] = False
        body["project"] = {"id": p.id, "name": p.name, "domain": _named(directory.domains[p.domain_id])}
    elif t.domain_id is not None:
        body["domain"] = _named(directory.domains[t.domain_id])
    if t.scoped:
        body["roles"] = [{"id": r.id, "name": r.name} for r in identity.roles_of(t)]
        if include_catalog:
            body["catalog"] = catalog(identity.catalog_of(t))
    return {"token": body}


def _named(d: Domain) -> dict:
    return {"id": d.id, "name": d.name}
