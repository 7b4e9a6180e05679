"""Contract tests of the bring-up's Juju steps against the stand-in `juju` (selftests/support/juju): no controller
can run here. They pin the commands the steps run and how `juju controllers`, `juju models` and `juju status`
decide that a step is done, on the recorded documents of Juju 2.9 and 3.6.

The stand-in only records bootstrap, add-model and deploy; a thin shim in front of it (written below) gives them the
effect Juju's own would have on what the stand-in answers next: a controller listed, a model whose status goes
from empty through settling to active.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import yaml

from lxdstack.bringup import juju_steps
from lxdstack.bringup.plan import execute, options_from
from lxdstack.bringup.steps import StepFailed
from support.juju import FAMILIES, STANDIN, FakeJuju, record

SETTLED_NOW_SECONDS = 0.5   # the settled-now check's look, shortened: at most 3 readings at the gate's 0.25 s pace
SETTLING_READS = 5          # more than that look can read, so that the wait itself is seen to run

SHIM = """#!/usr/bin/env python3
# Gives the stand-in's recorded-only commands their effect on its state folder, then answers as it does.
import json, os, shutil, subprocess, sys
from pathlib import Path
state = Path(os.environ["FAKE_JUJU_DIR"])
args = sys.argv[1:]
if args[:1] not in (["bootstrap"], ["add-model"]):
    os.execv({stand_in!r}, [{stand_in!r}, *args])
code = subprocess.run([{stand_in!r}, *args]).returncode
if code == 0 and args[:1] == ["bootstrap"]:
    names = [a for a in args[1:] if not a.startswith("-") and "=" not in a]
    (state / "controllers.json").write_text(json.dumps({{"controllers": {{names[1]: {{"cloud": names[0]}}}},
                                                         "current-controller": names[1]}}))
if code == 0 and args[:1] == ["add-model"]:
    model = args[args.index("--no-switch") + 1]
    shutil.copytree(state / "staged" / model, state / "models" / model)
sys.exit(code)
"""


def _ntp(doc: dict, juju3: bool) -> dict:
    """The seed bundle's ntp: deployed with no units and related to nothing, so Juju says `unknown`."""
    where = {"base": {"name": "ubuntu", "channel": "22.04"}, "charm-origin": "charmhub"} if juju3 else {
        "series": "xenial", "os": "ubuntu", "charm-origin": "charmstore"}
    doc["applications"]["ntp"] = {"charm": "ntp" if juju3 else "cs:xenial/ntp-41", **where, "charm-name": "ntp",
                                  "charm-rev": 41, "exposed": False,
                                  "application-status": {"current": "unknown", "since": "28 Nov 2026 09:03:02Z"}}
    return doc


@pytest.fixture(params=FAMILIES, ids=[f"juju-{family}" for family in FAMILIES])
def juju(request, tmp_path, monkeypatch):
    """A stand-in Juju of that version with no controller yet: (state folder, bundle of the record's applications).
    Its model waits in `staged/` for `juju add-model`; its status then goes empty, settling, active."""
    family = request.param
    juju3 = family != "2.9"
    active, settling = _ntp(record(family, "active"), juju3), _ntp(record(family, "settling-1"), juju3)
    empty = {**active, "applications": {}, "machines": {}}
    fake = FakeJuju(tmp_path / "juju-state", family).statuses(empty, *[settling] * SETTLING_READS, active)
    (fake.root / "staged").mkdir()
    fake.folder.rename(fake.root / "staged" / fake.model)
    (fake.root / "current-model").unlink()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "juju"
    shim.write_text(SHIM.format(stand_in=str(STANDIN / "juju")))
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    fake.install(monkeypatch)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(juju_steps, "SETTLED_NOW_SECONDS", SETTLED_NOW_SECONDS)
    apps = sorted(active["applications"])
    bundle = tmp_path / "bundle.yaml"
    bundle.write_text(yaml.safe_dump({"applications": {app: {"charm": app} for app in apps},
                                      "relations": [[f"{app}:identity-service", "keystone:identity-service"]
                                                    for app in apps if app not in ("keystone", "ntp")]}))
    return fake, bundle


