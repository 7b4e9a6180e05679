"""Personas: the target's admin, and a member — from a clouds.yaml entry, or made for this run and removed."""

from __future__ import annotations

import secrets

from openstack.connection import Connection

from lxdstack.cleanup import Cleanup
from lxdstack.connect import CloudSpec, cloud_region
from lxdstack.naming import Names
from lxdstack.steps import step

# Connection settings the member inherits from the admin's cloud entry (TLS, timeouts, where to go).
_INHERITED = ("region_name", "interface", "identity_api_version", "cacert", "verify", "cert", "key",
              "api_timeout")


@step("Make a member persona (role {role})")
def make_member(admin: Connection, admin_spec: CloudSpec, names: Names, role: str, cleanup: Cleanup) -> CloudSpec:
    """Create a project and a user holding `role` on it; each is registered for cleanup as soon as it exists."""
    region = cloud_region(admin_spec)
    admin_auth = region.config["auth"]
    access = admin.session.auth.get_access(admin.session)
    domain_id = access.project_domain_id or access.user_domain_id or "default"
    name = names.make("member")
    password = secrets.token_urlsafe(24)

    project = admin.identity.create_project(name=name, domain_id=domain_id,
                                            description="member persona of an acceptance run")
    cleanup.add(f"delete project {name}", lambda: admin.identity.delete_project(project, ignore_missing=True))
    user = admin.identity.create_user(name=name, password=password, domain_id=domain_id,
                                      default_project_id=project.id)
    cleanup.add(f"delete user {name}", lambda: admin.identity.delete_user(user, ignore_missing=True))
    admin.identity.assign_project_role_to_user(project, user, admin.identity.find_role(role, ignore_missing=False))

    args = {key: region.config[key] for key in _INHERITED if region.config.get(key) is not None}
    args.update(auth_type="password", auth_url=admin_auth["auth_url"], username=name, password=password,
                project_id=project.id)
    if any(key.endswith("domain_id") or key.endswith("domain_name") for key in admin_auth):
        # v3 credentials; a v2.0-only auth URL (the seed's novarc) takes no domain at all.
        args.update(user_domain_id=domain_id, project_domain_id=domain_id)
    return CloudSpec(args=args)
