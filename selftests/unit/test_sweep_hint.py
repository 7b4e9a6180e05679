"""The "remove them with:" hint a run prints when it had to keep resources: exact for each kind of target."""

from types import SimpleNamespace

from fixtures.hygiene import sweep_command


def _run(kind: str):
    return SimpleNamespace(target=SimpleNamespace(kind=kind, cloud=None), prefix="acc", run_id="2611280900abc")


def test_a_juju_target_writes_the_models_credentials_then_sweeps_that_entry():
    config = SimpleNamespace(option=SimpleNamespace(juju_model="lab:admin/openstack"))
    assert sweep_command(config, _run("juju")) == (
        "lxdstack juju-creds --model lab:admin/openstack --cloud-name acc-2611280900abc-sweep && "
        "lxdstack sweep --os-cloud acc-2611280900abc-sweep --prefix acc-2611280900abc")


def test_an_embedded_target_has_nothing_to_sweep():
    assert sweep_command(SimpleNamespace(option=SimpleNamespace()), _run("embedded")) is None
