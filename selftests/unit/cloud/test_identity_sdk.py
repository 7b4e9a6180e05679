"""Users, projects and role assignments as openstacksdk's identity proxy and cloud layer drive them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import openstack
import pytest
from keystoneauth1 import session
from keystoneauth1.identity import v3
from openstack import exceptions


@pytest.fixture
def conn(sdk_env) -> Iterator[openstack.connection.Connection]:
    connection = openstack.connect(cloud="embedded")
    yield connection
    connection.close()


def name(purpose: str) -> str:
    return f"sdk-{purpose}-{uuid.uuid4().hex[:8]}"


def test_project_user_and_grant_lifecycle(conn, api, password: str) -> None:
    project = conn.identity.create_project(name=name("project"), domain_id="default", description="d")
    user = conn.identity.create_user(name=name("user"), password="pw-1", domain_id="default",
                                     default_project_id=project.id, email="u@example.org")
    try:
        assert conn.identity.get_project(project.id).description == "d"
        assert conn.identity.find_user(user.name, domain_id="default").id == user.id
        assert conn.grant_role("Member", user=user.id, project=project.id) is True
        assert conn.grant_role("Member", user=user.id, project=project.id) is False  # already there
        assignments = list(conn.identity.role_assignments(user_id=user.id))
        assert [(a.scope["project"]["id"]) for a in assignments] == [project.id]
        token = api.token(user.name, "pw-1", project=project.name)
        assert api.validate(token, token).json()["token"]["project"]["id"] == project.id
        assert conn.revoke_role("Member", user=user.id, project=project.id) is True
        assert api.validate(token, token).status_code == 401  # removing the grant revoked the token
    finally:
        conn.identity.delete_user(user)
        conn.identity.delete_project(project)
    assert conn.identity.find_user(user.name, domain_id="default") is None
    assert conn.identity.find_project(project.name) is None


def test_deleting_a_user_revokes_its_tokens(conn, api) -> None:
    project = conn.identity.create_project(name=name("project"), domain_id="default")
    user = conn.identity.create_user(name=name("user"), password="pw-2", domain_id="default")
    conn.identity.assign_project_role_to_user(project, user, conn.identity.find_role("Member"))
    token = api.token(user.name, "pw-2", project=project.name)
    conn.identity.delete_user(user)
    conn.identity.delete_project(project)
    assert api.request("GET", "/identity/v3/auth/projects", token).status_code == 401


def test_disabling_a_user_revokes_its_tokens(conn, api) -> None:
    user = conn.identity.create_user(name=name("user"), password="pw-3", domain_id="default")
    try:
        token = api.token(user.name, "pw-3")
        updated = conn.identity.update_user(user, enabled=False)
        assert updated.is_enabled is False
        assert api.validate(token, token).status_code == 401
        assert api.auth(user.name, "pw-3").status_code == 401
    finally:
        conn.identity.delete_user(user)


def test_duplicate_user_name_is_409(conn) -> None:
    user = conn.identity.create_user(name=name("user"), password="x", domain_id="default")
    try:
        with pytest.raises(exceptions.ConflictException) as caught:
            conn.identity.create_user(name=user.name, password="y", domain_id="default")
        assert (f"Duplicate entry found with name {user.name} at domain ID default."
                in str(caught.value.details))
    finally:
        conn.identity.delete_user(user)


def test_missing_user_is_404_in_keystones_words(conn) -> None:
    with pytest.raises(exceptions.NotFoundException) as caught:
        conn.identity.get_user("0" * 32)
    assert caught.value.details == f"Could not find user: {'0' * 32}."


def test_deleting_a_project_removes_its_assignments_and_tokens(conn, api, password: str) -> None:
    project = conn.identity.create_project(name=name("project"), domain_id="default")
    admin = conn.identity.find_user("admin", domain_id="default")
    conn.grant_role("Admin", user=admin.id, project=project.id)
    token = api.token("admin", password, project=project.name)
    conn.identity.delete_project(project)
    assert list(conn.identity.role_assignments(scope_project_id=project.id)) == []
    assert api.validate(token, token).status_code == 401


def test_identity_lists_domains_roles_and_regions(conn) -> None:
    assert [d.name for d in conn.identity.domains()] == ["Default"]
    assert {r.name for r in conn.identity.roles()} == {"Admin", "Member", "reader"}
    assert [r.id for r in conn.identity.regions()] == ["RegionOne"]
    assert {p.name for p in conn.identity.projects()} >= {"admin", "demo", "service"}


def test_keystoneauth_session_reaches_the_catalog(cloud, password: str) -> None:
    auth = v3.Password(auth_url=cloud.auth_url, username="demo", password=password, project_name="demo",
                       user_domain_id="default", project_domain_id="default")
    sess = session.Session(auth=auth)
    assert sess.get_endpoint(service_type="network", interface="public").endswith("/network")
    assert sess.get_project_id() == auth.get_access(sess).project_id
