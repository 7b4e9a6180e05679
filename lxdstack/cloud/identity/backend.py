"""The identity backend of one cloud: directory, catalog and tokens, and the rules that tie them together.

Authentication (who is this, which scope may they have), the admin rule, and the revocations that follow a
change (a deleted user's tokens stop working) live here, once, so that v3 and v2.0 handlers behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.core.errors import NotFound, Unauthorized
from lxdstack.cloud.identity import errors
from lxdstack.cloud.identity.catalog import Catalog, CatalogEntry
from lxdstack.cloud.identity.certificates import Certificates
from lxdstack.cloud.identity.models import Assignment, Directory, Domain, Project, Role, User, new_id
from lxdstack.cloud.identity.tokens import Document, Token, TokenStore
from lxdstack.cloud.scenario import Scenario

DEFAULT_DOMAIN = "default"


@dataclass(frozen=True)
class Ref:
    """A user, project or domain named in a request: by id, or by name within a domain (by id or name)."""

    id: str | None = None
    name: str | None = None
    domain_id: str | None = None
    domain_name: str | None = None


@dataclass(frozen=True)
class Credentials:
    """What an auth request proves: a password for a user, or an existing token (or both)."""

    user: Ref | None = None
    password: str | None = None
    token_id: str | None = None


@dataclass(frozen=True)
class Scope:
    """The scope asked for: `project` or `domain` with a `Ref`, or `None` for an unscoped token."""

    kind: str | None = None
    ref: Ref = Ref()


class Identity:
    """Keystone's state for one cloud."""

    def __init__(self, directory: Directory, catalog: Catalog, tokens: TokenStore, admin_role: str) -> None:
        self.directory = directory
        self.catalog = catalog
        self.tokens = tokens
        self.admin_role = admin_role

    # -- authentication -------------------------------------------------------------------------------------
    def authenticate(self, credentials: Credentials, scope: Scope, *, v2: bool = False,
                     document: Document | None = None) -> Token:
        """A new token for valid `credentials`, scoped as asked; 401 otherwise.

        `v2`: the v2.0 API knows only the default domain's users and projects, and no domain scope.
        `document`: how the issuing API renders the token, which a PKI or PKIZ token's id is made from.
        """
        parent = self._parent(credentials.token_id) if credentials.token_id is not None else None
        if credentials.user is not None:
            user = self._check_password(credentials.user, credentials.password)
        elif parent is not None:
            user = self._token_user(parent)
        else:
            raise errors.auth_required()
        if v2 and user.domain_id != DEFAULT_DOMAIN:
            raise errors.auth_required()
        methods = ["token", *[m for m in parent.methods if m != "token"]] if parent else ["password"]
        if scope.kind == "project":
            project = self._scope_project(user, scope.ref)
            if v2 and project.domain_id != DEFAULT_DOMAIN:
                raise errors.auth_required()
            return self.tokens.issue(user.id, methods, project_id=project.id, parent=parent, document=document)
        if scope.kind == "domain":
            domain = self._scope_domain(user, scope.ref)
            return self.tokens.issue(user.id, methods, domain_id=domain.id, parent=parent, document=document)
        return self.tokens.issue(user.id, methods, parent=parent, document=document)

    def _parent(self, token_id: str) -> Token:
        try:
            return self.tokens.validate(token_id)
        except NotFound:
            raise errors.auth_required() from None

    def _token_user(self, token: Token) -> User:
        user = self.directory.users.get(token.user_id)
        if user is None or not user.enabled:
            raise errors.auth_required()
        return user

    def _check_password(self, ref: Ref, password: str | None) -> User:
        try:
            if ref.id is not None:
                user = self.directory.user(ref.id)
            else:
                domain = self._domain(ref)
                user = self.directory.user_by_name(ref.name or "", domain.id)
        except NotFound:
            raise errors.auth_required() from None
        if not user.enabled or not self.directory.domain(user.domain_id).enabled or password != user.password:
            raise errors.auth_required()
        return user

    def _scope_project(self, user: User, ref: Ref) -> Project:
        try:
            if ref.id is not None:
                project = self.directory.project(ref.id)
            else:
                project = self.directory.project_by_name(ref.name or "", self._domain(ref).id)
        except NotFound as error:
            raise Unauthorized(error.message) from None
        if not project.enabled:
            raise Unauthorized(f"Project is disabled: {project.id}")
        if not self.directory.roles_on(user.id, project_id=project.id):
            raise errors.no_access(user.id, "project", project.id)
        return project

    def _scope_domain(self, user: User, ref: Ref) -> Domain:
        try:
            domain = self.directory.domain(ref.id) if ref.id else self.directory.domain_by_name(ref.name or "")
        except NotFound as error:
            raise Unauthorized(error.message) from None
        if not self.directory.roles_on(user.id, domain_id=domain.id):
            raise errors.no_access(user.id, "domain", domain.id)
        return domain

    def _domain(self, ref: Ref) -> Domain:
        if ref.domain_id is not None:
            return self.directory.domain(ref.domain_id)
        if ref.domain_name is not None:
            return self.directory.domain_by_name(ref.domain_name)
        raise errors.validation("domain", "user or project")

    # -- what a token carries -------------------------------------------------------------------------------
    def roles_of(self, token: Token) -> list[Role]:
        if not token.scoped:
            return []
        return self.directory.roles_on(token.user_id, project_id=token.project_id, domain_id=token.domain_id)

    def catalog_of(self, token: Token) -> list[CatalogEntry]:
        return self.catalog.for_scope(token.project_id) if token.scoped else []

    def is_admin(self, token: Token) -> bool:
        """Newton's `admin_required`: the token holds the admin role on its scope (role names match ignoring case)."""
        return any(role.name.lower() == self.admin_role.lower() for role in self.roles_of(token))

    # -- changes that revoke tokens -------------------------------------------------------------------------
    def update_user(self, user_id: str, changes: dict) -> User:
        user = self.directory.update_user(user_id, changes)
        if "password" in changes or not user.enabled:
            self.tokens.revoke_where(lambda t: t.user_id == user_id)
        return user

    def delete_user(self, user_id: str) -> None:
        self.directory.delete_user(user_id)
        self.tokens.revoke_where(lambda t: t.user_id == user_id)

    def update_project(self, project_id: str, changes: dict) -> Project:
        project = self.directory.update_project(project_id, changes)
        if not project.enabled:
            self.tokens.revoke_where(lambda t: t.project_id == project_id)
        return project

    def delete_project(self, project_id: str) -> None:
        self.directory.delete_project(project_id)
        self.tokens.revoke_where(lambda t: t.project_id == project_id)

    def revoke_grant(self, assignment: Assignment) -> None:
        self.directory.revoke_grant(assignment)
        self.tokens.revoke_where(
            lambda t: t.user_id == assignment.user_id
            and (t.project_id, t.domain_id) == (assignment.project_id, assignment.domain_id)
        )


