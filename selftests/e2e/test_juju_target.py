"""Contract tests, end to end: the acceptance suite with `--juju-model`, against the stand-in `juju` (no Juju
controller can run here) replaying recorded `juju status` documents, with keystone/0 put where an embedded cloud's
Keystone answers. The suite resolves the auth URL as for a charm deployment (unit address, `service-port`, /v3);
a loopback proxy on that port adds the embedded cloud's /identity prefix (support/juju/keystone_proxy.py)."""

import json

import pytest

from lxdstack.embedded import EmbeddedCloud
from support.acceptance import run_acceptance
from support.juju import FakeJuju, record
from support.juju.keystone_proxy import KeystoneProxy
from support.outcomes import FLAVORS, HOST0, HOST1, healthy, identity_ids, matrix_id, pki_outcomes

PASSWORD = "juju-contract"
LOG_COMMAND = "tail -n 200 /var/log/nova/nova-compute.log"
UNIT_LOGS = "/var/log/nova/nova-compute.log of the nova-compute units (last 200 lines)"
UNIT_STATUS = "juju status of the nova-compute units"


def _cloud(tmp_path_factory, scenario):
    with EmbeddedCloud.start(scenario, tmp_path_factory.mktemp("cloud"), password=PASSWORD) as cloud, \
            KeystoneProxy(cloud.auth_url.removesuffix("/v3")) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def keystone(tmp_path_factory):
    yield from _cloud(tmp_path_factory, "newton-lxd")


@pytest.fixture(scope="module")
def broken_host_keystone(tmp_path_factory):
    yield from _cloud(tmp_path_factory, "fault-host-boot-errors")


def _seed_model(root, proxy: KeystoneProxy, *statuses: str) -> FakeJuju:
    """The seed's model (Juju 2.9, Newton), its keystone/0 at 127.0.0.1 with service-port on the proxy."""
    documents = []
    for name in statuses:
        document = record("2.9", name)
        document["applications"]["keystone"]["units"]["keystone/0"]["public-address"] = "127.0.0.1"
        documents.append(document)
    fake = FakeJuju(root, "2.9").statuses(*documents).config("keystone", **{"service-port": proxy.port})
    return fake.answer("keystone/0", "leader-get admin_passwd", stdout=f"{PASSWORD}\n")


def _results(run):
    return [json.loads(path.read_text()) for path in run.results.glob("*-result.json")]


def test_settled_model_passes_the_preflight_and_the_identity_tests(keystone, tmp_path):
    fake = _seed_model(tmp_path / "juju", keystone, "settling-1", "settling-2", "active")
    run = run_acceptance(["--juju-model", "openstack", "tests/identity"], tmp_path / "run", env=fake.env)
    assert run.outcomes == {**dict.fromkeys(identity_ids(), "passed"), **pki_outcomes()}, run.output[-3000:]
    assert "target: --juju-model openstack" in run.output
    preflight = next(r for r in _results(run) if r["name"] == "preflight")
    assert preflight["status"] == "passed"
    assert preflight["statusDetails"]["trace"].startswith(
        f"Juju model openstack is settled (15 applications, 17 units active and idle); credentials: "
        f"http://127.0.0.1:{keystone.port}/v3 as admin (domain Default, project admin), from keystone/0 of Juju "
        f"model openstack\nlogged in to http://127.0.0.1:{keystone.port}/v3 as admin")
    calls = fake.calls()
    assert ["config", "--model", "openstack", "--format", "json", "keystone"] in calls
    assert ["exec", "--model", "openstack", "--format", "json", "--unit", "keystone/0", "--timeout", "60s", "--",
            "leader-get admin_passwd"] in calls
    assert calls.count(["status", "--model", "openstack", "--format", "json"]) == 5   # 1 to resolve, 4 to settle
    written = [(tmp_path / "run" / "junit.xml").read_text(), run.output,
               *(path.read_text(errors="replace") for path in run.results.iterdir())]
    assert not [text for text in written if PASSWORD in text], "the admin password reached a report"


def test_model_with_a_unit_in_error_blocks_every_test_naming_the_unit(tmp_path):
    """No cloud is needed: the gate fails before credentials are read."""
    fake = FakeJuju(tmp_path / "juju", "3.6").statuses("settling-2", "error-unit")
    run = run_acceptance(["--juju-model", "openstack"], tmp_path / "run", env=fake.env)
    cause = ('Juju model openstack is unhealthy: nova-compute/0: workload error (hook failed: "config-changed"); '
             "agent idle; machine 0 (started, juju-7f3a21-0)")
    assert run.exit_code == 1, run.output[-2000:]
    assert run.outcomes == dict.fromkeys(healthy(), "error"), run.output[-2000:]
    assert set(run.messages.values()) == {f"lxdstack.errors.PreflightBlocked: blocked by preflight: {cause}"}
    preflight = next(r for r in _results(run) if r["name"] == "preflight")
    assert (preflight["status"], preflight["statusDetails"]["message"]) == ("failed", cause)
    assert f"blocked by preflight: {cause}" in run.output
    assert not [call for call in fake.calls() if call[0] in ("exec", "config")]


def test_unknown_model_is_a_usage_error(tmp_path):
    fake = FakeJuju(tmp_path / "juju", "3.6")
    run = run_acceptance(["--juju-model", "ghost"], tmp_path / "run", env=fake.env)
    assert run.exit_code == 4, run.output
    assert [line for line in run.output.splitlines() if line.startswith("ERROR:")] == [
        'ERROR: --juju-model ghost: Juju knows no such model (ERROR model "admin/ghost" not found)']
    assert "Traceback" not in run.output and run.outcomes == {}


def test_failed_compute_test_carries_nova_compute_log_and_juju_status(broken_host_keystone, tmp_path):
    """fault-host-boot-errors: every build on juju-7f3a21-1 fails; its boot-matrix case fails and carries the
    nova-compute units' log tail (read with juju exec) and their juju status; the passing case carries nothing."""
    fake = _seed_model(tmp_path / "juju", broken_host_keystone, "active")
    recorded = json.loads((fake.folder / "exec.json").read_text())["nova-compute/0"][LOG_COMMAND]["stdout"]
    run = run_acceptance(["--juju-model", "openstack", "--expectations=expectations/newton-lxd-two-hosts.yaml",
                          "-k", "test_flavor_boots_on_host and m1.tiny"], tmp_path / "run", env=fake.env)
    assert run.outcomes == {matrix_id(FLAVORS[0], HOST0): "passed", matrix_id(FLAVORS[0], HOST1): "failed"}, \
        run.output[-3000:]
    cases = [r for r in _results(run) if r["fullName"].endswith("test_flavor_boots_on_host")]
    [failed] = [r for r in cases if r["status"] in ("failed", "broken")]
    [passed] = [r for r in cases if r["status"] == "passed"]
    attachments = {a["name"]: (run.results / a["source"]).read_text() for a in failed["attachments"]}
    assert attachments[UNIT_LOGS] == f"==> nova-compute/0:/var/log/nova/nova-compute.log (last 200 lines) <==\n" \
                                     f"{recorded}"
    status = json.loads(attachments[UNIT_STATUS])
    assert status["units"]["nova-compute/0"]["workload"] == "active: Unit is ready"
    assert not {UNIT_LOGS, UNIT_STATUS} & {a["name"] for a in passed.get("attachments", [])}
    assert ["exec", "--model", "openstack", "--format", "json", "--unit", "nova-compute/0", "--timeout", "60s",
            "--", LOG_COMMAND] in fake.calls()
