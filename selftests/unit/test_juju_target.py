"""Contract tests of the `--juju-model` target against the stand-in `juju`: the operator's mistakes are usage
errors before anything runs; the model's health is the preflight's, and an unhealthy model is its one cause."""

from pathlib import Path

import pytest

from lxdstack.errors import InputError
from lxdstack.preflight import run_juju_preflight
from lxdstack.target import TargetOptions, resolve_target
from support.juju import FakeJuju, record

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"


@pytest.fixture
def fake(tmp_path, monkeypatch):
    return FakeJuju(tmp_path / "juju", "3.6").install(monkeypatch)


def _resolve(model: str):
    return resolve_target(TargetOptions(juju_model=model), {}, EXPECTATIONS)


def test_juju_model_is_a_target_whose_credentials_wait_for_the_preflight(fake):
    target = _resolve("openstack")
    assert (target.kind, target.label, target.cloud, target.expectations_path) == (
        "juju", "--juju-model openstack", None, str(EXPECTATIONS / "newton-lxd.yaml"))
    assert target.details == {"juju_model": "openstack", "juju_version": "3.6.1-genericlinux-amd64"}
    assert [call[0] for call in fake.calls()] == ["version", "status"], "resolution read more than it needs"


def test_no_juju_on_path_is_a_usage_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError) as caught:
        _resolve("openstack")
    assert str(caught.value) == ("--juju-model openstack: no `juju` command on PATH: install the Juju client "
                                 "(snap install juju) or put the one that manages this model on PATH")


def test_unknown_model_is_a_usage_error(fake):
    with pytest.raises(InputError) as caught:
        _resolve("ghost")
    assert str(caught.value) == '--juju-model ghost: Juju knows no such model (ERROR model "admin/ghost" not found)'


def test_model_without_keystone_is_a_usage_error(fake):
    doc = record("3.6", "active")
    doc["applications"] = {name: app for name, app in doc["applications"].items() if name in ("mysql", "vault")}
    fake.statuses(doc)
    with pytest.raises(InputError) as caught:
        _resolve("openstack")
    assert str(caught.value) == ("--juju-model openstack: the model has no keystone application to read credentials "
                                 "from (it has: mysql, vault)")


def test_controller_out_of_reach_is_left_to_the_preflight(fake):
    fake.fail("status", "ERROR cannot connect to API: connection refused\n")
    assert _resolve("openstack").details == {"juju_model": "openstack", "juju_version": "3.6.1-genericlinux-amd64"}


def test_unhealthy_model_fails_the_preflight_with_the_units_status_and_reads_no_credentials(fake, tmp_path):
    fake.statuses("lost-agent")
    result, spec = run_juju_preflight("openstack", None, tmp_path, settle_deadline=30, login_deadline=5)
    assert (result.ok, spec) == (False, None)
    assert result.cause == (
        "Juju model openstack is unhealthy: neutron-gateway/0: workload unknown (agent lost, see 'juju "
        "show-status-log neutron-gateway/0'); agent lost (agent is not communicating with the server); machine 2 "
        "(down, juju-7f3a21-2); machine 2: agent down (agent is not communicating with the server); instance running "
        "(Running)")
    assert result.details.splitlines()[0].startswith("neutron-gateway/0: workload unknown")
    assert not (tmp_path / "clouds.yaml").exists()
    assert "exec" not in [call[0] for call in fake.calls()], "credentials were read from an unhealthy model"


def test_model_not_settling_in_time_fails_the_preflight_as_a_timeout(fake, tmp_path):
    fake.statuses("settling-1")
    result, spec = run_juju_preflight("openstack", None, tmp_path, settle_deadline=0.3, login_deadline=5)
    assert (result.ok, spec) == (False, None)
    assert result.cause.startswith("Juju model openstack did not settle within 0.3 s: ")
