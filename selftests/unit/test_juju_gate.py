"""Contract tests of the Juju health gate: recorded `juju status --format=json` documents of Juju 2.9 and 3.6,
replayed by the stand-in `juju` (selftests/support/juju), read through jubilant / jubilant-backports."""

import json

import jubilant
import pytest

from lxdstack.errors import CloudTimeout
from lxdstack.juju.client import connect
from lxdstack.juju.errors import JujuCommandFailed, ModelNotSettled, ModelUnhealthy
from lxdstack.juju.expectations import ApplicationAllowance, JujuExpectation
from lxdstack.juju.gate import wait_settled
from lxdstack.juju.health import assess
from support.juju import FAMILIES, record

NOVA_COMPUTE_ERROR = ('nova-compute/0: workload error (hook failed: "config-changed"); agent idle; '
                      "machine 0 (started, juju-7f3a21-0)")
LOST = ("neutron-gateway/0: workload unknown (agent lost, see 'juju show-status-log neutron-gateway/0'); "
        "agent lost (agent is not communicating with the server); machine 2 (down, juju-7f3a21-2)")
MACHINE_DOWN = "machine 2: agent down (agent is not communicating with the server); instance running (Running)"


def _status(fake_juju, family, name):
    fake_juju(family, name)
    return connect("openstack").status()


@pytest.mark.parametrize("family", FAMILIES)
def test_settled_record_is_healthy(family, fake_juju):
    verdict = assess(_status(fake_juju, family, "active"))
    assert verdict.healthy and verdict.findings == ()
    assert verdict.summary() == "15 applications, 17 units active and idle"


@pytest.mark.parametrize("family", FAMILIES)
def test_error_unit_is_fatal_and_named_with_its_status(family, fake_juju):
    verdict = assess(_status(fake_juju, family, "error-unit"))
    assert [f.line() for f in verdict.fatal] == [NOVA_COMPUTE_ERROR]


@pytest.mark.parametrize("family", FAMILIES)
def test_lost_agent_and_down_machine_are_fatal(family, fake_juju):
    verdict = assess(_status(fake_juju, family, "lost-agent"))
    assert [f.line() for f in verdict.fatal] == [LOST, MACHINE_DOWN]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("name", ["settling-1", "settling-2"])
def test_settling_record_is_not_healthy_and_not_fatal(family, name, fake_juju):
    verdict = assess(_status(fake_juju, family, name))
    assert not verdict.healthy and verdict.fatal == []
    subjects = {f.subject for f in verdict.findings}
    assert "keystone/0" in subjects


def test_settling_record_names_what_is_still_busy(fake_juju):
    verdict = assess(_status(fake_juju, "3.6", "settling-2"))
    assert [f.line() for f in verdict.findings if f.subject == "keystone/0"] == [
        "keystone/0: workload maintenance (Installing packages); agent executing (running shared-db-relation-changed "
        "hook); machine 1 (started, juju-7f3a21-1)"]


@pytest.mark.parametrize("family", FAMILIES)
def test_wait_settled_returns_once_the_model_settles(family, fake_juju):
    juju = fake_juju(family, "settling-1", "settling-2", "active")
    status = wait_settled("openstack", deadline=10, interval=0.01)
    assert status.apps["keystone"].app_status.current == "active"
    # two settling documents, then healthy twice in a row
    assert [c for c in juju.calls() if c[0] == "status"] == [["status", "--model", "openstack", "--format", "json"]] * 4


@pytest.mark.parametrize("family", FAMILIES)
def test_wait_settled_fails_fast_naming_the_unit_in_error(family, fake_juju):
    juju = fake_juju(family, "settling-2", "error-unit")
    with pytest.raises(ModelUnhealthy) as caught:
        wait_settled("openstack", deadline=60, interval=0.01)
    assert str(caught.value) == f"Juju model openstack is unhealthy: {NOVA_COMPUTE_ERROR}"
    assert len([c for c in juju.calls() if c[0] == "status"]) == 2, "it waited on after the error"


def test_wait_settled_fails_fast_on_a_lost_agent(fake_juju):
    fake_juju("2.9", "lost-agent")
    with pytest.raises(ModelUnhealthy) as caught:
        wait_settled("openstack", deadline=60, interval=0.01)
    assert str(caught.value) == f"Juju model openstack is unhealthy: {LOST}; {MACHINE_DOWN}"
    assert caught.value.findings == [LOST, MACHINE_DOWN]


def test_model_still_settling_at_the_deadline_is_a_timeout_naming_the_busy_units(fake_juju):
    fake_juju("3.6", "settling-2")
    with pytest.raises(ModelNotSettled) as caught:
        wait_settled("openstack", deadline=0.5, interval=0.05)
    assert isinstance(caught.value, CloudTimeout)
    assert str(caught.value) == (
        "Juju model openstack did not settle within 0.5 s: "
        "cinder/0: workload waiting (Incomplete relations: identity); agent idle; machine 8 (started, juju-7f3a21-8); "
        "glance/0: workload waiting (Incomplete relations: identity); agent idle; machine 5 (started, juju-7f3a21-5); "
        "keystone/0: workload maintenance (Installing packages); agent executing (running shared-db-relation-changed "
        "hook); machine 1 (started, juju-7f3a21-1); "
        "neutron-gateway/0: workload waiting (Incomplete relations: messaging); agent idle; "
        "machine 2 (started, juju-7f3a21-2); "
        "nova-compute/0: workload waiting (Incomplete relations: messaging, image); agent idle; "
        "machine 0 (started, juju-7f3a21-0)")