def bootstrap(scenario: Scenario, base_url: str, password: str, clock: Clock, certificates: Certificates) -> Identity:
    """The identity state a fresh cloud of `scenario` starts with (as the seed's Juju deployment leaves it);
    `certificates` are pki_setup's, which outlive a reset (PKI tokens are signed with them)."""
    directory = Directory()
    directory.domains[DEFAULT_DOMAIN] = Domain(
        DEFAULT_DOMAIN, "Default", description="Owns users and tenants (i.e. projects) available on Identity API v2."
    )
    projects = {}
    for name, description in (
        ("admin", "Bootstrap project for initializing the cloud."),
        ("demo", "Demo project"),
        ("service", "Project for the services' own users"),
    ):
        projects[name] = Project(new_id(), name, DEFAULT_DOMAIN, description=description)
        directory.projects[projects[name].id] = projects[name]
    roles = {}
    for key, name in (("admin", scenario.identity.roles.admin), ("member", scenario.identity.roles.member),
                      ("reader", "reader")):
        roles[key] = Role(new_id(), name)
        directory.roles[roles[key].id] = roles[key]
    for name, role, project in (("admin", "admin", "admin"), ("demo", "member", "demo")):
        user = User(new_id(), name, DEFAULT_DOMAIN, password=password)
        directory.users[user.id] = user
        directory.grant(Assignment(roles[role].id, user.id, project_id=projects[project].id))
    catalog = Catalog.for_cloud(base_url, scenario.region, list(scenario.faults.catalog_omits))
    tokens = TokenStore(scenario.identity.token_provider, scenario.identity.token_ttl_seconds, clock, certificates)
    return Identity(directory, catalog, tokens, admin_role=scenario.identity.roles.admin)
