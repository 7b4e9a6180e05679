"""pytest's `--bring-up`: the cloud is brought up in the controller before the target is resolved, then the run tests
the resulting model as `--juju-model` does.

Contract tests: Juju is the stand-in `juju` replaying the seed's recorded model (Juju 2.9), whose keystone/0 is put
where an embedded cloud's Keystone answers (support/juju/keystone_proxy.py); the cloud starts without the seed's
post-deploy objects, so the bring-up creates them and the suite's own tests then find them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from lxdstack.embedded import EmbeddedCloud
from lxdstack.images import root_tarball
from lxdstack.keys import new_key
from support.acceptance import run_acceptance
from support.juju import FakeJuju, record
from support.juju.keystone_proxy import KeystoneProxy

PASSWORD = "bring-up-contract"
FRESH = {"name": "bringup-fresh", "description": "before the post-deploy steps", "base": "newton-lxd",
         "expects": "newton-lxd", "images": [], "network": {"networks": [], "routers": []},
         "compute": {"flavors": [{"name": "m1.tiny", "ram": 512, "disk": 1, "ephemeral": 0, "vcpus": 1}]}}
FLAVORS = ("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge")
CHECKED = {**{f"tests/compute/test_flavors.py::test_flavor_matches_expectations[{name}]": "passed"
              for name in FLAVORS},
           **{f"tests/network/test_topology.py::test_network_exists_as_deployed[{name}]": "passed"
              for name in ("ext_net", "internal")},
           "tests/network/test_topology.py::test_router_is_wired_as_deployed[provider-router]": "passed"}


@pytest.fixture
def keystone(tmp_path):
    scenario = tmp_path / "fresh.yaml"
    scenario.write_text(yaml.safe_dump(FRESH))
    with EmbeddedCloud.start(str(scenario), tmp_path / "cloud", password=PASSWORD) as cloud, \
            KeystoneProxy(cloud.auth_url.removesuffix("/v3")) as proxy:
        yield proxy


def _seed_model(root: Path, proxy: KeystoneProxy | None = None) -> tuple[FakeJuju, Path]:
    """The seed's deployed model on controller `lxd` (keystone/0 at 127.0.0.1, service-port on the proxy), and a
    bundle of its applications."""
    document = record("2.9", "active")
    document["applications"]["keystone"]["units"]["keystone/0"]["public-address"] = "127.0.0.1"
    fake = FakeJuju(root / "juju", "2.9").statuses(document)
    if proxy is not None:
        fake.config("keystone", **{"service-port": proxy.port})
    fake.answer("keystone/0", "leader-get admin_passwd", stdout=f"{PASSWORD}\n")
    (fake.root / "controllers.json").write_text(json.dumps({"controllers": {"lxd": {"cloud": "localhost"}}}))
    bundle = root / "bundle.yaml"
    bundle.write_text(yaml.safe_dump({"applications": {app: {"charm": f"cs:xenial/{app}"}
                                                       for app in document["applications"]}}))
    return fake, bundle


def _inputs(tmp_path: Path) -> list[str]:
    key = tmp_path / "id_rsa.pub"
    key.write_text(new_key("bring-up-pytest").public_key + "\n")
    image = tmp_path / "xenial-server-cloudimg-amd64-root.tar.gz"
    image.write_bytes(root_tarball())
    return [f"--bring-up-public-key={key}", f"--bring-up-image={image}", f"--bring-up-dir={tmp_path}"]


def test_bring_up_runs_before_the_target_is_resolved_and_the_suite_then_tests_the_model(keystone, tmp_path):
    """Juju's steps find everything done but the credentials, the post-deploy steps create what the fresh cloud
    lacks, and the flavor and network tests pass on what they created, through `--juju-model lxd:openstack`."""
    fake, bundle = _seed_model(tmp_path, keystone)
    run = run_acceptance(["--bring-up", "--bring-up-only=juju,post-deploy", f"--bring-up-bundle={bundle}",
                          *_inputs(tmp_path), "tests/compute/test_flavors.py", "tests/network/test_topology.py"],
                         tmp_path / "run", env=fake.env)
    assert "target: --juju-model lxd:openstack" in run.output, "the bring-up ran after the target was resolved"
    assert run.outcomes == CHECKED, run.output[-3000:]
    said = [" ".join(line.split()[1:3]) for line in run.output.splitlines() if line.startswith("bring-up: ")]
    assert said == ["skip Juju", "skip Juju", "skip deploy", "skip wait", "do credentials", "done credentials",
                    "skip flavor", *["do flavor", "done flavor"] * 4, "do keypair", "done keypair", "do external",
                    "done external", "do tenant", "done tenant", "do image", "done image", "done: 9"], run.output
    assert "bring-up: done: 9 step(s) done, 5 already done, 0 drift(s)" in run.output
    assert f"export OS_AUTH_URL=http://127.0.0.1:{keystone.port}/v3\n" in (tmp_path / "novarc").read_text()


def test_bring_up_with_another_target_option_is_a_usage_error(tmp_path):
    run = run_acceptance(["--bring-up", "--os-cloud", "prod"], tmp_path / "run")
    assert run.exit_code == 4, run.output
    assert [line for line in run.output.splitlines() if line.startswith("ERROR:")] == [
        "ERROR: --bring-up and --os-cloud both choose a target: give only one"]
    assert "Traceback" not in run.output and "bring-up:" not in run.output and run.outcomes == {}


def test_contract_failing_step_ends_the_run_with_jujus_output_before_any_test(tmp_path):
    """A deploy that fails stops the run with exit status 1: juju's words, then one line naming the step; no test
    runs, no result is written."""
    fake, bundle = _seed_model(tmp_path)
    fake.statuses({**record("2.9", "active"), "applications": {}, "machines": {}})
    fake.fail("deploy", "ERROR cannot add application \"keystone\": application already exists\n")
    run = run_acceptance(["--bring-up", "--bring-up-only=juju", f"--bring-up-bundle={bundle}",
                          f"--bring-up-dir={tmp_path}"], tmp_path / "run", env=fake.env)
    assert run.exit_code == 1, run.output
    lines = run.output.splitlines()
    assert 'ERROR cannot add application "keystone": application already exists' in lines
    assert lines[-1] == ("Exit: lxdstack --bring-up: step juju-deploy failed: deploy bundle.yaml (15 applications) "
                         "into lxd:openstack (its output is above)")
    assert "Traceback" not in run.output and run.outcomes == {}
    assert not list(run.results.glob("*-result.json"))
