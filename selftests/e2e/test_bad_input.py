"""Bad input stops the run with one line naming the input, pytest's usage-error exit code, no traceback, and
nothing started. Bad *cloud state* (unreachable, refused) is the preflight's: one cause, every test blocked."""

import json

import pytest
import yaml

from lxdstack.embedded import EmbeddedCloud
from support.acceptance import run_acceptance
from support.outcomes import healthy

USAGE_ERROR = 4
SEED_NOVARC = ("export OS_USERNAME=admin\nexport OS_PASSWORD=openstack\nexport OS_TENANT_NAME=admin\n"
               "export OS_AUTH_URL=${OS_AUTH_PROTOCOL:-http}://`juju run --unit keystone/0 "
               "\"unit-get private-address\"`:5000/v2.0\n")


def _files(tmp_path):
    (tmp_path / "seed-novarc").write_text(SEED_NOVARC)
    (tmp_path / "broken.yaml").write_text("clouds:\n  prod: [unclosed\n")
    (tmp_path / "clouds.yaml").write_text("clouds:\n  prod:\n    auth: {auth_url: 'http://127.0.0.1:9/v3', "
                                          "username: a, password: b, project_name: c}\n")
    (tmp_path / "expect.yaml").write_text("cloud: x\nrelease: y\ntoken_format: uuid\nservices: {}\ncolour: red\n")
    (tmp_path / "scenario.yaml").write_text("name: mine\ndescription: d\nexpects: newton-lxd\nsurprise: 1\n")


CASES = {
    "two-targets": (["--os-cloud", "prod", "--embedded-scenario", "newton-lxd"], {},
                    "--os-cloud and --embedded-scenario both choose a target"),
    "seed-novarc": (["--novarc={tmp}/seed-novarc"], {}, "seed-novarc:4: needs a shell"),
    "missing-novarc": (["--novarc={tmp}/nowhere"], {}, "cannot read"),
    "unknown-cloud": (["--os-cloud", "ghost"], {"OS_CLIENT_CONFIG_FILE": "{tmp}/clouds.yaml"}, "ghost"),
    "malformed-clouds-yaml": (["--os-cloud", "prod"], {"OS_CLIENT_CONFIG_FILE": "{tmp}/broken.yaml"},
                              "not valid YAML at line"),
    "bad-expectations": (["--expectations={tmp}/expect.yaml"], {}, "colour: unknown key"),
    "bad-scenario-file": (["--embedded-scenario={tmp}/scenario.yaml"], {}, "surprise"),
    "unknown-scenario": (["--embedded-scenario", "newton-kvm"], {}, "newton-kvm"),
    "juju-model": (["--juju-model", "openstack"], {}, "--juju-model"),
    "bad-timeout-scale": (["--timeout-scale", "0"], {}, "--timeout-scale 0"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_clear_line(case, tmp_path):
    _files(tmp_path)
    args, env, text = CASES[case]
    args = [a.format(tmp=tmp_path) for a in args]
    env = {k: v.format(tmp=tmp_path) for k, v in env.items()}
    run = run_acceptance(args, tmp_path / "run", env=env)
    assert run.exit_code == USAGE_ERROR, run.output
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR:")]
    assert len(errors) == 1 and text in errors[0], run.output
    assert "Traceback" not in run.output
    assert run.outcomes == {}, "tests ran despite bad input"
    assert not list(run.results.glob("*-result.json")), "results were written despite bad input"


def test_unreachable_auth_url_blocks_every_test_behind_the_preflight(tmp_path):
    _files(tmp_path)
    run = run_acceptance(["--os-cloud", "prod"], tmp_path / "run",
                         env={"OS_CLIENT_CONFIG_FILE": str(tmp_path / "clouds.yaml")})
    _assert_blocked(run, "auth URL http://127.0.0.1:9/v3 unreachable")


def test_refused_credentials_block_every_test_behind_the_preflight(tmp_path):
    with EmbeddedCloud.start("newton-lxd", tmp_path, password="right-password") as cloud:
        config = yaml.safe_load(cloud.clouds_yaml.read_text())
        config["clouds"]["embedded"]["auth"]["password"] = "wrong-password"
        wrong = tmp_path / "wrong.yaml"
        wrong.write_text(yaml.safe_dump(config))
        run = run_acceptance(["--os-cloud", "embedded"], tmp_path / "run",
                             env={"OS_CLIENT_CONFIG_FILE": str(wrong)})
    _assert_blocked(run, "credentials refused by")


def _assert_blocked(run, cause):
    assert run.exit_code == 1, run.output
    assert run.outcomes == dict.fromkeys(healthy(), "error"), run.output[-2000:]
    assert all(m.startswith("lxdstack.errors.PreflightBlocked: blocked by preflight: ") and cause in m
               for m in run.messages.values()), set(run.messages.values())
    preflight = [json.loads(p.read_text()) for p in run.results.glob("*-result.json")]
    preflight = [r for r in preflight if r["name"] == "preflight"]
    assert len(preflight) == 1 and preflight[0]["status"] == "failed"
    assert cause in preflight[0]["statusDetails"]["message"]
