"""Keystone's resources and assignments: domains, projects, users, roles, and who holds which role where.

No HTTP here: handlers parse requests into calls on `Directory` and serialise what it returns. Token revocation
that follows a change (deleting a user, removing a grant) is the backend's job, not the directory's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxdstack.cloud.identity import errors


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Domain:
    id: str
    name: str
    description: str = ""
    enabled: bool = True


@dataclass
class Project:
    id: str
    name: str
    domain_id: str
    description: str = ""
    enabled: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def parent_id(self) -> str:
        # Since Mitaka a top-level project's parent is its domain (projects acting as domains).
        return self.domain_id


@dataclass
class User:
    id: str
    name: str
    domain_id: str
    password: str = field(repr=False)
    enabled: bool = True
    default_project_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # email, description, ...: Keystone keeps unknown keys


@dataclass
class Role:
    id: str
    name: str


@dataclass(frozen=True)
class Assignment:
    """A role a user holds on exactly one of a project or a domain."""

    role_id: str
    user_id: str
    project_id: str | None = None
    domain_id: str | None = None

    @property
    def target_id(self) -> str:
        return self.project_id or self.domain_id or ""


# Attributes a client may set on create/update; anything else on a user or project lands in `extra`.
_USER_FIELDS = ("name", "domain_id", "password", "enabled", "default_project_id")
_PROJECT_FIELDS = ("name", "domain_id", "description", "enabled")


class Directory:
    """All identity resources of one cloud, keyed by id."""

    def __init__(self) -> None:
        self.domains: dict[str, Domain] = {}
        self.projects: dict[str, Project] = {}
        self.users: dict[str, User] = {}
        self.roles: dict[str, Role] = {}
        self.assignments: set[Assignment] = set()

    # -- lookups --------------------------------------------------------------------------------------------
    def domain(self, domain_id: str) -> Domain:
        return lookup(self.domains, domain_id, "domain")

    def project(self, project_id: str) -> Project:
        return lookup(self.projects, project_id, "project")

    def user(self, user_id: str) -> User:
        return lookup(self.users, user_id, "user")

    def role(self, role_id: str) -> Role:
        return lookup(self.roles, role_id, "role")

    def domain_by_name(self, name: str) -> Domain:
        return _by_name(self.domains.values(), name, "domain")

    def project_by_name(self, name: str, domain_id: str) -> Project:
        return _by_name((p for p in self.projects.values() if p.domain_id == domain_id), name, "project")

    def user_by_name(self, name: str, domain_id: str) -> User:
        return _by_name((u for u in self.users.values() if u.domain_id == domain_id), name, "user")

    def role_by_name(self, name: str) -> Role:
        return _by_name(self.roles.values(), name, "role")

    def list_users(self, **filters: Any) -> list[User]:
        return _filtered(self.users.values(), filters)

    def list_projects(self, **filters: Any) -> list[Project]:
        return _filtered(self.projects.values(), filters)

    # -- users ----------------------------------------------------------------------------------------------
    def create_user(self, attrs: dict[str, Any]) -> User:
        if not attrs.get("name"):
            raise errors.validation("name", "user")
        domain_id = attrs.get("domain_id") or "default"
        self.domain(domain_id)
        self._unique(self.users.values(), "user", attrs["name"], domain_id)
        user = User(
            id=new_id(),
            name=attrs["name"],
            domain_id=domain_id,
            password=attrs.get("password") or "",
            enabled=bool(attrs.get("enabled", True)),
            default_project_id=attrs.get("default_project_id"),
            extra={k: v for k, v in attrs.items() if k not in _USER_FIELDS and k != "id"},
        )
        self.users[user.id] = user
        return user

    def update_user(self, user_id: str, changes: dict[str, Any]) -> User:
        user = self.user(user_id)
        if "name" in changes and changes["name"] != user.name:
            self._unique(self.users.values(), "user", changes["name"], user.domain_id)
        for key, value in changes.items():
            if key in _USER_FIELDS and key != "domain_id":
                setattr(user, key, bool(value) if key == "enabled" else value)
            elif key not in ("id", "domain_id", "links"):
                user.extra[key] = value
        return user

    def delete_user(self, user_id: str) -> None:
        self.user(user_id)
        del self.users[user_id]
        self.assignments = {a for a in self.assignments if a.user_id != user_id}

    # -- projects -------------------------------------------------------------------------------------------
    def create_project(self, attrs: dict[str, Any]) -> Project:
        if not attrs.get("name"):
            raise errors.validation("name", "project")
        domain_id = attrs.get("domain_id") or "default"
        self.domain(domain_id)
        self._unique(self.projects.values(), "project", attrs["name"], domain_id)
        project = Project(
            id=new_id(),
            name=attrs["name"],
            domain_id=domain_id,
            description=attrs.get("description") or "",
            enabled=bool(attrs.get("enabled", True)),
            extra={k: v for k, v in attrs.items() if k not in (*_PROJECT_FIELDS, "id", "parent_id", "is_domain")},
        )
        self.projects[project.id] = project
        return project

    def update_project(self, project_id: str, changes: dict[str, Any]) -> Project:
        project = self.project(project_id)
        if "name" in changes and changes["name"] != project.name:
            self._unique(self.projects.values(), "project", changes["name"], project.domain_id)
        for key, value in changes.items():
            if key in _PROJECT_FIELDS and key != "domain_id":
                setattr(project, key, bool(value) if key == "enabled" else value)
            elif key not in ("id", "domain_id", "parent_id", "is_domain", "links"):
                project.extra[key] = value
        return project

    def delete_project(self, project_id: str) -> None:
        self.project(project_id)
        del self.projects[project_id]
        self.assignments = {a for a in self.assignments if a.project_id != project_id}

    # -- assignments ----------------------------------------------------------------------------------------
    def grant(self, assignment: Assignment) -> None:
        self._check_parts(assignment)
        self.assignments.add(assignment)

    def check_grant(self, assignment: Assignment) -> None:
        self._check_parts(assignment)
        if assignment not in self.assignments:
            raise errors.assignment_not_found(assignment.role_id, assignment.user_id, assignment.target_id)

    def revoke_grant(self, assignment: Assignment) -> None:
        self.check_grant(assignment)
        self.assignments.discard(assignment)

    def roles_on(self, user_id: str, *, project_id: str | None = None, domain_id: str | None = None) -> list[Role]:
        """Roles `user_id` holds directly on the project or domain, sorted by name."""
        ids = {
            a.role_id
            for a in self.assignments
            if a.user_id == user_id and a.project_id == project_id and a.domain_id == domain_id
        }
        return sorted((self.roles[i] for i in ids if i in self.roles), key=lambda r: r.name)

    def projects_of(self, user_id: str) -> list[Project]:
        """Projects on which `user_id` holds any role."""
        return [p for p in self.projects.values() if self.roles_on(user_id, project_id=p.id)]

    def domains_of(self, user_id: str) -> list[Domain]:
        """Domains on which `user_id` holds any role."""
        return [d for d in self.domains.values() if self.roles_on(user_id, domain_id=d.id)]

    def list_assignments(self, **filters: str | None) -> list[Assignment]:
        wanted = {k: v for k, v in filters.items() if v is not None}
        found = [a for a in self.assignments if all(getattr(a, k) == v for k, v in wanted.items())]
        return sorted(found, key=lambda a: (a.user_id, a.target_id, a.role_id))

    def _check_parts(self, assignment: Assignment) -> None:
        self.role(assignment.role_id)
        self.user(assignment.user_id)
        if assignment.project_id is not None:
            self.project(assignment.project_id)
        if assignment.domain_id is not None:
            self.domain(assignment.domain_id)

    @staticmethod
    def _unique(existing: Iterable[User | Project], kind: str, name: str, domain_id: str) -> None:
        if any(e.name == name and e.domain_id == domain_id for e in existing):
            raise errors.duplicate(kind, name, domain_id)


def lookup(table: dict[str, Any], ident: str, kind: str) -> Any:
    """`table[ident]`, or Keystone's `Could not find <kind>: <ident>.`"""
    try:
        return table[ident]
    except KeyError:
        raise errors.not_found(kind, ident) from None


def _by_name(candidates: Iterable[Any], name: str, kind: str) -> Any:
    for candidate in candidates:
        if candidate.name == name:
            return candidate
    raise errors.not_found(kind, name)


def _filtered(items: Iterable[Any], filters: dict[str, Any]) -> list[Any]:
    wanted = {k: v for k, v in filters.items() if v is not None}
    return [item for item in items if all(getattr(item, k) == v for k, v in wanted.items())]
