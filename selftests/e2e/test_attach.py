"""Attaching to a running cloud the ways operators do: a v2.0 novarc (the seed's form, already evaluated), a v3
openrc, and plain OS_* variables. The whole suite must pass each way, against one embedded cloud."""

import pytest

from lxdstack.embedded import EmbeddedCloud
from support.acceptance import run_acceptance
from support.outcomes import healthy

PASSWORD = "attach-test"


@pytest.fixture(scope="module")
def auth_root(tmp_path_factory):
    with EmbeddedCloud.start("newton-lxd", tmp_path_factory.mktemp("cloud"), password=PASSWORD) as cloud:
        yield cloud.auth_url.removesuffix("/v3")


def _v2(root):
    return {"OS_USERNAME": "admin", "OS_PASSWORD": PASSWORD, "OS_TENANT_NAME": "admin",
            "OS_REGION_NAME": "RegionOne", "OS_AUTH_URL": f"{root}/v2.0"}


def _v3(root):
    return {"OS_AUTH_URL": f"{root}/v3", "OS_USERNAME": "admin", "OS_PASSWORD": PASSWORD,
            "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
            "OS_REGION_NAME": "RegionOne", "OS_IDENTITY_API_VERSION": "3"}


@pytest.mark.parametrize("form", ["v2", "v3"])
def test_suite_passes_through_a_novarc(form, auth_root, tmp_path):
    variables = (_v2 if form == "v2" else _v3)(auth_root)
    novarc = tmp_path / "novarc"
    novarc.write_text("".join(f"export {name}={value}\n" for name, value in variables.items()))
    run = run_acceptance([f"--novarc={novarc}"], tmp_path / "run")
    assert run.outcomes == healthy(), run.output[-3000:]
    assert f"target: --novarc {novarc}" in run.output


def test_suite_passes_through_os_variables(auth_root, tmp_path):
    run = run_acceptance([], tmp_path / "run", env=_v3(auth_root))
    assert run.outcomes == healthy(), run.output[-3000:]
    assert "target: OS_* environment" in run.output
