"""`lxdstack juju-creds` as an operator runs it, against the stand-in `juju` (contract tests: no Juju controller
can run here): files written, and bad input one line with no traceback."""

import os
import subprocess
import sys

import yaml

from lxdstack.novarc import parse_novarc
from support.acceptance import PROJECT
from support.juju import FakeJuju


def lxdstack(env: dict[str, str], cwd, *args: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), **env}
    return subprocess.run([sys.executable, "-m", "lxdstack", "juju-creds", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=120)


def test_juju_creds_writes_a_novarc_and_a_clouds_yaml_entry(tmp_path):
    fake = FakeJuju(tmp_path / "juju", "3.6")
    done = lxdstack(fake.env, tmp_path, "--model", "openstack", "--novarc", "novarc", "--clouds-yaml", "clouds.yaml")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("auth_url=https://10.0.8.12:5000/v3\n"
                           "user=admin domain=admin_domain project=admin (read from keystone/0)\n"
                           "novarc=novarc\nclouds_yaml=clouds.yaml (entry openstack)\n")
    assert parse_novarc(tmp_path / "novarc")["OS_CACERT"] == str(tmp_path / "openstack-ca.pem")
    assert yaml.safe_load((tmp_path / "clouds.yaml").read_text())["clouds"]["openstack"]["auth"]["password"] == \
        "Xo9vTnW4hKb3sdLp"
    assert "Xo9vTnW4hKb3sdLp" not in done.stdout + done.stderr


def test_unknown_model_and_missing_juju_are_one_line_and_exit_2(tmp_path):
    fake = FakeJuju(tmp_path / "juju", "2.9")
    unknown = lxdstack(fake.env, tmp_path, "--model", "ghost")
    assert (unknown.returncode, unknown.stderr) == (
        2, "lxdstack juju-creds: --model ghost: Juju knows no such model (ERROR model admin/ghost not found)\n")
    missing = lxdstack({"PATH": os.path.dirname(sys.executable)}, tmp_path, "--model", "openstack")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    assert missing.stderr.startswith("lxdstack juju-creds: --model openstack: no `juju` command on PATH")
    assert not (tmp_path / "clouds.yaml").exists()
