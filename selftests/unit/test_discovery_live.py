"""Version discovery read from a live embedded cloud, as the catalog test reads it."""

import pytest

from lxdstack.connect import CloudSpec, connect
from lxdstack.discovery import fetch_versions
from lxdstack.embedded import EmbeddedCloud


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    with EmbeddedCloud.start("newton-lxd", tmp_path_factory.mktemp("cloud"), password="discovery") as cloud:
        conn = connect(CloudSpec(cloud="embedded", config_file=str(cloud.clouds_yaml)))
        yield conn.session, cloud.auth_url.removesuffix("/identity/v3")


def test_a_v2_identity_url_still_finds_v3_at_the_root(session):
    """The seed's catalog names Keystone by its /v2.0 URL; the root's document lists v3 as well."""
    http, base = session
    ids = {v.id for v in fetch_versions(http, f"{base}/identity/v2.0", None)}
    assert {"v2.0", "v3.7"} <= ids


def test_project_id_is_stripped_before_discovery(session):
    http, base = session
    ids = {v.id for v in fetch_versions(http, f"{base}/volume/v3/0123456789abcdef", "0123456789abcdef")}
    assert ids == {"v1.0", "v2.0", "v3.0"}


def test_compute_version_document_needs_and_gets_the_token(session):
    http, base = session
    assert "v2.1" in {v.id for v in fetch_versions(http, f"{base}/compute/v2.1", None)}