def _options(tmp_path: Path, bundle: Path):
    return options_from(only="juju", bundle=bundle, settle_timeout=60, novarc=tmp_path / "novarc",
                        clouds_yaml=tmp_path / "clouds.yaml")


def test_contract_fresh_host_runs_every_juju_step_then_a_second_run_skips_them(juju, tmp_path):
    fake, bundle = juju
    titles = ["Juju controller lxd on cloud localhost", "Juju model openstack on controller lxd",
              "deploy bundle.yaml (16 applications) into lxd:openstack",
              "wait until lxd:openstack is settled: every unit active and idle (at most 1 min)",
              f"credentials of lxd:openstack's keystone admin: novarc {tmp_path}/novarc, clouds.yaml "
              f"{tmp_path}/clouds.yaml entry openstack"]
    first, second = [], []
    outcome = execute(_options(tmp_path, bundle), first.append)
    changes = [argv for argv in fake.calls() if argv[0] in ("bootstrap", "add-model", "deploy")]
    execute(_options(tmp_path, bundle), second.append)

    assert first == [line for title in titles for line in (f"do    {title}", f"done  {title}")]
    assert (outcome.done, outcome.skipped, outcome.drifts) == (5, 0, [])
    assert second == [f"skip  {title} (already done)" for title in titles]
    assert changes == [["bootstrap", "localhost", "lxd", "--no-switch", "--config", "default-series=xenial"],
                       ["add-model", "--no-switch", "openstack", "--controller", "lxd"],
                       ["deploy", "--model", "lxd:openstack", str(bundle)]]
    assert [argv for argv in fake.calls() if argv[0] in ("bootstrap", "add-model", "deploy")] == changes, \
        "the second run changed something"
    password = json.loads((fake.folder / "exec.json").read_text())["keystone/0"][
        "leader-get admin_passwd"]["stdout"].strip()
    assert f"export OS_PASSWORD={password}\n" in (tmp_path / "novarc").read_text()
    clouds = yaml.safe_load((tmp_path / "clouds.yaml").read_text())
    assert clouds["clouds"]["openstack"]["auth"]["password"] == password


def test_contract_unit_in_error_stops_the_wait_with_its_status(juju, tmp_path):
    """A unit in error is not waited for: the settle step fails as it looks whether the model is settled, with the
    unit's status, and nothing after it runs."""
    fake, bundle = juju
    broken = _ntp(record(fake.family, "error-unit"), fake.family != "2.9")
    for document in (fake.root / "staged" / fake.model).glob("status-*.json"):
        if document.name != "status-1.json":
            document.write_text(json.dumps(broken))
    said = []
    with pytest.raises(StepFailed) as failed:
        execute(_options(tmp_path, bundle), said.append)
    assert failed.value.step.name == "juju-settled"
    first_line, *findings = failed.value.output.splitlines()
    assert first_line.startswith("Juju model lxd:openstack is unhealthy: ")
    assert any("error" in line for line in findings), failed.value.output
    assert said[-1] == "done  deploy bundle.yaml (16 applications) into lxd:openstack"
    assert not (tmp_path / "novarc").exists()


def test_contract_failing_bootstrap_stops_with_jujus_own_output(juju, tmp_path):
    fake, bundle = juju
    fake.fail("bootstrap", 'ERROR cloud "localhost" not found\n')
    with pytest.raises(StepFailed) as failed:
        execute(_options(tmp_path, bundle), lambda line: None)
    assert failed.value.step.name == "juju-bootstrap"
    assert failed.value.output.splitlines()[-1] == 'ERROR cloud "localhost" not found'
    assert [argv[0] for argv in fake.calls()].count("add-model") == 0
