"""Connections for the image tests: the clouds.yaml admin, and the seed's `demo` member."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import openstack
import pytest


@pytest.fixture
def admin_conn(sdk_env) -> Iterator[openstack.connection.Connection]:
    connection = openstack.connect(cloud="embedded")
    yield connection
    connection.close()


@pytest.fixture
def demo_conn(cloud, password: str) -> Iterator[openstack.connection.Connection]:
    connection = openstack.connect(
        auth_url=cloud.auth_url, username="demo", password=password, project_name="demo",
        user_domain_name="Default", project_domain_name="Default", region_name="RegionOne",
        load_yaml_config=False, load_envvars=False,
    )
    yield connection
    connection.close()


@pytest.fixture
def image_name() -> str:
    return f"img-{uuid.uuid4().hex[:8]}"