def test_timeout_message_shows_five_findings_and_counts_the_rest(fake_juju):
    fake_juju("2.9", "settling-1")
    with pytest.raises(ModelNotSettled) as caught:
        wait_settled("openstack", deadline=0.2, interval=0.05)
    findings = caught.value.findings
    assert len(findings) > 5
    assert str(caught.value).endswith(f"{findings[4]}; and {len(findings) - 5} more")
    assert "machine 3: agent pending; instance allocating (Creating container)" in findings


def test_allowed_statuses_make_a_blocked_application_healthy(fake_juju):
    doc = record("3.6", "active")
    radosgw = doc["applications"]["ceph-radosgw"]
    for info in (radosgw["application-status"], radosgw["units"]["ceph-radosgw/0"]["workload-status"]):
        info.update(current="blocked", message="Missing relations: object-store")
    fake_juju("3.6").statuses(doc)
    status = connect("openstack").status()
    assert [f.line() for f in assess(status).findings] == [
        "ceph-radosgw/0: workload blocked (Missing relations: object-store); agent idle; "
        "machine 13 (started, juju-7f3a21-13)"]
    allowed = JujuExpectation(applications={"ceph-radosgw": ApplicationAllowance(workload=("active", "blocked"),
                                                                                  message="^Missing relations")})
    assert assess(status, allowed).healthy
    other_message = JujuExpectation(applications={"ceph-radosgw": ApplicationAllowance(workload=("blocked",),
                                                                                        message="^Vault")})
    assert not assess(status, other_message).healthy
    assert wait_settled("openstack", 5, allow={"ceph-radosgw": ["active", "blocked"]}, interval=0.01)


def test_machine_that_failed_to_provision_is_fatal(fake_juju):
    doc = record("2.9", "active")
    doc["machines"]["9"]["machine-status"] = {"current": "provisioning error", "message": "Failed creating instance "
                                              "record: image not found", "since": "28 Nov 2026 09:11:17Z"}
    fake_juju("2.9").statuses(doc)
    assert [f.line() for f in assess(connect("openstack").status()).fatal] == [
        "machine 9: agent started; instance provisioning error (Failed creating instance record: image not found)"]


def test_subordinate_application_without_units_is_judged_by_its_application_status(fake_juju):
    doc = record("3.6", "active")
    doc["applications"]["ntp"] = {**{k: doc["applications"]["neutron-openvswitch"][k] for k in
                                     ("base", "charm-origin", "charm-rev", "exposed")},
                                  "charm": "ntp", "charm-name": "ntp", "subordinate-to": ["nova-compute"],
                                  "application-status": {"current": "unknown", "since": "28 Nov 2026 09:11:17Z"}}
    fake_juju("3.6").statuses(doc)
    status = connect("openstack").status()
    assert [f.line() for f in assess(status).findings] == ["application ntp: status unknown"]
    assert assess(status, JujuExpectation(applications={"ntp": ApplicationAllowance(workload=("unknown",))})).healthy


def test_juju_29_documents_need_jubilant_backports():
    """Why the wrapper is picked by `juju version`: 2.9 lists a relation's applications as plain names."""
    with pytest.raises(AttributeError):
        jubilant.Status._from_dict(record("2.9", "active"))


@pytest.mark.parametrize(("family", "wrapper", "wait"), [("2.9", "jubilant_backports", "--timeout"),
                                                          ("3.6", "jubilant", "--wait")])
def test_wrapper_is_chosen_by_juju_version(family, wrapper, wait, fake_juju):
    juju = fake_juju(family, "active")
    client = connect("openstack")
    assert type(client.cli).__module__.split(".")[0] == wrapper
    assert client.run("keystone/0", "leader-get admin_passwd", timeout=30) == json.loads(
        (juju.folder / "exec.json").read_text())["keystone/0"]["leader-get admin_passwd"]["stdout"]
    assert juju.calls()[-1] == ["exec", "--model", "openstack", "--format", "json", "--unit", "keystone/0",
                                wait, "30s", "--", "leader-get admin_passwd"]


def test_status_the_wrapper_cannot_read_is_one_clear_error(fake_juju):
    doc = record("3.6", "active")
    del doc["applications"]["keystone"]["charm"]
    fake_juju("3.6").statuses(doc)
    with pytest.raises(JujuCommandFailed) as caught:
        wait_settled("openstack", 5)
    assert str(caught.value) == ("`juju status` for model openstack gave a document the Juju 3.6.1-genericlinux-amd64 "
                                 "wrapper cannot read: KeyError: 'charm'")


def test_controller_out_of_reach_is_a_juju_error_naming_its_message(fake_juju):
    fake_juju("3.6").fail("status", "ERROR cannot connect to API: dial tcp 10.0.8.2:17070: connect: no route to host\n")
    with pytest.raises(JujuCommandFailed) as caught:
        wait_settled("openstack", 5)
    assert str(caught.value) == ("`juju status` for model openstack failed: ERROR cannot connect to API: dial tcp "
                                 "10.0.8.2:17070: connect: no route to host")


def test_no_model_means_the_controllers_current_model(fake_juju):
    juju = fake_juju("2.9", "active")
    assert wait_settled(None, deadline=5, interval=0.01).model.name == "openstack"
    assert juju.calls()[-1] == ["status", "--format", "json"]
