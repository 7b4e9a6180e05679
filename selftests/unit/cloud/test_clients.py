"""Real clients against the written clouds.yaml: openstacksdk's Connection and the `openstack` CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openstack
import yaml

OPENSTACK_CLI = Path(sys.executable).parent / "openstack"


def test_clouds_yaml_entry_is_the_seeds_admin(cloud, password: str) -> None:
    entry = yaml.safe_load(cloud.clouds_yaml.read_text())["clouds"]["embedded"]
    assert entry == {
        "auth_type": "password",
        "auth": {"auth_url": cloud.auth_url, "username": "admin", "password": password, "project_name": "admin",
                 "user_domain_name": "Default", "project_domain_name": "Default"},
        "region_name": "RegionOne", "interface": "public", "identity_api_version": 3,
    }
    assert cloud.clouds_yaml.stat().st_mode & 0o777 == 0o600


def test_openstacksdk_connects_and_lists_services_and_endpoints(sdk_env, api) -> None:
    conn = openstack.connect(cloud="embedded")
    try:
        services = {s.type: s for s in conn.identity.services()}
        assert set(services) == {"identity", "compute", "image", "network", "volumev3", "volumev2"}
        endpoints = list(conn.identity.endpoints(service_id=services["volumev3"].id))
        assert {e.interface for e in endpoints} == {"public", "internal", "admin"}
        assert {e.url for e in endpoints} == {f"{api.base}/volume/v3/$(project_id)s"}
        assert {s["type"] for s in conn.service_catalog} == set(services)
    finally:
        conn.close()


def test_openstacksdk_discovers_every_service(sdk_env, api) -> None:
    conn = openstack.connect(cloud="embedded")
    base = api.base
    try:
        assert conn.compute.get_endpoint_data().max_microversion == (2, 38)
        assert conn.image.get_endpoint() == f"{base}/image/v2/"
        assert conn.network.get_endpoint() == f"{base}/network/v2.0"
        assert conn.block_storage.get_api_major_version() == (3, 0)
        assert conn.block_storage.get_endpoint() == f"{base}/volume/v3/{conn.current_project_id}"
    finally:
        conn.close()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_") or k == "OS_CLIENT_CONFIG_FILE"}
    return subprocess.run([str(OPENSTACK_CLI), "--os-cloud", "embedded", *args, "-f", "json"],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


def test_openstack_cli_issues_a_token(sdk_env, api, admin_token: str) -> None:
    result = run_cli("token", "issue")
    assert result.returncode == 0, result.stderr
    issued = json.loads(result.stdout)
    assert issued["user_id"] == api.user_id(admin_token, "admin")
    assert api.validate(admin_token, issued["id"]).status_code == 200


def test_openstack_cli_lists_the_catalog(sdk_env) -> None:
    result = run_cli("catalog", "list")
    assert result.returncode == 0, result.stderr
    catalog = {row["Type"]: row for row in json.loads(result.stdout)}
    assert set(catalog) == {"identity", "compute", "image", "network", "volumev3", "volumev2"}
    assert catalog["compute"]["Name"] == "nova"
