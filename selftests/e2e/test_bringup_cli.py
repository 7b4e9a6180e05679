"""`lxdstack bring-up` run as an operator runs it (a subprocess): the post-deploy steps on a running embedded cloud,
a failing `juju deploy` of the stand-in juju (contract test: no controller can run here), and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lxdstack.bringup.juju_steps import SEED_BUNDLE
from lxdstack.embedded import EmbeddedCloud
from lxdstack.images import root_tarball
from lxdstack.keys import new_key
from support.juju import FakeJuju, record

PROJECT = Path(__file__).resolve().parents[2]
DEPLOY_FAILS = 'ERROR cannot deploy bundle: cannot resolve charm or bundle "cs:xenial/ceph": no such charm store\n'
# Only m1.tiny, no image, no networks: what a cloud looks like before the seed's post-deploy steps.
FRESH = {"name": "bringup-fresh", "description": "before the post-deploy steps", "base": "newton-lxd",
         "expects": "newton-lxd", "images": [], "network": {"networks": [], "routers": []},
         "compute": {"flavors": [{"name": "m1.tiny", "ram": 512, "disk": 1, "ephemeral": 0, "vcpus": 1}]}}


def bring_up(args: list[str], env: dict[str, str] | None = None, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    environment.update(NO_PROXY="127.0.0.1,localhost", PYTHONPATH=str(PROJECT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "lxdstack", "bring-up", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "id_rsa.pub"
    path.write_text(new_key("bring-up-cli").public_key + "\n")
    return path


def test_post_deploy_on_a_running_cloud_creates_what_is_missing_then_skips_every_step(tmp_path, key):
    scenario = tmp_path / "fresh.yaml"
    scenario.write_text(yaml.safe_dump(FRESH))
    image = tmp_path / "xenial-server-cloudimg-amd64-root.tar.gz"
    image.write_bytes(root_tarball())
    with EmbeddedCloud.start(str(scenario), tmp_path / "cloud", password="bring-up-cli") as cloud:
        args = ["--only=post-deploy", f"--clouds-yaml={cloud.clouds_yaml}", "--cloud-name=embedded",
                f"--public-key={key}", f"--image={image}"]
        first, second = bring_up(args, cwd=tmp_path), bring_up(args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "skip  flavor m1.tiny: 512 MB RAM, 1 GB disk, 0 GB ephemeral, 1 vCPU, public (already done)"
    assert [line[:6] for line in lines[1:-1]] == ["do    ", "done  "] * 8
    assert lines[-1] == "bring-up done: 8 step(s) done, 1 already done"
    assert second.returncode == 0, second.stderr
    assert [line[:6] for line in second.stdout.splitlines()[:-1]] == ["skip  "] * 9
    assert second.stdout.splitlines()[-1] == "bring-up done: 0 step(s) done, 9 already done"
    assert first.stderr == second.stderr == ""


def test_contract_failing_deploy_stops_the_bring_up_with_jujus_output_and_one_line(tmp_path):
    """The stand-in's controller and model exist, the bundle is not deployed, and `juju deploy` fails: the output
    ends with juju's own words, then one line naming the step; nothing after the deploy runs."""
    fake = FakeJuju(tmp_path / "juju", "2.9").statuses({**record("2.9", "active"), "applications": {},
                                                        "machines": {}})
    fake.fail("deploy", DEPLOY_FAILS)
    (fake.root / "controllers.json").write_text(json.dumps({"controllers": {"lxd": {"cloud": "localhost"}}}))
    run = bring_up(["--only=juju", f"--novarc={tmp_path}/novarc", f"--clouds-yaml={tmp_path}/clouds.yaml"],
                   env=fake.env, cwd=tmp_path)
    deploy = "deploy newton-novalxd.yaml (16 applications) into lxd:openstack"
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.splitlines() == ["skip  Juju controller lxd on cloud localhost (already done)",
                                       "skip  Juju model openstack on controller lxd (already done)",
                                       f"do    {deploy}"]
    assert run.stderr.splitlines() == [
        f"$ juju deploy --model lxd:openstack {SEED_BUNDLE}", "exit status 1", DEPLOY_FAILS.strip(),
        f"lxdstack bring-up: step juju-deploy failed: {deploy} (its output is above)"]
    assert [call[0] for call in fake.calls()].count("deploy") == 1
    assert not (tmp_path / "novarc").exists()


@pytest.mark.parametrize("case", ["missing-bundle", "unreadable-key", "no-juju"])
def test_bad_input_is_one_line_without_traceback_and_touches_nothing(case, tmp_path, key):
    (tmp_path / "keydir").mkdir()
    args, env, message = {
        "missing-bundle": ([f"--bundle={tmp_path}/nope.yaml", f"--public-key={key}"], {},
                           f"--bundle {tmp_path}/nope.yaml: cannot read: No such file or directory"),
        "unreadable-key": ([f"--public-key={tmp_path}/keydir"], {},
                           f"--public-key {tmp_path}/keydir: cannot read: Is a directory"),
        "no-juju": (["--only=juju"], {"PATH": str(Path(sys.executable).parent)},
                    "no `juju` command on PATH: install the Juju client (snap install juju) or put the one that "
                    "manages this model on PATH"),
    }[case]
    run = bring_up(args, env=env, cwd=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", f"lxdstack bring-up: {message}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["id_rsa.pub", "keydir"]
