"""The stand-in `juju` itself answers as Juju 2.9 and 3.x do, in the shapes the wrappers parse: if it drifted, the
contract tests of the Juju side would prove nothing."""

import json
import subprocess

import jubilant
import jubilant_backports
import pytest

from support.juju import STANDIN, FakeJuju

JUJU = str(STANDIN / "juju")


def juju(fake: FakeJuju, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([JUJU, *args], capture_output=True, text=True, env={**fake.env}, timeout=30)


@pytest.fixture
def fake29(tmp_path):
    return FakeJuju(tmp_path / "juju-2.9", "2.9")


@pytest.fixture
def fake36(tmp_path):
    return FakeJuju(tmp_path / "juju-3.6", "3.6")


def test_version_answers_as_each_juju_does(fake29, fake36):
    assert json.loads(juju(fake29, "version", "--format", "json").stdout) == "2.9.49-ubuntu-amd64"
    full = json.loads(juju(fake36, "version", "--format", "json", "--all").stdout)
    assert jubilant.Version._from_dict(full).tuple == (3, 6, 1)


def test_status_replays_the_sequence_and_repeats_the_last(fake36):
    fake36.statuses("settling-1", "active")
    first, second, third = (json.loads(juju(fake36, "status", "--model", "openstack", "--format", "json").stdout)
                            for _ in range(3))
    assert first["applications"]["keystone"]["application-status"]["current"] == "waiting"
    assert second == third and second["applications"]["keystone"]["application-status"]["current"] == "active"


def test_exec_answers_in_the_shape_of_each_version(fake29, fake36):
    old = juju(fake29, "exec", "--model", "openstack", "--format", "json", "--unit", "keystone/0", "--timeout", "5s",
               "--", "leader-get admin_passwd")
    assert json.loads(old.stdout) == [{"unit": "keystone/0", "return-code": 0, "stdout": "openstack\n"}]
    compat = juju(fake29, "run", "--format", "json", "--unit", "keystone/leader", "leader-get admin_passwd")
    assert json.loads(compat.stdout) == [{"UnitId": "keystone/0", "ReturnCode": 0, "Stdout": "openstack\n"}]
    new = juju(fake36, "exec", "--format", "json", "--unit", "keystone/leader", "--", "leader-get", "admin_passwd")
    assert json.loads(new.stdout) == {"keystone/0": {"id": "41", "results": {"return-code": 0,
                                                                            "stdout": "Xo9vTnW4hKb3sdLp\n"},
                                                     "status": "completed", "unit": "keystone/0"}}
    actions = juju(fake36, "run", "--unit", "keystone/0", "leader-get admin_passwd")
    assert actions.returncode == 1 and "runs actions on Juju 3" in actions.stderr


def test_failing_command_on_a_unit_fails_as_each_version_reports_it(fake29, fake36, monkeypatch):
    fake36.answer("keystone/0", "false", code=3, stderr="nope\n")
    new = juju(fake36, "exec", "--format", "json", "--unit", "keystone/0", "--", "false")
    assert new.returncode == 1 and "task failed" in new.stderr and 'id "41" with return code 3' in new.stderr
    fake29.answer("keystone/0", "false", code=3, stderr="nope\n")
    old = juju(fake29, "exec", "--format", "json", "--unit", "keystone/0", "--", "false")
    assert old.returncode == 0 and json.loads(old.stdout)[0]["return-code"] == 3
    for fake, module in ((fake36, jubilant), (fake29, jubilant_backports)):
        fake.install(monkeypatch)
        with pytest.raises(module.TaskError) as caught:
            module.Juju(cli_binary=JUJU, model="openstack").exec("false", unit="keystone/0")
        assert (caught.value.task.return_code, caught.value.task.stderr) == (3, "nope\n")


def test_unknown_model_and_unit_and_command_are_errors(fake36):
    assert juju(fake36, "status", "--model", "ghost", "--format", "json").stderr == \
        'ERROR model "admin/ghost" not found\n'
    assert "not found" in juju(fake36, "exec", "--format", "json", "--unit", "nova/9", "--", "true").stderr
    unknown = juju(fake36, "frobnicate")
    assert (unknown.returncode, unknown.stderr) == (1, 'ERROR juju: "frobnicate" is not a juju command. '
                                                       'See "juju --help".\n')


def test_unrecorded_command_is_exit_127_saying_what_to_record(fake36):
    result = json.loads(juju(fake36, "exec", "--format", "json", "--unit", "keystone/0", "--", "uptime").stdout)
    assert result["keystone/0"]["results"] == {
        "return-code": 127, "stderr": "fake juju: nothing recorded for `uptime` on keystone/0 (add it to exec.json)\n"}


def test_bring_up_commands_are_recorded_and_succeed_or_fail_with_the_stored_message(fake36):
    assert juju(fake36, "bootstrap", "localhost", "lxd-controller", "--no-switch").returncode == 0
    assert juju(fake36, "add-model", "--no-switch", "openstack").returncode == 0
    fake36.fail("deploy", "ERROR cannot deploy bundle: charm not found\n")
    deploy = juju(fake36, "deploy", "--model", "openstack", "./bundle.yaml")
    assert (deploy.returncode, deploy.stderr) == (1, "ERROR cannot deploy bundle: charm not found\n")
    assert fake36.calls() == [["bootstrap", "localhost", "lxd-controller", "--no-switch"],
                              ["add-model", "--no-switch", "openstack"],
                              ["deploy", "--model", "openstack", "./bundle.yaml"]]


def test_config_models_and_ssh(fake29):
    config = json.loads(juju(fake29, "config", "--model", "openstack", "--format", "json", "keystone").stdout)
    assert config["settings"]["openstack-origin"]["value"] == "cloud:xenial-newton"
    models = json.loads(juju(fake29, "models", "--format", "json").stdout)
    assert models["models"][0]["short-name"] == "openstack" and models["current-model"] == "openstack"
    ssh = juju(fake29, "ssh", "keystone/0", "unit-get", "private-address")
    assert (ssh.returncode, ssh.stdout) == (0, "10.0.8.12\n")


def test_wrappers_parse_every_recorded_status(fake29, fake36):
    for fake, module in ((fake29, jubilant_backports), (fake36, jubilant)):
        for name in ("settling-1", "settling-2", "active", "error-unit", "lost-agent"):
            fake.statuses(name)
            status = module.Status._from_dict(json.loads(juju(fake, "status", "--format", "json").stdout))
            assert status.model.name == "openstack" and "keystone" in status.apps
